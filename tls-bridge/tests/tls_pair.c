/* SPDX-License-Identifier: BSD-2-Clause */
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <string.h>

#include "tls_pair.h"

static EVP_PKEY *new_key(enum tls_pair_cert kind)
{
	switch (kind) {
	case TLS_PAIR_ECDSA_P256_SHA256:
		return EVP_EC_gen("P-256");
	case TLS_PAIR_ECDSA_P384_SHA384:
		return EVP_EC_gen("P-384");
	case TLS_PAIR_RSA_PSS_SHA384:
	case TLS_PAIR_RSA_SHA1:
		return EVP_RSA_gen(2048);
	case TLS_PAIR_ED25519:
		return EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	}
	return NULL;
}

/* Signs x with key as kind says. */
static int sign(X509 *x, EVP_PKEY *key, enum tls_pair_cert kind)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	const char *digest = kind == TLS_PAIR_ECDSA_P256_SHA256 ? "SHA256"
			     : kind == TLS_PAIR_RSA_SHA1	  ? "SHA1"
			     : kind == TLS_PAIR_ED25519		  ? NULL
								  : "SHA384";
	int ok;

	ok = md != NULL && EVP_DigestSignInit_ex(md, &pctx, digest, NULL, NULL, key, NULL) == 1;
	if (ok && kind == TLS_PAIR_RSA_PSS_SHA384) {
		ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
		     EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1;
	}
	ok = ok && X509_sign_ctx(x, md) > 0;
	EVP_MD_CTX_free(md);
	return ok ? 0 : -1;
}

static X509 *new_cert(EVP_PKEY *key, enum tls_pair_cert kind)
{
	X509 *x = X509_new();
	X509_NAME *name = X509_NAME_new();

	if (x == NULL || name == NULL ||
	    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"server", -1,
				       -1, 0) != 1 ||
	    X509_set_version(x, X509_VERSION_3) != 1 ||
	    ASN1_INTEGER_set(X509_get_serialNumber(x), 1) != 1 ||
	    X509_gmtime_adj(X509_getm_notBefore(x), -3600) == NULL ||
	    X509_gmtime_adj(X509_getm_notAfter(x), 3600) == NULL ||
	    X509_set_subject_name(x, name) != 1 || X509_set_issuer_name(x, name) != 1 ||
	    X509_set_pubkey(x, key) != 1 || sign(x, key, kind) != 0) {
		X509_free(x);
		x = NULL;
	}
	X509_NAME_free(name);
	return x;
}

