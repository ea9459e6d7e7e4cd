/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The binding in the handshake: the client's offer in its ClientHello,
 * the server's check in its ClientHello callback (before the cipher is
 * chosen), and its verdict in the ServerHello or EncryptedExtensions.
 */
#include <openssl/crypto.h>
#include <string.h>

#include <ipsecapi.h>

#include "extension.h"
#include "state.h"

static const char no_offer[] = "the client offered no IPsec channel binding";
static const char no_binding[] = "this end has no IPsec channel binding for the connection";
static const char differ[] =
	"the IPsec channel bindings differ: a man in the middle, or not the same SA pair";
static const char no_verdict[] = "the server did not answer the IPsec channel binding";
static const char not_verified[] = "the server did not verify the IPsec channel binding";
static const char no_resumption[] =
	"a resumed session cannot be bound to the IPsec channel (TLS_BRIDGE_REQUIRE)";
static const char bound[] = "both ends verified the same IPsec channel binding";

static enum tls_bridge_policy policy_of(const SSL *ssl)
{
	const struct tls_bridge_ctx *c = tls_bridge_ctx_get(SSL_get_SSL_CTX(ssl));

	return c != NULL ? c->policy : TLS_BRIDGE_DISABLE;
}

/* A failure that the policy turns into a failed handshake, or not. */
static int refuse(SSL *ssl, struct tls_bridge_conn *conn, const char *why, int *al)
{
	if (conn != NULL) {
		conn->why = why;
	}
	if (policy_of(ssl) == TLS_BRIDGE_REQUIRE) {
		*al = SSL_AD_HANDSHAKE_FAILURE;
		return 0;
	}
	return 1;
}

/* Client: the offer, when there is a binding to offer. */
static int client_add(SSL *ssl, unsigned int type, unsigned int context, const unsigned char **out,
		      size_t *outlen, X509 *x, size_t chainidx, int *al, void *arg)
{
	struct tls_bridge_conn *conn = tls_bridge_conn_make(ssl);
	struct tls_bridge_offer offer;

	(void)type, (void)context, (void)x, (void)chainidx, (void)arg;
	if (conn == NULL) {
		*al = SSL_AD_INTERNAL_ERROR;
		return -1;
	}
	if (policy_of(ssl) == TLS_BRIDGE_REQUIRE && SSL_SESSION_is_resumable(SSL_get0_session(ssl))) {
		conn->why = no_resumption;
		*al = SSL_AD_INTERNAL_ERROR;
		return -1;
	}
	if (!conn->has_binding) {
		return refuse(ssl, conn, no_binding, al) ? 0 : -1;
	}
	memset(&offer, 0, sizeof(offer));
	offer.binding_len = conn->binding_len;
	memcpy(offer.binding, conn->binding, conn->binding_len);
	*outlen = tls_bridge_offer_encode(&offer, conn->wire);
	*out = conn->wire;
	conn->offered = *outlen > 0;
	return conn->offered ? 1 : -1;
}

/* Client: the server's verdict. */
static int client_parse(SSL *ssl, unsigned int type, unsigned int context,
			const unsigned char *in, size_t inlen, X509 *x, size_t chainidx, int *al,
			void *arg)
{
	struct tls_bridge_conn *conn = tls_bridge_conn_get(ssl);
	uint8_t verdict;

	(void)type, (void)context, (void)x, (void)chainidx, (void)arg;
	if (conn == NULL || !conn->offered) {
		*al = SSL_AD_UNSUPPORTED_EXTENSION; /* OpenSSL refuses these first */
		return 0;
	}
	if (tls_bridge_verdict_decode(in, inlen, &verdict) != 0 ||
	    (verdict & TLS_BRIDGE_VERDICT_BRIDGED)) { /* never offered */
		*al = SSL_AD_ILLEGAL_PARAMETER;
		return 0;
	}
	conn->answered = true;
	conn->verdict = verdict;
	if (!(verdict & TLS_BRIDGE_VERDICT_BOUND)) {
		return refuse(ssl, conn, not_verified, al);
	}
	conn->why = bound;
	return 1;
}

