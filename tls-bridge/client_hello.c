/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The server's check of the client's offer, in the ClientHello callback:
 * before the session is looked up and the cipher chosen.  tls-bridge's
 * callback calls the application's first (tls_bridge_set_client_hello_cb()),
 * because that one may switch the SSL's SSL_CTX (SNI routing), and the
 * check must apply the settings of the SSL_CTX that serves the connection;
 * and because it may suspend the handshake (SSL_CLIENT_HELLO_RETRY), after
 * which OpenSSL calls the callback again.  An application that keeps a
 * callback of its own calls tls_bridge_client_hello() from it.
 */
#include <openssl/crypto.h>

#include "bridging.h"
#include "client_hello.h"
#include "errors.h"
#include "extension.h"
#include "refusal.h"
#include "sessions.h"
#include "state.h"

static const char differ[] =
	"the IPsec channel bindings differ: a man in the middle, or not the same SA pair";
static const char malformed[] = "the client's offer of an IPsec channel binding is malformed";

/* A ClientHello that cannot be bound: fails under TLS_BRIDGE_REQUIRE. */
static int unbound(SSL *ssl, struct tls_bridge_conn *conn, const char *why, int *al)
{
	return tls_bridge_refuse(ssl, conn, why, al) ? SSL_CLIENT_HELLO_SUCCESS
						     : SSL_CLIENT_HELLO_ERROR;
}

/* The check of one ClientHello (a second one after a HelloRetryRequest is
 * judged on its own), under c, the settings of ssl's SSL_CTX now. */
static int check(SSL *ssl, const struct tls_bridge_ctx *c, struct tls_bridge_conn *conn, int *al)
{
	struct tls_bridge_offer offer;
	const unsigned char *data;
	size_t len;

	conn->judged = true;
	conn->offered = false;
	conn->flags = 0;
	conn->null_cipher = false;
	conn->hand_over = false;
	conn->verdict = 0;
	conn->why = NULL;
	if (SSL_client_hello_get0_ext(ssl, TLS_BRIDGE_EXTENSION_TYPE, &data, &len) != 1) {
		return unbound(ssl, conn, tls_bridge_why_no_offer, al);
	}
	if (tls_bridge_offer_decode(data, len, &offer) != 0) {
		conn->why = malformed;
		tls_bridge_raise_refusal(malformed);
		*al = SSL_AD_DECODE_ERROR;
		return SSL_CLIENT_HELLO_ERROR;
	}
	conn->offered = true;
	if (!conn->has_binding) {
		return unbound(ssl, conn, tls_bridge_why_no_binding, al);
	}
	if (offer.binding_len != conn->binding_len ||
	    CRYPTO_memcmp(offer.binding, conn->binding, conn->binding_len) != 0) {
		return unbound(ssl, conn, differ, al);
	}
	conn->verdict = TLS_BRIDGE_VERDICT_BOUND;
	conn->why = tls_bridge_why_bound;
	conn->flags = offer.flags;
	if (tls_bridge_sessions_bound(ssl, c->bound_context) != 0 ||
	    tls_bridge_server_agree(ssl, conn) != 0) {
		tls_bridge_reported(TLS_BRIDGE_E_CRYPTO);
		*al = SSL_AD_INTERNAL_ERROR;
		return SSL_CLIENT_HELLO_ERROR;
	}
	return SSL_CLIENT_HELLO_SUCCESS;
}

int tls_bridge_client_hello(SSL *ssl, int *al)
{
	const struct tls_bridge_ctx *c;
	const unsigned char *random;
	struct tls_bridge_conn *conn;

	if (ssl == NULL || al == NULL) {
		tls_bridge_reported(TLS_BRIDGE_E_INVALID);
		if (al != NULL) {
			*al = SSL_AD_INTERNAL_ERROR;
		}
		return SSL_CLIENT_HELLO_ERROR;
	}
	/* A ClientHello is there to judge only in a server's callback. */
	if (!SSL_is_server(ssl) || SSL_client_hello_get0_random(ssl, &random) == 0) {
		tls_bridge_reported(TLS_BRIDGE_E_STATE);
		*al = SSL_AD_INTERNAL_ERROR;
		return SSL_CLIENT_HELLO_ERROR;
	}
	c = tls_bridge_ctx_get(SSL_get_SSL_CTX(ssl));
	if (c == NULL || !c->enabled || c->policy == TLS_BRIDGE_DISABLE) {
		return SSL_CLIENT_HELLO_SUCCESS; /* nothing of tls-bridge's to check */
	}
	conn = tls_bridge_conn_make(ssl);
	if (conn == NULL) {
		tls_bridge_reported(TLS_BRIDGE_E_NO_MEMORY);
		*al = SSL_AD_INTERNAL_ERROR;
		return SSL_CLIENT_HELLO_ERROR;
	}
	return check(ssl, c, conn, al);
}

int tls_bridge_chained_client_hello(SSL *ssl, int *al, void *arg)
{
	const struct tls_bridge_ctx *c = tls_bridge_ctx_get(SSL_get_SSL_CTX(ssl));
	int rc;

	(void)arg;
	if (c != NULL && c->app_client_hello != NULL) {
		rc = c->app_client_hello(ssl, al, c->app_client_hello_arg);
		if (rc != SSL_CLIENT_HELLO_SUCCESS) {
			return rc; /* to retry, or failed: the application's alert */
		}
	}
	return tls_bridge_client_hello(ssl, al);
}

int tls_bridge_set_client_hello_cb(SSL_CTX *ctx, SSL_client_hello_cb_fn cb, void *arg)
{
	struct tls_bridge_ctx *c;
	int rc;

	if (ctx == NULL) {
		return tls_bridge_reported(TLS_BRIDGE_E_INVALID);
	}
	rc = tls_bridge_ctx_make(ctx, &c);
	if (rc != 0) {
		return tls_bridge_reported(rc);
	}
	c->app_client_hello = cb;
	c->app_client_hello_arg = arg;
	return 0;
}