static SSL_CTX *new_ctx(const SSL_METHOD *method, int version)
{
	SSL_CTX *ctx = SSL_CTX_new(method);

	if (ctx == NULL || SSL_CTX_set_min_proto_version(ctx, version) != 1 ||
	    SSL_CTX_set_max_proto_version(ctx, version) != 1) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

int tls_pair_init(struct tls_pair *p, enum tls_pair_cert kind, int version)
{
	memset(p, 0, sizeof(*p));
	p->key = new_key(kind);
	p->cert = p->key != NULL ? new_cert(p->key, kind) : NULL;
	p->server_ctx = new_ctx(TLS_server_method(), version);
	p->client_ctx = new_ctx(TLS_client_method(), version);
	if (p->cert == NULL || p->server_ctx == NULL || p->client_ctx == NULL) {
		tls_pair_free(p);
		return -1;
	}
	if (kind == TLS_PAIR_RSA_SHA1) {
		/* A SHA-1 signature is refused from security level 1 on. */
		SSL_CTX_set_security_level(p->server_ctx, 0);
		SSL_CTX_set_security_level(p->client_ctx, 0);
	}
	if (SSL_CTX_use_certificate(p->server_ctx, p->cert) != 1 ||
	    SSL_CTX_use_PrivateKey(p->server_ctx, p->key) != 1) {
		tls_pair_free(p);
		return -1;
	}
	SSL_CTX_set_session_cache_mode(p->client_ctx, SSL_SESS_CACHE_CLIENT);
	return 0;
}

/* Runs both handshakes, turn by turn, to their end: 0 or -1. */
static int run_handshakes(struct tls_pair *p)
{
	int i, cdone = 0, sdone = 0;

	SSL_set_connect_state(p->client);
	SSL_set_accept_state(p->server);
	for (i = 0; i < 100 && !(cdone && sdone); i++) {
		int rc;

		if (!cdone) {
			rc = SSL_do_handshake(p->client);
			cdone = rc == 1;
			if (rc <= 0 && SSL_get_error(p->client, rc) != SSL_ERROR_WANT_READ) {
				return -1;
			}
		}
		if (!sdone) {
			rc = SSL_do_handshake(p->server);
			sdone = rc == 1;
			if (rc <= 0 && SSL_get_error(p->server, rc) != SSL_ERROR_WANT_READ) {
				return -1;
			}
		}
	}
	return cdone && sdone ? 0 : -1;
}

/* SSLs made by the caller already (to configure them) are used. */
static int make_ssls(struct tls_pair *p, SSL_SESSION *session)
{
	if (p->server == NULL) {
		p->server = SSL_new(p->server_ctx);
	}
	if (p->client == NULL) {
		p->client = SSL_new(p->client_ctx);
	}
	if (p->server == NULL || p->client == NULL ||
	    (session != NULL && SSL_set_session(p->client, session) != 1)) {
		tls_pair_disconnect(p);
		return -1;
	}
	return 0;
}

int tls_pair_connect(struct tls_pair *p, SSL_SESSION *session)
{
	BIO *a = NULL, *b = NULL;

	if (make_ssls(p, session) != 0) {
		return -1;
	}
	if (BIO_new_bio_pair(&a, 0, &b, 0) != 1) {
		tls_pair_disconnect(p);
		return -1;
	}
	SSL_set_bio(p->client, a, a);
	SSL_set_bio(p->server, b, b);
	return run_handshakes(p);
}

int tls_pair_connect_sockets(struct tls_pair *p, int client_fd, int server_fd,
			     SSL_SESSION *session)
{
	if (make_ssls(p, session) != 0) {
		return -1;
	}
	if (SSL_set_fd(p->client, client_fd) != 1 || SSL_set_fd(p->server, server_fd) != 1) {
		tls_pair_disconnect(p);
		return -1;
	}
	return run_handshakes(p);
}

static int raw_add(SSL *ssl, unsigned int type, unsigned int context, const unsigned char **out,
		   size_t *outlen, X509 *x, size_t chainidx, int *al, void *arg)
{
	const struct tls_pair_raw *r = arg;

	(void)ssl, (void)type, (void)context, (void)x, (void)chainidx, (void)al;
	*out = r->data;
	*outlen = r->len;
	return 1;
}

static int raw_parse(SSL *ssl, unsigned int type, unsigned int context, const unsigned char *in,
		     size_t inlen, X509 *x, size_t chainidx, int *al, void *arg)
{
	(void)ssl, (void)type, (void)context, (void)in, (void)inlen, (void)x, (void)chainidx;
	(void)al, (void)arg;
	return 1;
}

int tls_pair_raw_extension(SSL_CTX *ctx, unsigned int type, struct tls_pair_raw *r)
{
	return SSL_CTX_add_custom_ext(ctx, type,
				      SSL_EXT_TLS_ONLY | SSL_EXT_CLIENT_HELLO |
					      SSL_EXT_TLS1_2_SERVER_HELLO |
					      SSL_EXT_TLS1_3_ENCRYPTED_EXTENSIONS,
				      raw_add, NULL, r, raw_parse, NULL);
}

void tls_pair_disconnect(struct tls_pair *p)
{
	/* A connection freed without close_notify loses its session. */
	if (p->client != NULL && SSL_is_init_finished(p->client)) {
		SSL_shutdown(p->client);
	}
	if (p->server != NULL && SSL_is_init_finished(p->server)) {
		SSL_shutdown(p->server);
	}
	SSL_free(p->client);
	SSL_free(p->server);
	p->client = p->server = NULL;
}

void tls_pair_free(struct tls_pair *p)
{
	tls_pair_disconnect(p);
	SSL_CTX_free(p->server_ctx);
	SSL_CTX_free(p->client_ctx);
	X509_free(p->cert);
	EVP_PKEY_free(p->key);
	memset(p, 0, sizeof(*p));
}
