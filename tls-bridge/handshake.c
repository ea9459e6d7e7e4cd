/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The binding in the handshake: the client's offer in its ClientHello,
 * the server's check in its ClientHello callback (client_hello.c), and
 * its verdict in the ServerHello or EncryptedExtensions; the security
 * callback, which checks what the others cannot see.
 */
#include <openssl/crypto.h>
#include <string.h>

#include "bridging.h"
#include "client_hello.h"
#include "errors.h"
#include "extension.h"
#include "latch_guard.h"
#include "null_suites.h"
#include "refusal.h"
#include "sessions.h"
#include "state.h"

static const char no_verdict[] = "the server did not answer the IPsec channel binding";
static const char not_verified[] = "the server did not verify the IPsec channel binding";
static const char no_resumption[] =
	"a resumed session cannot be bound to the IPsec channel (TLS_BRIDGE_REQUIRE)";
static const char no_null_resumption[] =
	"a session that used a NULL cipher cannot be resumed: it belonged to its connection";
static const char null_unverified[] =
	"the server chose a NULL cipher without verifying the IPsec channel binding";
static const char bridged_encrypting[] =
	"the server said bridged but chose a cipher that encrypts";
static const char latch_broke[] =
	"the connection's latch broke after the handshake (its SAs changed), and TLS, which does "
	"not encrypt it, writes no more";
static const char unasked_verdict[] =
	"the server answered an IPsec channel binding that was not offered";
static const char bad_verdict[] =
	"the server's answer to the IPsec channel binding is malformed, or says bridged where "
	"nothing was offered that way";
static const char bridged_null[] = "bridged: TLS 1.2 with a NULL cipher, the latched SAs encrypt";
static const char bridged_hand_over[] =
	"bridged: after the TLS 1.3 handshake the socket carries the data, the latched SAs "
	"encrypt";

/* Client: the offer, when there is a binding to offer. */
static int client_add(SSL *ssl, unsigned int type, unsigned int context, const unsigned char **out,
		      size_t *outlen, X509 *x, size_t chainidx, int *al, void *arg)
{
	struct tls_bridge_conn *conn = tls_bridge_conn_make(ssl);
	const SSL_SESSION *session;
	struct tls_bridge_offer offer;

	(void)type, (void)context, (void)x, (void)chainidx, (void)arg;
	if (conn == NULL) {
		tls_bridge_reported(TLS_BRIDGE_E_NO_MEMORY);
		*al = SSL_AD_INTERNAL_ERROR;
		return -1;
	}
	session = SSL_get0_session(ssl);
	if (SSL_SESSION_is_resumable(session) &&
	    (tls_bridge_policy_of(ssl) == TLS_BRIDGE_REQUIRE ||
	     tls_bridge_is_null_cipher(SSL_SESSION_get0_cipher(session)))) {
		conn->why = tls_bridge_policy_of(ssl) == TLS_BRIDGE_REQUIRE ? no_resumption
									 : no_null_resumption;
		tls_bridge_raise_refusal(conn->why);
		*al = SSL_AD_INTERNAL_ERROR;
		return -1;
	}
	if (!conn->has_binding) {
		return tls_bridge_refuse(ssl, conn, tls_bridge_why_no_binding, al) ? 0 : -1;
	}
	memset(&offer, 0, sizeof(offer));
	offer.flags = tls_bridge_offer_flags(ssl, conn);
	if (offer.flags & TLS_BRIDGE_OFFER_HAND_OVER) {
		SSL_set_read_ahead(ssl, 0); /* the socket's data after the handshake is not TLS's */
	}
	if ((offer.flags & TLS_BRIDGE_OFFER_NULL_CIPHER) &&
	    tls_bridge_guard_latch(ssl, conn->channel) != 0) {
		tls_bridge_reported(TLS_BRIDGE_E_NO_MEMORY);
		*al = SSL_AD_INTERNAL_ERROR;
		return -1;
	}
	offer.binding_len = conn->binding_len;
	memcpy(offer.binding, conn->binding, conn->binding_len);
	*outlen = tls_bridge_offer_encode(&offer, conn->wire);
	*out = conn->wire;
	conn->flags = offer.flags;
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
		tls_bridge_raise_refusal(unasked_verdict);
		*al = SSL_AD_UNSUPPORTED_EXTENSION; /* OpenSSL refuses these first */
		return 0;
	}
	if (tls_bridge_verdict_decode(in, inlen, &verdict) != 0 ||
	    ((verdict & TLS_BRIDGE_VERDICT_BRIDGED) &&
	     !tls_bridge_bridged_verdict_fits(ssl, conn))) {
		conn->why = bad_verdict;
		tls_bridge_raise_refusal(bad_verdict);
		*al = SSL_AD_ILLEGAL_PARAMETER;
		return 0;
	}
	conn->answered = true;
	conn->verdict = verdict;
	if (!(verdict & TLS_BRIDGE_VERDICT_BOUND)) {
		return tls_bridge_refuse(ssl, conn, not_verified, al);
	}
	conn->why = tls_bridge_why_bound;
	return 1;
}

