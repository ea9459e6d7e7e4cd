/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The TLS channel bindings: both ends of a connection agree, each type
 * follows its RFC (the expected values come from the certificate and from
 * OpenSSL's exporter, not from tls-bridge), and each refusal is the
 * documented one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <string.h>

#include <tls_bridge.h>

#include "tls_pair.h"

struct binding {
	uint8_t v[TLS_BRIDGE_CB_MAX_LEN];
	size_t len;
};

static int get_binding(SSL *ssl, enum tls_bridge_cb_type type, struct binding *b)
{
	b->len = sizeof(b->v);
	return tls_bridge_channel_binding(ssl, type, b->v, &b->len);
}

/* Both ends' binding of type: equal, and returned in *b. */
static void both_ends(struct tls_pair *p, enum tls_bridge_cb_type type, struct binding *b)
{
	struct binding other;

	assert_int_equal(get_binding(p->client, type, b), 0);
	assert_int_equal(get_binding(p->server, type, &other), 0);
	assert_int_equal(b->len, other.len);
	assert_memory_equal(b->v, other.v, b->len);
}

static void connect_tls(struct tls_pair *p, enum tls_pair_cert cert, int version)
{
	assert_int_equal(tls_pair_init(p, cert, version), 0);
	assert_int_equal(tls_pair_connect(p, NULL), 0);
}

/* OpenSSL's export with the RFC 9266 label and no context at all. */
static void export_without_context(SSL *ssl, uint8_t out[32])
{
	assert_int_equal(SSL_export_keying_material(ssl, out, 32, "EXPORTER-Channel-Binding", 24,
						    NULL, 0, 0),
			 1);
}

/* RFC 9266 on TLS 1.3: 32 octets, which (RFC 8446 7.5: an empty context is
 * no context there) equal OpenSSL's export without a context. */
static void exporter_on_tls13(void **state)
{
	struct tls_pair p;
	struct binding b;
	uint8_t plain[32];

	(void)state;
	connect_tls(&p, TLS_PAIR_ECDSA_P256_SHA256, TLS1_3_VERSION);
	both_ends(&p, TLS_BRIDGE_CB_TLS_EXPORTER, &b);
	assert_int_equal(b.len, 32);
	export_without_context(p.server, plain);
	assert_memory_equal(b.v, plain, sizeof(plain));
	tls_pair_free(&p);
}

/* On TLS 1.2 the exporter needs the extended master secret and no
 * renegotiation; with both, an empty context, which there differs from
 * none. */
static void exporter_on_tls12_needs_ems_and_no_renegotiation(void **state)
{
	struct tls_pair p;
	struct binding b;
	uint8_t plain[32];

	(void)state;
	connect_tls(&p, TLS_PAIR_ECDSA_P256_SHA256, TLS1_2_VERSION);
	assert_int_equal(get_binding(p.client, TLS_BRIDGE_CB_TLS_EXPORTER, &b),
			 TLS_BRIDGE_E_NOT_AVAILABLE);
	assert_int_equal(get_binding(p.server, TLS_BRIDGE_CB_TLS_EXPORTER, &b),
			 TLS_BRIDGE_E_NOT_AVAILABLE);
	tls_pair_disconnect(&p);

	SSL_CTX_set_options(p.client_ctx, SSL_OP_NO_RENEGOTIATION);
	SSL_CTX_set_options(p.server_ctx, SSL_OP_NO_RENEGOTIATION);
	assert_int_equal(tls_pair_connect(&p, NULL), 0);
	both_ends(&p, TLS_BRIDGE_CB_TLS_EXPORTER, &b);
	assert_int_equal(b.len, 32);
	export_without_context(p.client, plain);
	assert_memory_not_equal(b.v, plain, sizeof(plain));
	tls_pair_disconnect(&p);

	SSL_CTX_set_options(p.client_ctx, SSL_OP_NO_EXTENDED_MASTER_SECRET);
	assert_int_equal(tls_pair_connect(&p, NULL), 0);
	assert_int_equal(get_binding(p.client, TLS_BRIDGE_CB_TLS_EXPORTER, &b),
			 TLS_BRIDGE_E_NOT_AVAILABLE);
	assert_int_equal(get_binding(p.server, TLS_BRIDGE_CB_TLS_EXPORTER, &b),
			 TLS_BRIDGE_E_NOT_AVAILABLE);
	tls_pair_free(&p);
}

/* The certificate's hash under the digest named, computed here. */
static void cert_hash(X509 *cert, const char *digest, struct binding *b)
{
	unsigned char *der = NULL;
	int n = i2d_X509(cert, &der);
	unsigned int len = 0;

	assert_true(n > 0);
	assert_int_equal(EVP_Q_digest(NULL, digest, NULL, der, (size_t)n, b->v, NULL), 1);
	len = (unsigned int)EVP_MD_get_size(EVP_get_digestbyname(digest));
	b->len = len;
	OPENSSL_free(der);
}

static void end_point_is(enum tls_pair_cert cert, int version, const char *digest)
{
	struct tls_pair p;
	struct binding b, want;

	connect_tls(&p, cert, version);
	both_ends(&p, TLS_BRIDGE_CB_TLS_SERVER_END_POINT, &b);
	cert_hash(p.cert, digest, &want);
	assert_int_equal(b.len, want.len);
	assert_memory_equal(b.v, want.v, b.len);
	tls_pair_free(&p);
}

/* RFC 5929 4.1: the signature's hash; SHA-1 becomes SHA-256; RSA-PSS has
 * its hash in its parameters. */
static void end_point_follows_the_signature_hash(void **state)
{
	(void)state;
	end_point_is(TLS_PAIR_ECDSA_P256_SHA256, TLS1_3_VERSION, "SHA256");
	end_point_is(TLS_PAIR_ECDSA_P384_SHA384, TLS1_3_VERSION, "SHA384");
	end_point_is(TLS_PAIR_RSA_PSS_SHA384, TLS1_3_VERSION, "SHA384");
	end_point_is(TLS_PAIR_RSA_SHA1, TLS1_2_VERSION, "SHA256");
	end_point_is(TLS_PAIR_ECDSA_P384_SHA384, TLS1_2_VERSION, "SHA384");
}

/* Ed25519 signs without a separate hash: undefined (RFC 5929 4.1). */
static void end_point_undefined_for_ed25519(void **state)
{
	struct tls_pair p;
	struct binding b;

	(void)state;
	connect_tls(&p, TLS_PAIR_ED25519, TLS1_3_VERSION);
	assert_int_equal(get_binding(p.client, TLS_BRIDGE_CB_TLS_SERVER_END_POINT, &b),
			 TLS_BRIDGE_E_UNSUPPORTED);
	assert_int_equal(get_binding(p.server, TLS_BRIDGE_CB_TLS_SERVER_END_POINT, &b),
			 TLS_BRIDGE_E_UNSUPPORTED);
	tls_pair_free(&p);
}

/* tls-unique: not defined on TLS 1.3; on TLS 1.2 the first Finished (the
 * client's in a full handshake, the server's when resumed), equal at both
 * ends and different for each handshake. */
static void unique(void **state)
{
	struct tls_pair p;
	struct binding full, resumed, finished;
	SSL_SESSION *session;

	(void)state;
	connect_tls(&p, TLS_PAIR_ECDSA_P256_SHA256, TLS1_3_VERSION);
	assert_int_equal(get_binding(p.client, TLS_BRIDGE_CB_TLS_UNIQUE, &full),
			 TLS_BRIDGE_E_UNSUPPORTED);
	assert_int_equal(get_binding(p.server, TLS_BRIDGE_CB_TLS_UNIQUE, &full),
			 TLS_BRIDGE_E_UNSUPPORTED);
	tls_pair_free(&p);

	connect_tls(&p, TLS_PAIR_ECDSA_P256_SHA256, TLS1_2_VERSION);
	both_ends(&p, TLS_BRIDGE_CB_TLS_UNIQUE, &full);
	assert_int_equal(full.len, 12);
	finished.len = SSL_get_finished(p.client, finished.v, sizeof(finished.v));
	assert_int_equal(finished.len, 12);
	assert_memory_equal(full.v, finished.v, 12);
	session = SSL_get1_session(p.client);
	tls_pair_disconnect(&p);

	assert_int_equal(tls_pair_connect(&p, session), 0);
	assert_true(SSL_session_reused(p.client));
	both_ends(&p, TLS_BRIDGE_CB_TLS_UNIQUE, &resumed);
	finished.len = SSL_get_finished(p.server, finished.v, sizeof(finished.v));
	assert_memory_equal(resumed.v, finished.v, 12);
	assert_memory_not_equal(resumed.v, full.v, 12);
	SSL_SESSION_free(session);
	tls_pair_free(&p);
}

static void refusals(void **state)
{
	struct tls_pair p;
	struct binding b;
	uint8_t small[8];
	size_t len = sizeof(small);

	(void)state;
	assert_int_equal(tls_pair_init(&p, TLS_PAIR_ECDSA_P256_SHA256, TLS1_3_VERSION), 0);
	/* Before the handshake. */
	p.client = SSL_new(p.client_ctx);
	assert_int_equal(get_binding(p.client, TLS_BRIDGE_CB_TLS_EXPORTER, &b),
			 TLS_BRIDGE_E_NOT_AVAILABLE);
	tls_pair_disconnect(&p);

	assert_int_equal(tls_pair_connect(&p, NULL), 0);
	/* Too short a buffer: the length needed, and nothing written. */
	memset(small, 0xee, sizeof(small));
	assert_int_equal(tls_bridge_channel_binding(p.client, TLS_BRIDGE_CB_TLS_EXPORTER, small, &len),
			 TLS_BRIDGE_E_BUFFER);
	assert_int_equal(len, 32);
	for (len = 0; len < sizeof(small); len++) {
		assert_int_equal(small[len], 0xee);
	}
	len = 0;
	assert_int_equal(tls_bridge_channel_binding(p.client, TLS_BRIDGE_CB_TLS_EXPORTER, NULL, &len),
			 TLS_BRIDGE_E_BUFFER);
	assert_int_equal(len, 32);
	/* Bad arguments. */
	assert_int_equal(tls_bridge_channel_binding(NULL, TLS_BRIDGE_CB_TLS_EXPORTER, b.v, &b.len),
			 TLS_BRIDGE_E_INVALID);
	assert_int_equal(tls_bridge_channel_binding(p.client, TLS_BRIDGE_CB_TLS_EXPORTER, b.v, NULL),
			 TLS_BRIDGE_E_INVALID);
	assert_int_equal(get_binding(p.client, (enum tls_bridge_cb_type)0, &b),
			 TLS_BRIDGE_E_INVALID);
	assert_int_equal(get_binding(p.client, (enum tls_bridge_cb_type)4, &b),
			 TLS_BRIDGE_E_INVALID);
	tls_pair_free(&p);
}

static void names_and_messages(void **state)
{
	int codes[] = { TLS_BRIDGE_E_INVALID, TLS_BRIDGE_E_UNSUPPORTED, TLS_BRIDGE_E_NOT_AVAILABLE,
			TLS_BRIDGE_E_BUFFER, TLS_BRIDGE_E_CRYPTO };
	const char *unknown = tls_bridge_error_string(-100);
	size_t i, j;

	(void)state;
	assert_string_equal(tls_bridge_cb_type_name(TLS_BRIDGE_CB_TLS_UNIQUE), "tls-unique");
	assert_string_equal(tls_bridge_cb_type_name(TLS_BRIDGE_CB_TLS_SERVER_END_POINT),
			    "tls-server-end-point");
	assert_string_equal(tls_bridge_cb_type_name(TLS_BRIDGE_CB_TLS_EXPORTER), "tls-exporter");
	assert_null(tls_bridge_cb_type_name((enum tls_bridge_cb_type)0));
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		assert_string_not_equal(tls_bridge_error_string(codes[i]), unknown);
		for (j = 0; j < i; j++) {
			assert_string_not_equal(tls_bridge_error_string(codes[i]),
						tls_bridge_error_string(codes[j]));
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exporter_on_tls13),
		cmocka_unit_test(exporter_on_tls12_needs_ems_and_no_renegotiation),
		cmocka_unit_test(end_point_follows_the_signature_hash),
		cmocka_unit_test(end_point_undefined_for_ed25519),
		cmocka_unit_test(unique),
		cmocka_unit_test(refusals),
		cmocka_unit_test(names_and_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
