/* SPDX-License-Identifier: BSD-2-Clause */
/* Both ends of a TLS connection in one process, joined by a BIO pair or a
 * socket pair, with a self-signed server certificate made for the test. */
#ifndef TLS_PAIR_H
#define TLS_PAIR_H

#include <openssl/ssl.h>
#include <stddef.h>
#include <stdint.h>

enum tls_pair_cert {
	TLS_PAIR_ECDSA_P256_SHA256,
	TLS_PAIR_ECDSA_P384_SHA384,
	TLS_PAIR_RSA_PSS_SHA384,
	TLS_PAIR_RSA_SHA1, /* needs security level 0 */
	TLS_PAIR_ED25519,
};

struct tls_pair {
	SSL_CTX *server_ctx, *client_ctx;
	SSL *server, *client;
	X509 *cert;
	EVP_PKEY *key;
};

/* Contexts for exactly one TLS version (TLS1_2_VERSION or TLS1_3_VERSION)
 * and a new certificate of the kind given; the client verifies nothing.
 * 0, or -1. */
int tls_pair_init(struct tls_pair *p, enum tls_pair_cert cert, int version);

/* A new connection (with p->client and p->server if the caller made
 * them), resuming session when it is not NULL; runs both handshakes to
 * their end.  0, or -1. */
int tls_pair_connect(struct tls_pair *p, SSL_SESSION *session);

/* The same over a connected pair of non-blocking sockets (the SSLs read
 * and write them; the caller closes them). */
int tls_pair_connect_sockets(struct tls_pair *p, int client_fd, int server_fd,
			     SSL_SESSION *session);

/* Extension data that a hostile peer sends in place of tls-bridge's. */
struct tls_pair_raw {
	const uint8_t *data;
	size_t len;
};

/* Registers extension type on ctx, whatever comes in accepted, and r's
 * data sent in the ClientHello (a client) or in the ServerHello or
 * EncryptedExtensions (a server).  1, or 0. */
int tls_pair_raw_extension(SSL_CTX *ctx, unsigned int type, struct tls_pair_raw *r);

/* Ends the connection (not the contexts). */
void tls_pair_disconnect(struct tls_pair *p);

void tls_pair_free(struct tls_pair *p);

#endif