/* A check of the security callback that fails the handshake: why, in
 * conn (if any) and on the error queue. */
static int refused_by_check(struct tls_bridge_conn *conn, const char *why)
{
	if (conn != NULL) {
		conn->why = why;
	}
	tls_bridge_raise_refusal(why);
	return 0;
}

/*
 * Client: the server's answer, checked where OpenSSL checks the server's
 * signature algorithm (SSL_SECOP_SIGALG_CHECK): after the ServerHello and
 * EncryptedExtensions, in the ServerKeyExchange of TLS 1.2 and the
 * CertificateVerify of TLS 1.3.  OpenSSL calls nothing for an absent
 * extension, so a missing answer is caught here.  A NULL cipher needs a
 * BRIDGED verdict and the reverse.  Resumption, which signs nothing, is
 * refused under TLS_BRIDGE_REQUIRE (and for a session with a NULL
 * cipher), and so is a key exchange without a server signature (static
 * RSA), which such a client does not even offer.
 */
static int client_checks_answer(const SSL *ssl, const struct tls_bridge_ctx *c)
{
	struct tls_bridge_conn *conn = tls_bridge_conn_get(ssl);
	bool bridged = conn != NULL && conn->answered && (conn->verdict & TLS_BRIDGE_VERDICT_BRIDGED);

	if (SSL_version(ssl) != TLS1_3_VERSION &&
	    tls_bridge_is_null_cipher(SSL_get_pending_cipher(ssl)) != bridged) {
		return refused_by_check(conn, bridged ? bridged_encrypting : null_unverified);
	}
	if (c->policy != TLS_BRIDGE_REQUIRE) {
		return 1;
	}
	if (conn == NULL || !conn->answered) {
		return refused_by_check(conn, no_verdict);
	}
	if (!(conn->verdict & TLS_BRIDGE_VERDICT_BOUND)) {
		return refused_by_check(conn, not_verified);
	}
	return 1;
}

/*
 * Server: what tls-bridge's check of the ClientHello decided still holds
 * where OpenSSL chooses the cipher (TLS 1.2) and the signature algorithm,
 * which is after a servername callback may have switched ssl to another
 * SSL_CTX: the check ran (an application that replaced tls-bridge's
 * ClientHello callback may have skipped it), and under this SSL_CTX's
 * TLS_BRIDGE_REQUIRE the connection is bound.  A handshake cannot go on
 * without a cipher, nor without a shared signature algorithm (OpenSSL
 * wants one in a resumed TLS 1.3 handshake too); a resumed TLS 1.2 one
 * asks neither, and resumes a bound session only if bound (sessions.h).
 */
static int server_check_holds(const SSL *ssl, const struct tls_bridge_ctx *c)
{
	struct tls_bridge_conn *conn = tls_bridge_conn_get(ssl);

	if (conn == NULL || !conn->judged) {
		return refused_by_check(conn, tls_bridge_why_unchecked);
	}
	if (c->policy == TLS_BRIDGE_REQUIRE && !(conn->verdict & TLS_BRIDGE_VERDICT_BOUND)) {
		return refused_by_check(conn, conn->why != NULL ? conn->why
							       : tls_bridge_why_no_offer);
	}
	return 1;
}

static bool is_cipher_op(int op, const void *other)
{
	return other != NULL && (op & SSL_SECOP_OTHER_TYPE) == SSL_SECOP_OTHER_CIPHER;
}

