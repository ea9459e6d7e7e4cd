/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tls-bridge: OpenSSL 3 helpers for binding TLS to the IPsec channel that
 * carries it.
 *
 * Binding: tls_bridge_enable() registers a TLS extension on an SSL_CTX;
 * each connection is given its IPsec channel (tls_bridge_attach(), or the
 * channel binding itself); the client offers its IPsec channel binding
 * in the ClientHello, the server compares it with its own before the
 * cipher is chosen and answers with its verdict, and the handshake
 * transcript covers both.  tls_bridge_get_status() then says whether the
 * connection is bound, and why not.  (Skipping TLS's encryption on bound
 * connections is not built yet.)
 *
 * Channel bindings of TLS itself (RFC 5056 data), as the IANA registry
 * names them:
 *   tls-exporter          RFC 9266: 32 octets exported with the label
 *                         "EXPORTER-Channel-Binding" and an empty context.
 *                         On TLS 1.2 only with the extended master secret
 *                         (RFC 7627) and renegotiation disabled.
 *   tls-server-end-point  RFC 5929 4.1: the hash of the server's
 *                         certificate, with the hash of its signature
 *                         algorithm (SHA-256 for MD5 and SHA-1).
 *   tls-unique            RFC 5929 3.1: the first Finished message of the
 *                         handshake; not defined for TLS 1.3.
 *
 * Functions return 0 or a negative TLS_BRIDGE_E_* code, which
 * tls_bridge_error_string() explains.
 */
#ifndef TLS_BRIDGE_H
#define TLS_BRIDGE_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/ssl.h>

#ifdef __cplusplus
extern "C" {
#endif

enum tls_bridge_cb_type {
	TLS_BRIDGE_CB_TLS_UNIQUE = 1,
	TLS_BRIDGE_CB_TLS_SERVER_END_POINT = 2,
	TLS_BRIDGE_CB_TLS_EXPORTER = 3,
};

/* The longest channel binding: a SHA-512 digest. */
#define TLS_BRIDGE_CB_MAX_LEN 64

#define TLS_BRIDGE_E_INVALID (-1)       /* a NULL argument, or an unknown type */
#define TLS_BRIDGE_E_UNSUPPORTED (-2)   /* the type is not defined for this connection */
#define TLS_BRIDGE_E_NOT_AVAILABLE (-3) /* defined, but cannot be had (yet) */
#define TLS_BRIDGE_E_BUFFER (-4)        /* out is too short: *len says what is needed */
#define TLS_BRIDGE_E_CRYPTO (-5)        /* libcrypto failed */
#define TLS_BRIDGE_E_STATE (-6)         /* not at this point of the connection */
#define TLS_BRIDGE_E_IPSEC (-7)         /* the socket gives no IPsec binding */
#define TLS_BRIDGE_E_NO_MEMORY (-8)

enum tls_bridge_policy {
	TLS_BRIDGE_DISABLE = 0, /* no extension: ordinary TLS */
	TLS_BRIDGE_PREFER = 1,  /* bind where both ends can; ordinary TLS where not */
	TLS_BRIDGE_REQUIRE = 2, /* a connection that cannot be bound fails its handshake */
};

enum tls_bridge_status {
	TLS_BRIDGE_NOT_BOUND = 0,
	TLS_BRIDGE_BOUND = 1, /* both ends verified the same IPsec channel binding */
};

/*
 * Registers tls-bridge on ctx, for client or server connections: the
 * extension, and on a server the ClientHello callback (which it takes
 * over: SSL_CTX_set_client_hello_cb) and on a client a security
 * callback wrapped around ctx's.  Once per SSL_CTX, before its SSLs are
 * made.  With TLS_BRIDGE_REQUIRE, a client does not resume sessions.
 */
int tls_bridge_enable(SSL_CTX *ctx, enum tls_bridge_policy policy);

/*
 * The IPsec channel of ssl's connection: the connected socket fd, whose
 * unique channel binding libipsecapi reads from the kernel now (the
 * process needs CAP_NET_ADMIN).  Before the handshake.
 * TLS_BRIDGE_E_IPSEC if the socket has none (not protected in both
 * directions by an SA pair).
 */
int tls_bridge_attach(SSL *ssl, int fd);

/* Or the binding itself (RFC 5056 form, 1 to 128 octets), as the
 * application had it. */
int tls_bridge_set_ipsec_binding(SSL *ssl, const uint8_t *binding, size_t len);

/* After the handshake: whether ssl is bound; *why (if why is not NULL)
 * is a sentence on why not, or on what holds.  After a handshake that
 * tls-bridge failed (TLS_BRIDGE_REQUIRE), *why says why. */
enum tls_bridge_status tls_bridge_get_status(const SSL *ssl, const char **why);

/*
 * The channel binding of type for ssl, into out (*len octets of room; on
 * return, the binding's length).  ssl's handshake must be complete.
 * Fails with TLS_BRIDGE_E_UNSUPPORTED for tls-unique on TLS 1.3 and for
 * tls-server-end-point with a certificate whose signature uses no single
 * hash (Ed25519); with TLS_BRIDGE_E_NOT_AVAILABLE before the handshake
 * ends, for tls-exporter on TLS 1.2 without the extended master secret or
 * with renegotiation allowed, and for tls-server-end-point without a
 * server certificate.
 */
int tls_bridge_channel_binding(SSL *ssl, enum tls_bridge_cb_type type, uint8_t *out,
			       size_t *len);

/* The IANA name of type ("tls-exporter" ...), or NULL. */
const char *tls_bridge_cb_type_name(enum tls_bridge_cb_type type);

/* A sentence for a TLS_BRIDGE_E_* code (or 0). */
const char *tls_bridge_error_string(int code);

#ifdef __cplusplus
}
#endif

#endif
