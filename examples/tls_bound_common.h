/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What tls_bound_client and tls_bound_server share: their options, the
 * SSL_CTX's tls-bridge settings, the connection's channel, and one line
 * through TLS or, after a hand-over, over the socket.
 */
#ifndef TLS_BOUND_COMMON_H
#define TLS_BOUND_COMMON_H

#include <openssl/ssl.h>
#include <tls_bridge.h>

struct tls_options {
	enum tls_bridge_policy policy; /* -p require|prefer|disable */
	unsigned int modes;            /* -m none|null|hand-over */
	const char *server_name;       /* -n NAME */
};

/* Reads the options and checks that `operands` operands follow: 0, or -1
 * on a usage error.  optind is the first operand. */
int parse_tls_options(int argc, char **argv, int operands, struct tls_options *o);

/* tls-bridge on ctx with o's policy and way of bridging (and the TLS
 * version that way needs): 0, or -1 with the errors on stderr. */
int configure_tls_bridge(SSL_CTX *ctx, const struct tls_options *o);

/* ssl's IPsec channel: fd's, unless tls-bridge is disabled.  A socket
 * without IPsec is left to the policy: require fails the handshake,
 * prefer makes plain TLS. */
void attach_channel(SSL *ssl, int fd, const struct tls_options *o);

/* After the handshake: prints the connection's state and returns the
 * socket to carry on over when TLS 1.3 handed it over, or -1 for TLS. */
int handed_over_socket(SSL *ssl);

/* One line (without its newline) through TLS, or over raw when >= 0. */
int write_line(SSL *ssl, int raw, const char *line);
int read_line(SSL *ssl, int raw, char *line, int size); /* its length, or -1 */

/* The end of the connection: a close_notify, or shutdown(2) of raw. */
void end_connection(SSL *ssl, int raw);

#endif
