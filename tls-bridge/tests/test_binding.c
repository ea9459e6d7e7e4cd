/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The IPsec channel binding in the TLS handshake, both ends in one
 * process: bound when both give the same binding, refused or unbound (as
 * the policy says) when they differ or one end has none, and hostile
 * extensions refused with an alert (malformed, duplicated, or in the
 * wrong message, sent as raw records).  On TLS 1.2 and TLS 1.3.  The
 * bindings are given as data (the socket path needs the kernel's ESP: the
 * VM scenarios).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <tls_bridge.h>

#include "extension.h"
#include "status_assert.h"
#include "tls_pair.h"

static const uint8_t ours[] = "ipsec-sa-unique-v1:0123456789abcdef0123456789abcdef";
static const uint8_t theirs[] = "ipsec-sa-unique-v1:fedcba9876543210fedcba9876543210";
static const int versions[] = { TLS1_2_VERSION, TLS1_3_VERSION };

struct setup {
	enum tls_bridge_policy client, server; /* -1: tls-bridge not enabled */
	const uint8_t *client_binding, *server_binding;
};

/* Both ends of a connection as s says, with a certificate of kind, not
 * connected yet: the SSLs exist, to be adjusted before the handshake. */
static void prepare_pair(struct tls_pair *p, enum tls_pair_cert kind, int version,
			 const struct setup *s)
{
	assert_int_equal(tls_pair_init(p, kind, version), 0);
	if ((int)s->client >= 0) {
		assert_int_equal(tls_bridge_enable(p->client_ctx, s->client), 0);
	}
	if ((int)s->server >= 0) {
		assert_int_equal(tls_bridge_enable(p->server_ctx, s->server), 0);
	}
	p->client = SSL_new(p->client_ctx);
	p->server = SSL_new(p->server_ctx);
	if (s->client_binding != NULL) {
		assert_int_equal(tls_bridge_set_ipsec_binding(p->client, s->client_binding,
							      sizeof(ours) - 1),
				 0);
	}
	if (s->server_binding != NULL) {
		assert_int_equal(tls_bridge_set_ipsec_binding(p->server, s->server_binding,
							      sizeof(ours) - 1),
				 0);
	}
}

/* A connection as s says; the handshake's result (0 or -1). */
static int handshake_as(struct tls_pair *p, int version, const struct setup *s)
{
	prepare_pair(p, TLS_PAIR_ECDSA_P256_SHA256, version, s);
	return tls_pair_connect(p, NULL);
}

static void same_binding_is_bound(void **state)
{
	struct setup s = { .client = TLS_BRIDGE_PREFER, .server = TLS_BRIDGE_REQUIRE,
			   .client_binding = ours, .server_binding = ours };
	struct tls_pair p;
	size_t i;
	char buf[6];

	(void)state;
	for (i = 0; i < 2; i++) {
		assert_int_equal(handshake_as(&p, versions[i], &s), 0);
		assert_status(p.client, TLS_BRIDGE_BOUND, "verified the same");
		assert_status(p.server, TLS_BRIDGE_BOUND, "verified the same");
		assert_int_equal(SSL_write(p.client, "hello", 5), 5);
		assert_int_equal(SSL_read(p.server, buf, sizeof(buf)), 5);
		assert_memory_equal(buf, "hello", 5);
		tls_pair_free(&p);
	}
}

/* A HelloRetryRequest (the server wants another key share): the second
 * ClientHello is judged again, and the connection is bound. */
static void bound_across_a_hello_retry(void **state)
{
	struct setup s = { .client = TLS_BRIDGE_REQUIRE, .server = TLS_BRIDGE_REQUIRE,
			   .client_binding = ours, .server_binding = ours };
	struct tls_pair p;

	(void)state;
	prepare_pair(&p, TLS_PAIR_ECDSA_P256_SHA256, TLS1_3_VERSION, &s);
	assert_int_equal(SSL_set1_groups_list(p.client, "X25519:P-384"), 1);
	assert_int_equal(SSL_set1_groups_list(p.server, "P-384"), 1);
	assert_int_equal(tls_pair_connect(&p, NULL), 0);
	assert_string_equal(SSL_group_to_name(p.client, SSL_get_negotiated_group(p.client)),
			    "secp384r1");
	assert_status(p.client, TLS_BRIDGE_BOUND, "verified the same");
	assert_status(p.server, TLS_BRIDGE_BOUND, "verified the same");
	tls_pair_free(&p);
}