/*
 * Client: a server that did not answer.  OpenSSL calls nothing for an
 * absent extension, so the check rides on the security callback's check
 * of the server's signature algorithm (SSL_SECOP_SIGALG_CHECK), which
 * comes after the ServerHello and EncryptedExtensions: in the
 * ServerKeyExchange of TLS 1.2 and the CertificateVerify of TLS 1.3.
 * Resumption, which signs nothing, is refused under TLS_BRIDGE_REQUIRE,
 * and so is a key exchange without a server signature (static RSA), which
 * such a client does not even offer.
 */
static int security(const SSL *ssl, const SSL_CTX *ctx, int op, int bits, int nid, void *other,
		    void *ex)
{
	const struct tls_bridge_ctx *c = tls_bridge_ctx_get(ssl != NULL ? SSL_get_SSL_CTX(ssl) : ctx);
	struct tls_bridge_conn *conn;

	if (c == NULL) {
		return 0; /* cannot happen: this callback is set with the settings */
	}
	if (c->security != NULL && !c->security(ssl, ctx, op, bits, nid, other, ex)) {
		return 0;
	}
	/* Server: under TLS_BRIDGE_REQUIRE no cipher is shared with a client
	 * whose binding was not verified; server_hello fails such a handshake
	 * first, so this only holds if an application replaced it. */
	if (ssl != NULL && SSL_is_server(ssl) && c->policy == TLS_BRIDGE_REQUIRE &&
	    op == SSL_SECOP_CIPHER_SHARED) {
		conn = tls_bridge_conn_get(ssl);
		return conn != NULL && (conn->verdict & TLS_BRIDGE_VERDICT_BOUND) != 0;
	}
	if (ssl != NULL && !SSL_is_server(ssl) && c->policy == TLS_BRIDGE_REQUIRE &&
	    (op == SSL_SECOP_CIPHER_SUPPORTED || op == SSL_SECOP_CIPHER_CHECK) && other != NULL) {
		int kx = SSL_CIPHER_get_kx_nid(other);

		return kx == NID_kx_ecdhe || kx == NID_kx_dhe || kx == NID_kx_any;
	}
	if (ssl == NULL || SSL_is_server(ssl) || op != SSL_SECOP_SIGALG_CHECK || !SSL_in_init(ssl) ||
	    SSL_get_pending_cipher(ssl) == NULL || c->policy != TLS_BRIDGE_REQUIRE) {
		return 1;
	}
	conn = tls_bridge_conn_get(ssl);
	if (conn == NULL || !conn->answered) {
		if (conn != NULL) {
			conn->why = no_verdict;
		}
		return 0;
	}
	return (conn->verdict & TLS_BRIDGE_VERDICT_BOUND) != 0;
}

/* Server: the offer, checked before anything else of the ClientHello. */
static int server_hello(SSL *ssl, int *al, void *arg)
{
	struct tls_bridge_conn *conn;
	struct tls_bridge_offer offer;
	const unsigned char *data;
	size_t len;

	(void)arg;
	conn = tls_bridge_conn_make(ssl);
	if (conn == NULL) {
		*al = SSL_AD_INTERNAL_ERROR;
		return SSL_CLIENT_HELLO_ERROR;
	}
	/* Each ClientHello (a second one after a HelloRetryRequest too) is
	 * judged on its own. */
	conn->offered = false;
	conn->verdict = 0;
	conn->why = NULL;
	if (SSL_client_hello_get0_ext(ssl, TLS_BRIDGE_EXTENSION_TYPE, &data, &len) != 1) {
		return refuse(ssl, conn, no_offer, al) ? SSL_CLIENT_HELLO_SUCCESS
						       : SSL_CLIENT_HELLO_ERROR;
	}
	if (tls_bridge_offer_decode(data, len, &offer) != 0) {
		*al = SSL_AD_DECODE_ERROR;
		return SSL_CLIENT_HELLO_ERROR;
	}
	conn->offered = true;
	if (!conn->has_binding) {
		return refuse(ssl, conn, no_binding, al) ? SSL_CLIENT_HELLO_SUCCESS
							 : SSL_CLIENT_HELLO_ERROR;
	}
	if (offer.binding_len != conn->binding_len ||
	    CRYPTO_memcmp(offer.binding, conn->binding, conn->binding_len) != 0) {
		return refuse(ssl, conn, differ, al) ? SSL_CLIENT_HELLO_SUCCESS
						     : SSL_CLIENT_HELLO_ERROR;
	}
	conn->verdict = TLS_BRIDGE_VERDICT_BOUND;
	conn->why = bound;
	return SSL_CLIENT_HELLO_SUCCESS;
}

