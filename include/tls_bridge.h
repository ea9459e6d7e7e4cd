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
 * connection is bound, and why not.
 *
 * Bridging: where both ends' sockets are latched (RFC 5660) to SAs that
 * encrypt and authenticate, a bound connection can skip TLS's own
 * encryption (tls_bridge_set_bridging()): on TLS 1.2 with a NULL cipher
 * suite (ECDHE, a certificate, HMAC-SHA1; SSL_read and SSL_write go on
 * as before), on TLS 1.3 by handing the application the socket itself
 * once the handshake is over (tls_bridge_hand_over()).
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
 * tls_bridge_error_string() explains; each failure is also put on
 * OpenSSL's error queue, under the error library "tls-bridge", and so is
 * each handshake that tls-bridge fails, with the reason.
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

#define TLS_BRIDGE_E_INVALID (-1)       /* a NULL argument, or a value out of range */
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
	TLS_BRIDGE_BOUND = 1,   /* both ends verified the same IPsec channel binding */
	TLS_BRIDGE_BRIDGED = 2, /* bound, and TLS does not encrypt the application's data */
};

/* Ways of skipping TLS's encryption on a bound, latched connection. */
#define TLS_BRIDGE_NULL_CIPHER 0x01 /* TLS 1.2: a NULL cipher suite */
#define TLS_BRIDGE_HAND_OVER 0x02   /* TLS 1.3: the application takes the socket */

/*
 * Registers tls-bridge on ctx, for client or server connections: the
 * extension, a ClientHello callback (SSL_CTX_set_client_hello_cb), which
 * calls the application's (tls_bridge_set_client_hello_cb()) and then
 * checks the client's offer, and a security callback wrapped around
 * ctx's.  Once per SSL_CTX, before its SSLs are made.  With
 * TLS_BRIDGE_REQUIRE, a client does not resume sessions; on a server, a
 * bound connection's session is resumed only by one bound again on the
 * same SSL_CTX.
 */
int tls_bridge_enable(SSL_CTX *ctx, enum tls_bridge_policy policy);

/*
 * The application's ClientHello callback on a server's ctx, before or
 * after tls_bridge_enable(): tls-bridge's callback calls it first (it
 * may switch the SSL's SSL_CTX, whose settings tls-bridge's check then
 * applies) and passes on what it returns other than success
 * (SSL_CLIENT_HELLO_RETRY, or SSL_CLIENT_HELLO_ERROR and its alert).
 * cb NULL: none.  OpenSSL cannot tell tls-bridge of a callback set with
 * SSL_CTX_set_client_hello_cb() before tls_bridge_enable(), which
 * replaces it.
 */
int tls_bridge_set_client_hello_cb(SSL_CTX *ctx, SSL_client_hello_cb_fn cb, void *arg);

/*
 * tls-bridge's check of the ClientHello, for an application that sets its
 * own ClientHello callback after tls_bridge_enable() and calls this from
 * it: SSL_CLIENT_HELLO_SUCCESS, or SSL_CLIENT_HELLO_ERROR with *al set.
 * A server handshake in which the check did not run fails.
 */
int tls_bridge_client_hello(SSL *ssl, int *al);

/*
 * Which ways of bridging ctx's connections may take (TLS_BRIDGE_NULL_CIPHER,
 * TLS_BRIDGE_HAND_OVER, or 0, the default, for binding only); after
 * tls_bridge_enable(), before ctx's connections are attached.
 * A connection bridges only when both ends allow the same way and both
 * sockets are latched to SAs with at least LEVEL_MEDIUM privacy and
 * integrity (tls_bridge_attach()).  TLS_BRIDGE_HAND_OVER changes how the
 * application does its I/O (tls_bridge_hand_over()); the NULL suite's MAC
 * (HMAC-SHA1) costs more CPU than AES-GCM on processors with AES
 * instructions: tls_bridge_set_bridging(3) has the figures.
 */
int tls_bridge_set_bridging(SSL_CTX *ctx, unsigned int modes);

/*
 * The IPsec channel of ssl's connection: the connected socket fd, whose
 * unique channel binding and latch libipsecapi reads from the kernel now
 * (itself with CAP_NET_ADMIN, else through its broker, ipsecapid).
 * Before the handshake, and after
 * the cipher list is set (a socket that can bridge adds the NULL cipher
 * suites to ssl's list).  TLS_BRIDGE_E_IPSEC if the socket has none (not
 * protected in both directions by an SA pair).  ssl must read and write
 * this very socket (SSL_set_fd()) to bridge.
 */
int tls_bridge_attach(SSL *ssl, int fd);

/* Or the binding itself (RFC 5056 form, 1 to 128 octets), as the
 * application had it; such a connection binds but never bridges. */
int tls_bridge_set_ipsec_binding(SSL *ssl, const uint8_t *binding, size_t len);

/* After the handshake: whether ssl is bound or bridged; *why (if why is
 * not NULL) is a sentence on why not, or on what holds.  After a
 * handshake that tls-bridge failed, *why says why. */
enum tls_bridge_status tls_bridge_get_status(const SSL *ssl, const char **why);

/*
 * A bridged TLS 1.3 connection after its handshake: returns the socket,
 * on which the application carries on without TLS (the SA encrypts), and
 * closes ssl to further I/O: SSL_write fails, SSL_read reads end of
 * file, SSL_shutdown sends nothing (a close_notify would be noise in
 * the clear stream).  The connection ends with shutdown(2) or close(2)
 * of the socket, which the SA protects like the data.
 * TLS_BRIDGE_E_STATE if ssl is not bridged that way (not bridged, or
 * bridged with a NULL cipher, where SSL_read and SSL_write go on), or if
 * TLS has read past its handshake.
 */
int tls_bridge_hand_over(SSL *ssl);

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