/* Different SA pairs (a man in the middle): ordinary TLS under PREFER,
 * which says why; a failed handshake under REQUIRE on either end. */
static void different_bindings(void **state)
{
	struct setup prefer = { .client = TLS_BRIDGE_PREFER, .server = TLS_BRIDGE_PREFER,
				.client_binding = ours, .server_binding = theirs };
	struct setup server_requires = { .client = TLS_BRIDGE_PREFER, .server = TLS_BRIDGE_REQUIRE,
					 .client_binding = ours, .server_binding = theirs };
	struct setup client_requires = { .client = TLS_BRIDGE_REQUIRE, .server = TLS_BRIDGE_PREFER,
					 .client_binding = ours, .server_binding = theirs };
	struct tls_pair p;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		assert_int_equal(handshake_as(&p, versions[i], &prefer), 0);
		assert_status(p.server, TLS_BRIDGE_NOT_BOUND, "differ");
		assert_status(p.client, TLS_BRIDGE_NOT_BOUND, "did not verify");
		tls_pair_free(&p);

		assert_int_equal(handshake_as(&p, versions[i], &server_requires), -1);
		assert_status(p.server, TLS_BRIDGE_NOT_BOUND, "differ");
		tls_pair_free(&p);

		assert_int_equal(handshake_as(&p, versions[i], &client_requires), -1);
		tls_pair_free(&p);
	}
}

/* A client under REQUIRE neither offers nor accepts a key exchange that
 * the server does not sign (static RSA): nothing would be left on which to
 * check that the server answered. */
static void require_needs_a_signed_key_exchange(void **state)
{
	struct setup require = { .client = TLS_BRIDGE_REQUIRE, .server = (enum tls_bridge_policy)-1,
				 .client_binding = ours, .server_binding = NULL };
	struct setup prefer = { .client = TLS_BRIDGE_PREFER, .server = (enum tls_bridge_policy)-1,
				.client_binding = ours, .server_binding = NULL };
	struct tls_pair p;

	(void)state;
	prepare_pair(&p, TLS_PAIR_RSA_PSS_SHA384, TLS1_2_VERSION, &require);
	assert_int_equal(SSL_set_cipher_list(p.server, "AES256-GCM-SHA384"), 1);
	assert_int_equal(tls_pair_connect(&p, NULL), -1);
	tls_pair_free(&p);
	/* The same server, and a client that only prefers: ordinary TLS. */
	prepare_pair(&p, TLS_PAIR_RSA_PSS_SHA384, TLS1_2_VERSION, &prefer);
	assert_int_equal(SSL_set_cipher_list(p.server, "AES256-GCM-SHA384"), 1);
	assert_int_equal(tls_pair_connect(&p, NULL), 0);
	assert_string_equal(SSL_get_cipher_name(p.client), "AES256-GCM-SHA384");
	assert_status(p.client, TLS_BRIDGE_NOT_BOUND, "did not answer");
	tls_pair_free(&p);
}

static int pass_hello(SSL *ssl, int *al, void *arg)
{
	(void)ssl, (void)al, (void)arg;
	return SSL_CLIENT_HELLO_SUCCESS;
}

/* A server under REQUIRE whose application replaced tls-bridge's
 * ClientHello callback still shares no cipher with an unbound client. */
static void require_survives_a_replaced_hello_callback(void **state)
{
	struct setup s = { .client = (enum tls_bridge_policy)-1, .server = TLS_BRIDGE_REQUIRE,
			   .client_binding = NULL, .server_binding = ours };
	struct tls_pair p;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		prepare_pair(&p, TLS_PAIR_ECDSA_P256_SHA256, versions[i], &s);
		SSL_CTX_set_client_hello_cb(p.server_ctx, pass_hello, NULL);
		assert_int_equal(tls_pair_connect(&p, NULL), -1);
		tls_pair_free(&p);
	}
}