static int security(const SSL *ssl, const SSL_CTX *ctx, int op, int bits, int nid, void *other,
		    void *ex)
{
	const struct tls_bridge_ctx *c = tls_bridge_ctx_get(ssl != NULL ? SSL_get_SSL_CTX(ssl) : ctx);

	if (c == NULL) {
		return 0; /* cannot happen: this callback is set with the settings */
	}
	/* The NULL suites are tls-bridge's to allow, on the connections
	 * that bridge, and never the wrapped callback's: it refuses 0-bit
	 * ciphers at every level above 0, and lowering the connection's
	 * level would lift its other checks (key sizes, signatures) too. */
	if (ssl != NULL && is_cipher_op(op, other) && tls_bridge_is_null_cipher(other)) {
		return tls_bridge_null_cipher_allowed(ssl, other);
	}
	if (c->security != NULL && !c->security(ssl, ctx, op, bits, nid, other, ex)) {
		return 0;
	}
	if (ssl != NULL && SSL_is_server(ssl) &&
	    (op == SSL_SECOP_CIPHER_SHARED || op == SSL_SECOP_SIGALG_SHARED)) {
		return server_check_holds(ssl, c);
	}
	if (ssl != NULL && !SSL_is_server(ssl) && c->policy == TLS_BRIDGE_REQUIRE &&
	    (op == SSL_SECOP_CIPHER_SUPPORTED || op == SSL_SECOP_CIPHER_CHECK) && other != NULL) {
		int kx = SSL_CIPHER_get_kx_nid(other);

		return kx == NID_kx_ecdhe || kx == NID_kx_dhe || kx == NID_kx_any;
	}
	if (ssl == NULL || SSL_is_server(ssl) || op != SSL_SECOP_SIGALG_CHECK || !SSL_in_init(ssl) ||
	    SSL_get_pending_cipher(ssl) == NULL) {
		return 1;
	}
	return client_checks_answer(ssl, c);
}

/* Server: the offer was read by tls-bridge's check of the ClientHello
 * already, which did not run if conn has none. */