/* Server: the offer was read by server_hello already. */
static int server_parse(SSL *ssl, unsigned int type, unsigned int context,
			const unsigned char *in, size_t inlen, X509 *x, size_t chainidx, int *al,
			void *arg)
{
	const struct tls_bridge_conn *conn = tls_bridge_conn_get(ssl);

	(void)type, (void)context, (void)in, (void)inlen, (void)x, (void)chainidx, (void)arg;
	if (conn == NULL || !conn->offered) {
		*al = SSL_AD_INTERNAL_ERROR;
		return 0;
	}
	return 1;
}

/* Server: the verdict, for a client that offered (OpenSSL asks only then). */
static int server_add(SSL *ssl, unsigned int type, unsigned int context,
		      const unsigned char **out, size_t *outlen, X509 *x, size_t chainidx, int *al,
		      void *arg)
{
	struct tls_bridge_conn *conn = tls_bridge_conn_get(ssl);

	(void)type, (void)context, (void)x, (void)chainidx, (void)arg;
	if (conn == NULL || !conn->offered) {
		*al = SSL_AD_INTERNAL_ERROR;
		return -1;
	}
	tls_bridge_verdict_encode(conn->verdict, conn->reply);
	*out = conn->reply;
	*outlen = sizeof(conn->reply);
	return 1;
}

static int add(SSL *ssl, unsigned int type, unsigned int context, const unsigned char **out,
	       size_t *outlen, X509 *x, size_t chainidx, int *al, void *arg)
{
	return (SSL_is_server(ssl) ? server_add : client_add)(ssl, type, context, out, outlen, x,
							      chainidx, al, arg);
}

static int parse(SSL *ssl, unsigned int type, unsigned int context, const unsigned char *in,
		 size_t inlen, X509 *x, size_t chainidx, int *al, void *arg)
{
	return (SSL_is_server(ssl) ? server_parse : client_parse)(ssl, type, context, in, inlen, x,
								  chainidx, al, arg);
}

int tls_bridge_enable(SSL_CTX *ctx, enum tls_bridge_policy policy)
{
	struct tls_bridge_ctx *c;
	int rc;

	if (ctx == NULL || (policy != TLS_BRIDGE_DISABLE && policy != TLS_BRIDGE_PREFER &&
			    policy != TLS_BRIDGE_REQUIRE)) {
		return TLS_BRIDGE_E_INVALID;
	}
	rc = tls_bridge_ctx_new(ctx, &c);
	if (rc != 0) {
		return rc;
	}
	c->policy = policy;
	c->security = SSL_CTX_get_security_callback(ctx);
	if (policy == TLS_BRIDGE_DISABLE) {
		return 0;
	}
	if (SSL_CTX_add_custom_ext(ctx, TLS_BRIDGE_EXTENSION_TYPE,
				   SSL_EXT_TLS_ONLY | SSL_EXT_CLIENT_HELLO |
					   SSL_EXT_TLS1_2_SERVER_HELLO |
					   SSL_EXT_TLS1_3_ENCRYPTED_EXTENSIONS,
				   add, NULL, NULL, parse, NULL) != 1) {
		return TLS_BRIDGE_E_STATE; /* the code point is taken */
	}
	SSL_CTX_set_client_hello_cb(ctx, server_hello, NULL);
	SSL_CTX_set_security_callback(ctx, security);
	/* RFC 9266: no tls-exporter with renegotiation; and a renegotiated
	 * handshake would need binding again. */
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
	return 0;
}