/* One end without tls-bridge, or without a binding. */
static void one_sided(void **state)
{
	struct setup plain_server = { .client = TLS_BRIDGE_REQUIRE,
				      .server = (enum tls_bridge_policy)-1,
				      .client_binding = ours, .server_binding = NULL };
	struct setup plain_server_prefer = { .client = TLS_BRIDGE_PREFER,
					     .server = (enum tls_bridge_policy)-1,
					     .client_binding = ours, .server_binding = NULL };
	struct setup plain_client = { .client = (enum tls_bridge_policy)-1,
				      .server = TLS_BRIDGE_REQUIRE,
				      .client_binding = NULL, .server_binding = ours };
	struct setup unbound_server = { .client = TLS_BRIDGE_PREFER, .server = TLS_BRIDGE_PREFER,
					.client_binding = ours, .server_binding = NULL };
	struct setup unbound_client = { .client = TLS_BRIDGE_REQUIRE, .server = TLS_BRIDGE_PREFER,
					.client_binding = NULL, .server_binding = ours };
	struct tls_pair p;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		/* A server that does not answer: the client under REQUIRE fails. */
		assert_int_equal(handshake_as(&p, versions[i], &plain_server), -1);
		tls_pair_free(&p);
		assert_int_equal(handshake_as(&p, versions[i], &plain_server_prefer), 0);
		assert_status(p.client, TLS_BRIDGE_NOT_BOUND, "did not answer");
		tls_pair_free(&p);
		/* A client that does not offer: the server under REQUIRE fails. */
		assert_int_equal(handshake_as(&p, versions[i], &plain_client), -1);
		tls_pair_free(&p);
		assert_int_equal(handshake_as(&p, versions[i], &unbound_server), 0);
		assert_status(p.server, TLS_BRIDGE_NOT_BOUND, "this end has no");
		assert_status(p.client, TLS_BRIDGE_NOT_BOUND, "did not verify");
		tls_pair_free(&p);
		assert_int_equal(handshake_as(&p, versions[i], &unbound_client), -1);
		tls_pair_free(&p);
	}
}

/* A client under REQUIRE does not resume: a resumed handshake has no
 * certificate on which to check the server's answer. */
static void require_refuses_resumption(void **state)
{
	struct setup s = { .client = TLS_BRIDGE_REQUIRE, .server = TLS_BRIDGE_PREFER,
			   .client_binding = ours, .server_binding = ours };
	struct tls_pair p;
	SSL_SESSION *session;

	(void)state;
	assert_int_equal(handshake_as(&p, TLS1_2_VERSION, &s), 0);
	session = SSL_get1_session(p.client);
	assert_true(SSL_SESSION_is_resumable(session));
	tls_pair_disconnect(&p);
	p.client = SSL_new(p.client_ctx);
	p.server = SSL_new(p.server_ctx);
	assert_int_equal(tls_bridge_set_ipsec_binding(p.client, ours, sizeof(ours) - 1), 0);
	assert_int_equal(tls_bridge_set_ipsec_binding(p.server, ours, sizeof(ours) - 1), 0);
	assert_int_equal(tls_pair_connect(&p, session), -1);
	assert_status(p.client, TLS_BRIDGE_NOT_BOUND, "resumed session");
	SSL_SESSION_free(session);
	tls_pair_free(&p);
}

static void raw_extension(SSL_CTX *ctx, struct tls_pair_raw *r)
{
	assert_int_equal(tls_pair_raw_extension(ctx, TLS_BRIDGE_EXTENSION_TYPE, r), 1);
}

/* The alert that the end which received the bad data sent. */
static int last_alert;

static void on_info(const SSL *ssl, int where, int ret)
{
	(void)ssl;
	if ((where & SSL_CB_WRITE_ALERT) != 0) {
		last_alert = ret & 0xff;
	}
}