static int server_parse(SSL *ssl, unsigned int type, unsigned int context,
			const unsigned char *in, size_t inlen, X509 *x, size_t chainidx, int *al,
			void *arg)
{
	struct tls_bridge_conn *conn = tls_bridge_conn_get(ssl);

	(void)type, (void)context, (void)in, (void)inlen, (void)x, (void)chainidx, (void)arg;
	if (conn == NULL || !conn->judged || !conn->offered) {
		refused_by_check(conn, tls_bridge_why_unchecked);
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
	if (conn == NULL || !conn->judged || !conn->offered) {
		refused_by_check(conn, tls_bridge_why_unchecked);
		*al = SSL_AD_INTERNAL_ERROR;
		return -1;
	}
	conn->verdict = tls_bridge_server_verdict(ssl, conn);
	tls_bridge_verdict_encode(conn->verdict, conn->reply);
	*out = conn->reply;
	*outlen = sizeof(conn->reply);
	return 1;
}

static int add_binding_ext(SSL *ssl, unsigned int type, unsigned int context,
			   const unsigned char **out, size_t *outlen, X509 *x, size_t chainidx,
			   int *al, void *arg)
{
	return (SSL_is_server(ssl) ? server_add : client_add)(ssl, type, context, out, outlen, x,
							      chainidx, al, arg);
}

static int parse_binding_ext(SSL *ssl, unsigned int type, unsigned int context,
			     const unsigned char *in, size_t inlen, X509 *x, size_t chainidx,
			     int *al, void *arg)
{
	return (SSL_is_server(ssl) ? server_parse : client_parse)(ssl, type, context, in, inlen, x,
								  chainidx, al, arg);
}

static int enable(SSL_CTX *ctx, enum tls_bridge_policy policy)
{
	struct tls_bridge_ctx *c;
	int rc;

	if (ctx == NULL || (policy != TLS_BRIDGE_DISABLE && policy != TLS_BRIDGE_PREFER &&
			    policy != TLS_BRIDGE_REQUIRE)) {
		return TLS_BRIDGE_E_INVALID;
	}
	rc = tls_bridge_ctx_make(ctx, &c);
	if (rc != 0) {
		return rc;
	}
	if (c->enabled) {
		return TLS_BRIDGE_E_STATE;
	}
	if (tls_bridge_sessions_new_context(c->bound_context) != 0) {
		return TLS_BRIDGE_E_CRYPTO;
	}
	if (policy != TLS_BRIDGE_DISABLE &&
	    SSL_CTX_add_custom_ext(ctx, TLS_BRIDGE_EXTENSION_TYPE,
				   SSL_EXT_TLS_ONLY | SSL_EXT_CLIENT_HELLO |
					   SSL_EXT_TLS1_2_SERVER_HELLO |
					   SSL_EXT_TLS1_3_ENCRYPTED_EXTENSIONS,
				   add_binding_ext, NULL, NULL, parse_binding_ext, NULL) != 1) {
		return TLS_BRIDGE_E_STATE; /* the code point is taken */
	}
	c->enabled = true;
	c->policy = policy;
	c->modes = 0; /* bind only, until the application chooses a way to bridge */
	c->security = SSL_CTX_get_security_callback(ctx);
	if (policy == TLS_BRIDGE_DISABLE) {
		return 0;
	}
	SSL_CTX_set_client_hello_cb(ctx, tls_bridge_chained_client_hello, NULL);
	SSL_CTX_set_security_callback(ctx, security);
	/* RFC 9266: no tls-exporter with renegotiation; and a renegotiated
	 * handshake would need binding again. */
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
	return 0;
}

int tls_bridge_enable(SSL_CTX *ctx, enum tls_bridge_policy policy)
{
	return tls_bridge_reported(enable(ctx, policy));
}

static int set_bridging(SSL_CTX *ctx, unsigned int modes)
{
	struct tls_bridge_ctx *c;

	if (ctx == NULL || (modes & ~(TLS_BRIDGE_NULL_CIPHER | TLS_BRIDGE_HAND_OVER)) != 0) {
		return TLS_BRIDGE_E_INVALID;
	}
	c = tls_bridge_ctx_get(ctx);
	if (c == NULL || !c->enabled) {
		return TLS_BRIDGE_E_STATE; /* tls_bridge_enable() first */
	}
	c->modes = modes;
	return 0;
}

int tls_bridge_set_bridging(SSL_CTX *ctx, unsigned int modes)
{
	return tls_bridge_reported(set_bridging(ctx, modes));
}

/* Why ssl, whose handshake is over, is not bound. */
static const char *why_not(const SSL *ssl, const struct tls_bridge_conn *conn)
{
	if (tls_bridge_policy_of(ssl) == TLS_BRIDGE_DISABLE) {
		return "tls-bridge is not enabled on this connection's SSL_CTX";
	}
	if (conn == NULL) {
		return SSL_is_server(ssl) ? tls_bridge_why_no_offer : tls_bridge_why_no_binding;
	}
	if (conn->why != NULL) {
		return conn->why;
	}
	return !SSL_is_server(ssl) && conn->offered && !conn->answered ? no_verdict
								       : tls_bridge_why_no_binding;
}

enum tls_bridge_status tls_bridge_get_status(const SSL *ssl, const char **why)
{
	const struct tls_bridge_conn *conn = ssl != NULL ? tls_bridge_conn_get(ssl) : NULL;
	bool done = ssl != NULL && SSL_is_init_finished(ssl);
	bool is_bound = done && conn != NULL && conn->offered &&
			(conn->verdict & TLS_BRIDGE_VERDICT_BOUND) &&
			(SSL_is_server(ssl) || conn->answered);
	bool is_bridged = is_bound && (conn->verdict & TLS_BRIDGE_VERDICT_BRIDGED);
	bool broke = is_bridged && tls_bridge_latch_broke(ssl);

	if (broke) {
		is_bound = is_bridged = false; /* the channel it was bound to is gone */
	}
	if (why != NULL) {
		if (broke) {
			*why = latch_broke;
		} else if (is_bridged) {
			*why = SSL_version(ssl) == TLS1_3_VERSION ? bridged_hand_over : bridged_null;
		} else if (is_bound) {
			*why = tls_bridge_why_not_bridged(ssl, conn);
		} else if (done) {
			*why = why_not(ssl, conn);
		} else if (conn != NULL && conn->why != NULL && conn->why != tls_bridge_why_bound) {
			*why = conn->why; /* the reason tls-bridge failed the handshake */
		} else {
			*why = "the handshake is not complete";
		}
	}
	return is_bridged ? TLS_BRIDGE_BRIDGED : is_bound ? TLS_BRIDGE_BOUND : TLS_BRIDGE_NOT_BOUND;
}

static int hand_over(SSL *ssl)
{
	struct tls_bridge_conn *conn;

	if (ssl == NULL) {
		return TLS_BRIDGE_E_INVALID;
	}
	conn = tls_bridge_conn_get(ssl);
	if (tls_bridge_get_status(ssl, NULL) != TLS_BRIDGE_BRIDGED ||
	    SSL_version(ssl) != TLS1_3_VERSION || conn->fd < 0) {
		return TLS_BRIDGE_E_STATE;
	}
	if (!conn->handed_over) {
		/* Bytes that TLS holds would be lost to the application. */
		if (SSL_has_pending(ssl)) {
			return TLS_BRIDGE_E_STATE;
		}
		/* Both directions closed: SSL_write fails, SSL_read reads
		 * end of file, SSL_shutdown sends nothing. */
		SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
		conn->handed_over = true;
	}
	return conn->fd;
}

int tls_bridge_hand_over(SSL *ssl)
{
	return tls_bridge_reported(hand_over(ssl));
}