int tls_bridge_set_ipsec_binding(SSL *ssl, const uint8_t *binding, size_t len)
{
	struct tls_bridge_conn *conn;

	if (ssl == NULL || binding == NULL || len == 0 || len > TLS_BRIDGE_BINDING_MAX) {
		return TLS_BRIDGE_E_INVALID;
	}
	if (!SSL_in_before(ssl)) {
		return TLS_BRIDGE_E_STATE;
	}
	conn = tls_bridge_conn_make(ssl);
	if (conn == NULL) {
		return TLS_BRIDGE_E_NO_MEMORY;
	}
	memcpy(conn->binding, binding, len);
	conn->binding_len = (uint8_t)len;
	conn->has_binding = true;
	return 0;
}

int tls_bridge_attach(SSL *ssl, int fd)
{
	ipsec_pToken_t p = NULL;
	ipsec_iToken_t peer = NULL;
	void *val = &peer, *data = NULL;
	uint32_t plen = sizeof(peer), len = 0;
	int rc = TLS_BRIDGE_E_IPSEC;

	if (ssl == NULL || fd < 0) {
		return TLS_BRIDGE_E_INVALID;
	}
	if (!SSL_in_before(ssl)) {
		return TLS_BRIDGE_E_STATE;
	}
	if (ipsec_get_socket_pToken(fd, &p) == 0 &&
	    ipsec_get_token_attr(p, IPSEC_API_ATTR_iToken, &plen, &val) == 0 &&
	    ipsec_get_token_attr(peer, IPSEC_API_ATTR_channelBindingData, &len, &data) == 0) {
		rc = tls_bridge_set_ipsec_binding(ssl, data, len);
	}
	OPENSSL_clear_free(data, len);
	ipsec_free_iToken(peer);
	ipsec_free_pToken(p);
	return rc;
}

/* Why ssl, whose handshake is over, is not bound. */
static const char *why_not(const SSL *ssl, const struct tls_bridge_conn *conn)
{
	if (policy_of(ssl) == TLS_BRIDGE_DISABLE) {
		return "tls-bridge is not enabled on this connection's SSL_CTX";
	}
	if (conn == NULL) {
		return SSL_is_server(ssl) ? no_offer : no_binding;
	}
	if (conn->why != NULL) {
		return conn->why;
	}
	return !SSL_is_server(ssl) && conn->offered && !conn->answered ? no_verdict : no_binding;
}

enum tls_bridge_status tls_bridge_get_status(const SSL *ssl, const char **why)
{
	const struct tls_bridge_conn *conn = ssl != NULL ? tls_bridge_conn_get(ssl) : NULL;
	bool done = ssl != NULL && SSL_is_init_finished(ssl);
	bool is_bound = done && conn != NULL && conn->offered &&
			(conn->verdict & TLS_BRIDGE_VERDICT_BOUND) &&
			(SSL_is_server(ssl) || conn->answered);

	if (why != NULL) {
		if (is_bound) {
			*why = bound;
		} else if (done) {
			*why = why_not(ssl, conn);
		} else if (conn != NULL && conn->why != NULL && conn->why != bound) {
			*why = conn->why; /* the reason tls-bridge failed the handshake */
		} else {
			*why = "the handshake is not complete";
		}
	}
	return is_bound ? TLS_BRIDGE_BOUND : TLS_BRIDGE_NOT_BOUND;
}