static void hostile_offers(void **state)
{
	static const uint8_t version2[] = { 2, 0, 3, 'a', 'b', 'c' };
	static const uint8_t short_len[] = { 1, 0, 4, 'a', 'b', 'c' };
	static const uint8_t long_len[] = { 1, 0, 2, 'a', 'b', 'c' };
	static const uint8_t empty_binding[] = { 1, 0, 0 };
	static const uint8_t unknown_flag[] = { 1, 0x80, 1, 'a' };
	static const uint8_t truncated[] = { 1 };
	uint8_t oversized[3 + 200];
	struct tls_pair_raw cases[] = {
		{ .data = version2, .len = sizeof(version2) },
		{ .data = short_len, .len = sizeof(short_len) },
		{ .data = long_len, .len = sizeof(long_len) },
		{ .data = empty_binding, .len = sizeof(empty_binding) },
		{ .data = unknown_flag, .len = sizeof(unknown_flag) },
		{ .data = truncated, .len = sizeof(truncated) },
		{ .data = oversized, .len = sizeof(oversized) },
		{ .data = (const uint8_t *)"", .len = 0 },
	};
	size_t i, v;

	(void)state;
	memset(oversized, 'x', sizeof(oversized));
	oversized[0] = 1;
	oversized[1] = 0;
	oversized[2] = 200;
	for (v = 0; v < 2; v++) {
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			struct tls_pair p;

			assert_int_equal(tls_pair_init(&p, TLS_PAIR_ECDSA_P256_SHA256, versions[v]), 0);
			raw_extension(p.client_ctx, &cases[i]);
			assert_int_equal(tls_bridge_enable(p.server_ctx, TLS_BRIDGE_PREFER), 0);
			SSL_CTX_set_info_callback(p.server_ctx, on_info);
			last_alert = 0;
			assert_int_equal(tls_pair_connect(&p, NULL), -1);
			assert_int_equal(last_alert, SSL_AD_DECODE_ERROR);
			tls_pair_free(&p);
		}
	}
}

static void hostile_verdicts(void **state)
{
	static const uint8_t bridged_only[] = { 1, TLS_BRIDGE_VERDICT_BRIDGED };
	static const uint8_t bridged[] = { 1, TLS_BRIDGE_VERDICT_BOUND | TLS_BRIDGE_VERDICT_BRIDGED };
	static const uint8_t unknown[] = { 1, 0x41 };
	static const uint8_t longer[] = { 1, 1, 0 };
	static const uint8_t version2[] = { 2, 1 };
	struct tls_pair_raw cases[] = {
		{ .data = bridged_only, .len = sizeof(bridged_only) },
		{ .data = bridged, .len = sizeof(bridged) },
		{ .data = unknown, .len = sizeof(unknown) },
		{ .data = longer, .len = sizeof(longer) },
		{ .data = version2, .len = sizeof(version2) },
	};
	size_t i, v;

	(void)state;
	for (v = 0; v < 2; v++) {
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			struct tls_pair p;

			assert_int_equal(tls_pair_init(&p, TLS_PAIR_ECDSA_P256_SHA256, versions[v]), 0);
			assert_int_equal(tls_bridge_enable(p.client_ctx, TLS_BRIDGE_PREFER), 0);
			raw_extension(p.server_ctx, &cases[i]);
			SSL_CTX_set_info_callback(p.client_ctx, on_info);
			p.client = SSL_new(p.client_ctx);
			assert_int_equal(tls_bridge_set_ipsec_binding(p.client, ours, sizeof(ours) - 1),
					 0);
			last_alert = 0;
			assert_int_equal(tls_pair_connect(&p, NULL), -1);
			assert_int_equal(last_alert, SSL_AD_ILLEGAL_PARAMETER);
			tls_pair_free(&p);
		}
	}
}

/*
 * Raw handshake records, to send what no OpenSSL API sends: one record
 * holding one ClientHello or ServerHello.  ext_list() finds the offset of
 * its extensions' length field; add_extension() appends an extension and
 * mends the three lengths around it.
 */
struct record {
	uint8_t b[8192];
	size_t len;
};

static size_t ext_list(const struct record *r, int client_hello)
{
	size_t at = 5 + 4 + 2 + 32; /* record and handshake headers, version, random */

	at += 1 + r->b[at]; /* session id */
	if (client_hello) {
		at += 2 + ((size_t)r->b[at] << 8 | r->b[at + 1]); /* cipher suites */
		at += 1 + r->b[at];				   /* compression methods */
	} else {
		at += 2 + 1; /* the cipher suite and compression method chosen */
	}
	assert_true(at + 2 <= r->len);
	return at;
}

