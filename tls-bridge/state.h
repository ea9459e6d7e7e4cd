/* SPDX-License-Identifier: BSD-2-Clause */
/* What tls-bridge keeps per SSL_CTX and per SSL, in OpenSSL's ex_data. */
#ifndef TLS_BRIDGE_STATE_H
#define TLS_BRIDGE_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include <tls_bridge.h>

#include "extension.h"

struct btns_channel_follower;
struct btns_latch_source;

typedef int (*tls_bridge_security_cb)(const SSL *, const SSL_CTX *, int, int, int, void *,
				      void *);

struct tls_bridge_ctx {
	bool enabled; /* tls_bridge_enable() was called */
	enum tls_bridge_policy policy;
	unsigned int modes;              /* TLS_BRIDGE_NULL_CIPHER, _HAND_OVER */
	tls_bridge_security_cb security; /* the one tls-bridge wraps */
	SSL_client_hello_cb_fn app_client_hello; /* called before tls-bridge's check */
	void *app_client_hello_arg;
	/* The session id context of the sessions of bound connections that
	 * tls-bridge's check judged on this SSL_CTX (sessions.h); random. */
	unsigned char bound_context[SSL_MAX_SID_CTX_LENGTH];
};

struct tls_bridge_conn {
	bool has_binding;
	uint8_t binding_len;
	uint8_t binding[TLS_BRIDGE_BINDING_MAX];
	uint8_t wire[3 + TLS_BRIDGE_BINDING_MAX]; /* the client's offer, while sent */
	uint8_t reply[2];                         /* the server's verdict, while sent */
	int fd;           /* the attached socket if it is latched, else -1 */
	struct btns_channel_follower *channel; /* the attached socket's, or NULL */
	bool judged;      /* server: tls-bridge's check of the ClientHello ran */
	bool offered;     /* client: sent; server: received */
	uint8_t flags;    /* the offer's TLS_BRIDGE_OFFER_* */
	bool null_cipher; /* server: NULL suites first for this connection */
	bool hand_over;   /* server: the socket goes to the application after TLS 1.3 */
	bool answered;    /* client: a verdict came */
	uint8_t verdict;  /* TLS_BRIDGE_VERDICT_* */
	bool handed_over; /* tls_bridge_hand_over() was called */
	const char *why;  /* why not bound or not bridged, once known */
};

/* ctx's settings, or NULL when tls-bridge was given none (see enabled). */
struct tls_bridge_ctx *tls_bridge_ctx_get(const SSL_CTX *ctx);

/* ctx's settings, made if needed (not enabled yet): 0, or a
 * TLS_BRIDGE_E_* code. */
int tls_bridge_ctx_make(SSL_CTX *ctx, struct tls_bridge_ctx **out);

/* ssl's state, or NULL if it has none yet. */
struct tls_bridge_conn *tls_bridge_conn_get(const SSL *ssl);

/* ssl's state, made if needed; NULL if out of memory. */
struct tls_bridge_conn *tls_bridge_conn_make(SSL *ssl);

/* The policy of ssl's SSL_CTX (TLS_BRIDGE_DISABLE without tls-bridge). */
enum tls_bridge_policy tls_bridge_policy_of(const SSL *ssl);

/*
 * Gives ssl its IPsec channel: the binding, and latched_fd, the socket if
 * its latch is ESTABLISHED on SAs strong enough to bridge (else -1), whose
 * latch state latch tells from then on (NULL: libipsecapi's latch watch).
 * What tls_bridge_attach() does after asking the kernel; the unit tests
 * call it directly, with a stand-in for the kernel's latch.  0 or a
 * TLS_BRIDGE_E_* code.
 */
int tls_bridge_set_channel(SSL *ssl, const uint8_t *binding, size_t len, int latched_fd,
			   const struct btns_latch_source *latch);

#endif
