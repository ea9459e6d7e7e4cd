/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What tls_bound_client and tls_bound_server share (tls_bound_common.h).
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <tls_bridge.h>

#include "tls_bound_common.h"

int parse_tls_options(int argc, char **argv, int operands, struct tls_options *o)
{
	static const char *const policies[] = { "disable", "prefer", "require" };
	static const char *const modes[] = { "none", "null", "hand-over" };
	unsigned int i;
	int opt;

	o->policy = TLS_BRIDGE_REQUIRE;
	o->modes = 0;
	o->server_name = NULL;
	while ((opt = getopt(argc, argv, "p:m:n:")) != -1) {
		if (opt == 'n') {
			o->server_name = optarg;
			continue;
		}
		for (i = 0; i < 3; i++) {
			if (strcmp(optarg, opt == 'p' ? policies[i] : modes[i]) == 0) {
				break;
			}
		}
		if (i == 3 || (opt != 'p' && opt != 'm')) {
			return -1;
		}
		if (opt == 'p') {
			o->policy = (enum tls_bridge_policy)i;
		} else {
			o->modes = i; /* none 0, TLS_BRIDGE_NULL_CIPHER 1, TLS_BRIDGE_HAND_OVER 2 */
		}
	}
	return argc - optind == operands ? 0 : -1;
}

int configure_tls_bridge(SSL_CTX *ctx, const struct tls_options *o)
{
	/* The NULL suites exist in TLS 1.2 only; the hand-over is TLS 1.3's. */
	int ok = (o->modes != TLS_BRIDGE_NULL_CIPHER ||
		  SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION) == 1) &&
		 (o->modes != TLS_BRIDGE_HAND_OVER ||
		  SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) == 1) &&
		 tls_bridge_enable(ctx, o->policy) == 0 &&
		 (o->policy == TLS_BRIDGE_DISABLE || tls_bridge_set_bridging(ctx, o->modes) == 0);

	if (!ok) {
		ERR_print_errors_fp(stderr);
	}
	return ok ? 0 : -1;
}

void attach_channel(SSL *ssl, int fd, const struct tls_options *o)
{
	if (o->policy != TLS_BRIDGE_DISABLE && tls_bridge_attach(ssl, fd) != 0) {
		fprintf(stderr, "no IPsec channel to bind to:\n");
		ERR_print_errors_fp(stderr);
	}
}

int handed_over_socket(SSL *ssl)
{
	static const char *const names[] = { "not bound", "bound", "bridged" };
	const char *why = NULL;
	enum tls_bridge_status status = tls_bridge_get_status(ssl, &why);
	int raw = -1;

	printf("status: %s (%s)\n", names[status], why);
	printf("cipher: %s %s\n", SSL_get_version(ssl), SSL_get_cipher_name(ssl));
	if (status == TLS_BRIDGE_BRIDGED && SSL_version(ssl) == TLS1_3_VERSION) {
		raw = tls_bridge_hand_over(ssl);
	}
	printf("transport: %s\n", raw >= 0 ? "socket" : "tls");
	return raw;
}

int write_line(SSL *ssl, int raw, const char *line)
{
	char buf[1024];
	int n = snprintf(buf, sizeof(buf), "%s\n", line);

	if (n < 0 || n >= (int)sizeof(buf)) {
		return -1;
	}
	/* One write, so that the peer's one read gets the whole line. */
	return (raw >= 0 ? write(raw, buf, (size_t)n) : SSL_write(ssl, buf, n)) == n ? 0 : -1;
}

int read_line(SSL *ssl, int raw, char *line, int size)
{
	int n = raw >= 0 ? (int)read(raw, line, (size_t)size - 1) : SSL_read(ssl, line, size - 1);

	if (n <= 0) {
		return -1;
	}
	line[n] = '\0';
	line[strcspn(line, "\n")] = '\0';
	return (int)strlen(line);
}

void end_connection(SSL *ssl, int raw)
{
	if (raw >= 0) {
		shutdown(raw, SHUT_WR);
	} else {
		SSL_shutdown(ssl);
	}
}