static void put16(uint8_t *p, size_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void add_extension(struct record *r, int client_hello, const uint8_t *ext, size_t n)
{
	size_t list = ext_list(r, client_hello), end, message;

	end = list + 2 + ((size_t)r->b[list] << 8 | r->b[list + 1]);
	assert_true(r->len + n <= sizeof(r->b));
	memmove(r->b + end + n, r->b + end, r->len - end);
	memcpy(r->b + end, ext, n);
	r->len += n;
	put16(r->b + list, ((size_t)r->b[list] << 8 | r->b[list + 1]) + n);
	put16(r->b + 3, ((size_t)r->b[3] << 8 | r->b[4]) + n); /* the record's */
	message = ((size_t)r->b[6] << 16 | (size_t)r->b[7] << 8 | r->b[8]) + n;
	r->b[6] = (uint8_t)(message >> 16);
	put16(r->b + 7, message & 0xffff);
}

/* tls-bridge's extension (type and length first) in record r, copied to
 * out: its length. */
static size_t our_extension(const struct record *r, uint8_t *out)
{
	size_t at = ext_list(r, 1) + 2;

	while (at + 4 <= r->len) {
		size_t type = (size_t)r->b[at] << 8 | r->b[at + 1];
		size_t len = 4 + ((size_t)r->b[at + 2] << 8 | r->b[at + 3]);

		if (type == TLS_BRIDGE_EXTENSION_TYPE) {
			memcpy(out, r->b + at, len);
			return len;
		}
		at += len;
	}
	fail_msg("no tls-bridge extension in the ClientHello");
	return 0;
}

/* What one end wrote into its side of the pair, taken out raw. */
static void take_record(BIO *peer_side, struct record *r)
{
	int n = BIO_read(peer_side, r->b, sizeof(r->b));

	assert_true(n > 0);
	r->len = (size_t)n;
}

/* A connection as s says whose client has written its ClientHello into a
 * BIO pair: *server_side is the pair's other end, not yet the server's. */
static void client_hello_written(struct tls_pair *p, int version, const struct setup *s,
				 BIO **client_side, BIO **server_side)
{
	prepare_pair(p, TLS_PAIR_ECDSA_P256_SHA256, version, s);
	assert_int_equal(BIO_new_bio_pair(client_side, 0, server_side, 0), 1);
	SSL_set_bio(p->client, *client_side, *client_side);
	SSL_set_connect_state(p->client);
	assert_int_equal(SSL_do_handshake(p->client), -1);
}

/* The same extension twice in one ClientHello: refused with an alert. */
static void duplicated_offer(void **state)
{
	struct setup s = { .client = TLS_BRIDGE_PREFER, .server = TLS_BRIDGE_PREFER,
			   .client_binding = ours, .server_binding = ours };
	struct record hello;
	uint8_t ext[4 + 3 + TLS_BRIDGE_BINDING_MAX];
	size_t i, n;

	(void)state;
	for (i = 0; i < 2; i++) {
		struct tls_pair p;
		BIO *client_side, *server_side;

		client_hello_written(&p, versions[i], &s, &client_side, &server_side);
		take_record(server_side, &hello);
		BIO_free(server_side);
		n = our_extension(&hello, ext);
		add_extension(&hello, 1, ext, n);
		SSL_set_bio(p.server, BIO_new_mem_buf(hello.b, (int)hello.len), BIO_new(BIO_s_mem()));
		SSL_set_info_callback(p.server, on_info);
		last_alert = 0;
		assert_int_equal(SSL_accept(p.server), -1);
		assert_int_equal(last_alert, SSL_AD_ILLEGAL_PARAMETER);
		tls_pair_free(&p);
	}
}

/* A verdict in a TLS 1.3 ServerHello, where it does not belong (it goes
 * in the EncryptedExtensions): refused with an alert. */
static void verdict_in_the_wrong_message(void **state)
{
	static const uint8_t verdict[] = { 0xFF, 0xBB, 0, 2, 1, TLS_BRIDGE_VERDICT_BOUND };
	struct setup s = { .client = TLS_BRIDGE_PREFER, .server = TLS_BRIDGE_PREFER,
			   .client_binding = ours, .server_binding = ours };
	struct tls_pair p;
	struct record flight;
	BIO *client_side, *server_side;

	(void)state;
	client_hello_written(&p, TLS1_3_VERSION, &s, &client_side, &server_side);
	SSL_set_bio(p.server, server_side, server_side);
	SSL_set_accept_state(p.server);
	assert_int_equal(SSL_do_handshake(p.server), -1); /* its first flight written */
	take_record(client_side, &flight);
	/* The ServerHello is the flight's first record, in clear. */
	flight.len = 5 + ((size_t)flight.b[3] << 8 | flight.b[4]);
	add_extension(&flight, 0, verdict, sizeof(verdict));
	/* The pair's end stays the client's wbio; set0 drops it as rbio. */
	SSL_set0_rbio(p.client, BIO_new_mem_buf(flight.b, (int)flight.len));
	SSL_set_info_callback(p.client, on_info);
	last_alert = 0;
	assert_int_equal(SSL_do_handshake(p.client), -1);
	assert_int_equal(last_alert, SSL_AD_ILLEGAL_PARAMETER);
	tls_pair_free(&p);
}

static void misused_binding_calls_are_refused(void **state)
{
	struct setup s = { .client = TLS_BRIDGE_PREFER, .server = TLS_BRIDGE_PREFER,
			   .client_binding = ours, .server_binding = ours };
	uint8_t big[TLS_BRIDGE_BINDING_MAX + 1];
	struct tls_pair p;
	int sv[2];

	(void)state;
	memset(big, 'x', sizeof(big));
	assert_int_equal(handshake_as(&p, TLS1_3_VERSION, &s), 0);
	/* Once per SSL_CTX; bindings before the handshake only. */
	assert_int_equal(tls_bridge_enable(p.client_ctx, TLS_BRIDGE_PREFER), TLS_BRIDGE_E_STATE);
	assert_int_equal(tls_bridge_set_ipsec_binding(p.client, ours, sizeof(ours) - 1),
			 TLS_BRIDGE_E_STATE);
	tls_pair_disconnect(&p);
	p.client = SSL_new(p.client_ctx);
	assert_int_equal(tls_bridge_enable(NULL, TLS_BRIDGE_PREFER), TLS_BRIDGE_E_INVALID);
	assert_int_equal(tls_bridge_enable(p.server_ctx, (enum tls_bridge_policy)7),
			 TLS_BRIDGE_E_INVALID);
	assert_int_equal(tls_bridge_set_ipsec_binding(p.client, big, sizeof(big)),
			 TLS_BRIDGE_E_INVALID);
	assert_int_equal(tls_bridge_set_ipsec_binding(p.client, ours, 0), TLS_BRIDGE_E_INVALID);
	/* A socket with no IPsec: no binding, and the reason. */
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(tls_bridge_attach(p.client, sv[0]), TLS_BRIDGE_E_IPSEC);
	assert_int_equal(tls_bridge_attach(p.client, -1), TLS_BRIDGE_E_INVALID);
	close(sv[0]);
	close(sv[1]);
	assert_int_equal(tls_bridge_get_status(NULL, NULL), TLS_BRIDGE_NOT_BOUND);
	assert_status(p.client, TLS_BRIDGE_NOT_BOUND, "not complete");
	tls_pair_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_binding_is_bound),
		cmocka_unit_test(bound_across_a_hello_retry),
		cmocka_unit_test(different_bindings),
		cmocka_unit_test(one_sided),
		cmocka_unit_test(require_refuses_resumption),
		cmocka_unit_test(require_needs_a_signed_key_exchange),
		cmocka_unit_test(require_survives_a_replaced_hello_callback),
		cmocka_unit_test(hostile_offers),
		cmocka_unit_test(hostile_verdicts),
		cmocka_unit_test(duplicated_offer),
		cmocka_unit_test(verdict_in_the_wrong_message),
		cmocka_unit_test(misused_binding_calls_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
