/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tls-bridge on a server that routes by name, as web servers and proxies
 * do: a servername callback, or a ClientHello callback of the
 * application's, switches the connection to a second SSL_CTX (its own
 * certificate and policy) by the client's SNI.  The binding holds on the
 * switched connection and the second SSL_CTX's TLS_BRIDGE_REQUIRE refuses
 * an unbound client, in full and in resumed handshakes; the application's
 * ClientHello callback, given before or after tls_bridge_enable() or
 * calling tls_bridge_client_hello() itself, runs with tls-bridge's check,
 * whose absence fails the handshake.  Failures are on OpenSSL's error
 * queue under tls-bridge's name.  Both ends in one process, real OpenSSL
 * on both; TLS 1.2 and TLS 1.3.
 */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <openssl/err.h>
#include <string.h>

#include <tls_bridge.h>

#include "status_assert.h"
#include "tls_pair.h"

static const uint8_t ours[] = "ipsec-sa-unique-v1:0123456789abcdef0123456789abcdef";
static const int versions[] = { TLS1_2_VERSION, TLS1_3_VERSION };

#define NO_TLS_BRIDGE (-1)
#define SECURE_NAME "secure.test"
#define PLAIN_NAME "plain.test"

/*
 * A server whose connections start on front.server_ctx and move to
 * secure.server_ctx (another certificate) when the client asks for
 * SECURE_NAME; front.client_ctx is the client's.  seen counts the calls
 * of the application's ClientHello callback.
 */
struct servers {
	struct tls_pair front, secure;
	unsigned int seen;
	int retries; /* how many times the ClientHello callback says retry */
	int refuse_alert; /* not 0: the ClientHello callback fails with it */
};

/* The servername callback that moves a connection to the secure SSL_CTX. */
static int route_by_servername(SSL *ssl, int *al, void *arg)
{
	struct servers *s = arg;
	const char *name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);

	if (name != NULL && strcmp(name, SECURE_NAME) == 0 &&
	    SSL_set_SSL_CTX(ssl, s->secure.server_ctx) == NULL) {
		*al = SSL_AD_INTERNAL_ERROR;
		return SSL_TLSEXT_ERR_ALERT_FATAL;
	}
	return SSL_TLSEXT_ERR_OK;
}

/* The application's ClientHello callback: counts, may ask to be called
 * again or fail, and moves a connection that names SECURE_NAME (as a
 * proxy does, from the raw extension). */
static int route_by_client_hello(SSL *ssl, int *al, void *arg)
{
	struct servers *s = arg;
	const unsigned char *sni;
	size_t len;

	s->seen++;
	if (s->retries > 0) {
		s->retries--;
		return SSL_CLIENT_HELLO_RETRY;
	}
	if (s->refuse_alert != 0) {
		*al = s->refuse_alert;
		return SSL_CLIENT_HELLO_ERROR;
	}
	if (SSL_client_hello_get0_ext(ssl, TLSEXT_TYPE_server_name, &sni, &len) == 1 &&
	    memmem(sni, len, SECURE_NAME, strlen(SECURE_NAME)) != NULL &&
	    SSL_set_SSL_CTX(ssl, s->secure.server_ctx) == NULL) {
		*al = SSL_AD_INTERNAL_ERROR;
		return SSL_CLIENT_HELLO_ERROR;
	}
	return SSL_CLIENT_HELLO_SUCCESS;
}

/* The same, and then tls-bridge's check, as an application that keeps
 * SSL_CTX_set_client_hello_cb() to itself calls it. */
static int route_then_check(SSL *ssl, int *al, void *arg)
{
	int rc = route_by_client_hello(ssl, al, arg);

	return rc == SSL_CLIENT_HELLO_SUCCESS ? tls_bridge_client_hello(ssl, al) : rc;
}

/* Two server SSL_CTXs of version, tls-bridge enabled on each as asked
 * (NO_TLS_BRIDGE: not), and the client's; no routing yet. */
static void make_servers(struct servers *s, int version, int front_policy, int secure_policy,
			 int client_policy)
{
	memset(s, 0, sizeof(*s));
	assert_int_equal(tls_pair_init(&s->front, TLS_PAIR_ECDSA_P256_SHA256, version), 0);
	assert_int_equal(tls_pair_init(&s->secure, TLS_PAIR_ECDSA_P384_SHA384, version), 0);
	if (front_policy != NO_TLS_BRIDGE) {
		assert_int_equal(tls_bridge_enable(s->front.server_ctx, front_policy), 0);
	}
	if (secure_policy != NO_TLS_BRIDGE) {
		assert_int_equal(tls_bridge_enable(s->secure.server_ctx, secure_policy), 0);
	}
	if (client_policy != NO_TLS_BRIDGE) {
		assert_int_equal(tls_bridge_enable(s->front.client_ctx, client_policy), 0);
	}
	/* The same session id context on both, as one server has. */
	assert_int_equal(SSL_CTX_set_session_id_context(s->front.server_ctx,
							(const unsigned char *)"srv", 3), 1);
	assert_int_equal(SSL_CTX_set_session_id_context(s->secure.server_ctx,
							(const unsigned char *)"srv", 3), 1);
	SSL_CTX_set_session_cache_mode(s->front.client_ctx, SSL_SESS_CACHE_CLIENT);
}

static void route_with_servername_callback(struct servers *s)
{
	SSL_CTX_set_tlsext_servername_callback(s->front.server_ctx, route_by_servername);
	SSL_CTX_set_tlsext_servername_arg(s->front.server_ctx, s);
}

static void free_servers(struct servers *s)
{
	tls_pair_free(&s->front);
	tls_pair_free(&s->secure);
}

/* A connection to name, the client with binding (or none), the server
 * with ours, resuming session if not NULL: the handshake's result. */
static int connect_to(struct servers *s, const char *name, const uint8_t *binding,
		      SSL_SESSION *session)
{
	struct tls_pair *p = &s->front;

	tls_pair_disconnect(p);
	ERR_clear_error();
	p->client = SSL_new(p->client_ctx);
	p->server = SSL_new(p->server_ctx);
	assert_non_null(p->client);
	assert_non_null(p->server);
	assert_int_equal(SSL_set_tlsext_host_name(p->client, name), 1);
	assert_int_equal(tls_bridge_set_ipsec_binding(p->server, ours, sizeof(ours) - 1), 0);
	if (binding != NULL) {
		assert_int_equal(tls_bridge_set_ipsec_binding(p->client, binding, sizeof(ours) - 1),
				 0);
	}
	return tls_pair_connect(p, session);
}

/* The session the client has after the handshake (TLS 1.3 sends it
 * afterwards: the client reads it with data). */
static SSL_SESSION *client_session(struct tls_pair *p)
{
	char c;

	assert_int_equal(SSL_write(p->server, "x", 1), 1);
	assert_int_equal(SSL_read(p->client, &c, 1), 1);
	return SSL_get1_session(p->client);
}

/* The error queue, as ERR_print_errors() prints it, names tls-bridge
 * and says part; the queue is emptied. */
static void assert_queue_says(const char *part)
{
	BIO *mem = BIO_new(BIO_s_mem());
	char *text;
	long len;

	assert_non_null(mem);
	ERR_print_errors(mem);
	assert_int_equal(BIO_write(mem, "", 1), 1);
	len = BIO_get_mem_data(mem, &text);
	assert_true(len > 0);
	if (strstr(text, ":tls-bridge:") == NULL || strstr(text, part) == NULL) {
		fail_msg("error queue: \"%s\", expected tls-bridge saying \"%s\"", text, part);
	}
	BIO_free(mem);
}

/* The server's connection ended on the secure SSL_CTX: the client saw its
 * certificate. */
static void assert_served_by_secure(struct servers *s)
{
	assert_ptr_equal(SSL_get_SSL_CTX(s->front.server), s->secure.server_ctx);
	assert_int_equal(X509_cmp(SSL_get0_peer_certificate(s->front.client), s->secure.cert), 0);
}

/* A servername callback moves a bound connection: it stays bound, on the
 * second SSL_CTX, under its REQUIRE. */
static void bound_across_a_servername_switch(void **state)
{
	struct servers s;
	size_t v;

	(void)state;
	for (v = 0; v < 2; v++) {
		make_servers(&s, versions[v], TLS_BRIDGE_PREFER, TLS_BRIDGE_REQUIRE,
			     TLS_BRIDGE_PREFER);
		route_with_servername_callback(&s);
		assert_int_equal(connect_to(&s, SECURE_NAME, ours, NULL), 0);
		assert_served_by_secure(&s);
		assert_status(s.front.server, TLS_BRIDGE_BOUND, "verified the same");
		assert_status(s.front.client, TLS_BRIDGE_BOUND, "verified the same");
		assert_int_equal(ERR_peek_error(), 0);
		free_servers(&s);
	}
}

/* The front SSL_CTX prefers, the secure one requires: a client without
 * the extension is served unbound by the first and refused after the
 * switch to the second; and so is one whose binding differs. */
static void require_holds_after_a_servername_switch(void **state)
{
	static const uint8_t other[] = "ipsec-sa-unique-v1:fedcba9876543210fedcba9876543210";
	struct servers s;
	size_t v;

	(void)state;
	for (v = 0; v < 2; v++) {
		make_servers(&s, versions[v], TLS_BRIDGE_PREFER, TLS_BRIDGE_REQUIRE, NO_TLS_BRIDGE);
		route_with_servername_callback(&s);
		assert_int_equal(connect_to(&s, PLAIN_NAME, NULL, NULL), 0);
		assert_status(s.front.server, TLS_BRIDGE_NOT_BOUND, "offered no");
		assert_int_equal(connect_to(&s, SECURE_NAME, NULL, NULL), -1);
		assert_ptr_equal(SSL_get_SSL_CTX(s.front.server), s.secure.server_ctx);
		assert_status(s.front.server, TLS_BRIDGE_NOT_BOUND, "offered no");
		assert_queue_says("offered no IPsec channel binding");
		free_servers(&s);

		make_servers(&s, versions[v], TLS_BRIDGE_PREFER, TLS_BRIDGE_REQUIRE,
			     TLS_BRIDGE_PREFER);
		route_with_servername_callback(&s);
		assert_int_equal(connect_to(&s, SECURE_NAME, other, NULL), -1);
		assert_status(s.front.server, TLS_BRIDGE_NOT_BOUND, "differ");
		assert_queue_says("bindings differ");
		free_servers(&s);
	}
}

/*
 * Resumed handshakes sign nothing, and on TLS 1.2 choose no cipher either,
 * where the checks after a switch are made.  An unbound connection's
 * session is resumed on the front; asked for by the secure name, TLS 1.2
 * resumes it on the SSL_CTX of the name it was made with (OpenSSL gives
 * the servername callback that name), TLS 1.3 meets the secure SSL_CTX's
 * REQUIRE.  A bound connection's session is resumed by a bound one, not
 * by an unbound one, which then meets REQUIRE in a full handshake.
 */
static void require_holds_for_resumed_sessions(void **state)
{
	struct servers s;
	SSL_SESSION *session;
	size_t v;

	(void)state;
	for (v = 0; v < 2; v++) {
		make_servers(&s, versions[v], TLS_BRIDGE_PREFER, TLS_BRIDGE_REQUIRE,
			     TLS_BRIDGE_PREFER);
		route_with_servername_callback(&s);
		assert_int_equal(connect_to(&s, PLAIN_NAME, NULL, NULL), 0);
		session = client_session(&s.front);
		assert_int_equal(connect_to(&s, PLAIN_NAME, NULL, session), 0);
		assert_true(SSL_session_reused(s.front.server));
		if (versions[v] == TLS1_2_VERSION) {
			assert_int_equal(connect_to(&s, SECURE_NAME, NULL, session), 0);
			assert_true(SSL_session_reused(s.front.server));
			assert_ptr_equal(SSL_get_SSL_CTX(s.front.server), s.front.server_ctx);
		} else {
			assert_int_equal(connect_to(&s, SECURE_NAME, NULL, session), -1);
			assert_queue_says("offered no IPsec channel binding");
		}
		SSL_SESSION_free(session);

		/* Bound, on the secure SSL_CTX: resumed when bound again, and
		 * refused to an unbound connection. */
		assert_int_equal(connect_to(&s, SECURE_NAME, ours, NULL), 0);
		session = client_session(&s.front);
		assert_true(SSL_SESSION_is_resumable(session));
		assert_int_equal(connect_to(&s, SECURE_NAME, ours, session), 0);
		assert_true(SSL_session_reused(s.front.server));
		assert_status(s.front.server, TLS_BRIDGE_BOUND, "verified the same");
		assert_int_equal(connect_to(&s, SECURE_NAME, NULL, session), -1);
		assert_false(SSL_session_reused(s.front.server));
		assert_queue_says("offered no IPsec channel binding");
		SSL_SESSION_free(session);
		free_servers(&s);
	}
}

/*
 * The application's ClientHello callback, given to tls-bridge before and
 * after tls_bridge_enable(), moves the connection by the raw SNI: it runs,
 * and tls-bridge's check after it applies the secure SSL_CTX's REQUIRE.
 */
static void application_client_hello_callback_is_chained(void **state)
{
	struct servers s;
	size_t v, before;

	(void)state;
	for (v = 0; v < 2; v++) {
		for (before = 0; before < 2; before++) {
			memset(&s, 0, sizeof(s));
			assert_int_equal(tls_pair_init(&s.front, TLS_PAIR_ECDSA_P256_SHA256,
						       versions[v]),
					 0);
			assert_int_equal(tls_pair_init(&s.secure, TLS_PAIR_ECDSA_P384_SHA384,
						       versions[v]),
					 0);
			if (before) {
				assert_int_equal(tls_bridge_set_client_hello_cb(
							 s.front.server_ctx, route_by_client_hello, &s),
						 0);
			}
			assert_int_equal(tls_bridge_enable(s.front.server_ctx, TLS_BRIDGE_PREFER), 0);
			assert_int_equal(tls_bridge_enable(s.secure.server_ctx, TLS_BRIDGE_REQUIRE),
					 0);
			assert_int_equal(tls_bridge_enable(s.front.client_ctx, TLS_BRIDGE_PREFER), 0);
			if (!before) {
				assert_int_equal(tls_bridge_set_client_hello_cb(
							 s.front.server_ctx, route_by_client_hello, &s),
						 0);
			}
			assert_int_equal(connect_to(&s, SECURE_NAME, ours, NULL), 0);
			assert_int_equal(s.seen, 1);
			assert_served_by_secure(&s);
			assert_status(s.front.server, TLS_BRIDGE_BOUND, "verified the same");
			assert_int_equal(connect_to(&s, SECURE_NAME, NULL, NULL), -1);
			assert_int_equal(s.seen, 2);
			assert_status(s.front.server, TLS_BRIDGE_NOT_BOUND, "offered no");
			assert_queue_says("offered no IPsec channel binding");
			assert_int_equal(connect_to(&s, PLAIN_NAME, NULL, NULL), 0);
			assert_int_equal(s.seen, 3);
			assert_status(s.front.server, TLS_BRIDGE_NOT_BOUND, "offered no");
			free_servers(&s);
		}
	}
}

/* A bound connection's session stays with the SSL_CTX that the
 * application's ClientHello callback chose: resumed there, not on the
 * other one. */
static void bound_sessions_stay_with_their_ssl_ctx(void **state)
{
	struct servers s;
	SSL_SESSION *session;
	size_t v;

	(void)state;
	for (v = 0; v < 2; v++) {
		make_servers(&s, versions[v], TLS_BRIDGE_PREFER, TLS_BRIDGE_PREFER,
			     TLS_BRIDGE_PREFER);
		assert_int_equal(tls_bridge_set_client_hello_cb(s.front.server_ctx,
								route_by_client_hello, &s),
				 0);
		assert_int_equal(connect_to(&s, SECURE_NAME, ours, NULL), 0);
		session = client_session(&s.front);
		assert_int_equal(connect_to(&s, SECURE_NAME, ours, session), 0);
		assert_true(SSL_session_reused(s.front.server));
		assert_int_equal(connect_to(&s, PLAIN_NAME, ours, session), 0);
		assert_false(SSL_session_reused(s.front.server));
		assert_status(s.front.server, TLS_BRIDGE_BOUND, "verified the same");
		SSL_SESSION_free(session);
		free_servers(&s);
	}
}

/* tls-bridge's check runs after the application's callback, under the
 * settings of the SSL_CTX it moved the connection to: here a laxer one
 * (PREFER) than the first (REQUIRE), which refuses what stays on it. */
static void check_follows_the_application_switch(void **state)
{
	struct servers s;
	size_t v;

	(void)state;
	for (v = 0; v < 2; v++) {
		make_servers(&s, versions[v], TLS_BRIDGE_REQUIRE, TLS_BRIDGE_PREFER, NO_TLS_BRIDGE);
		assert_int_equal(tls_bridge_set_client_hello_cb(s.front.server_ctx,
								route_by_client_hello, &s),
				 0);
		assert_int_equal(connect_to(&s, SECURE_NAME, NULL, NULL), 0);
		assert_served_by_secure(&s);
		assert_status(s.front.server, TLS_BRIDGE_NOT_BOUND, "offered no");
		assert_int_equal(connect_to(&s, PLAIN_NAME, NULL, NULL), -1);
		assert_queue_says("offered no IPsec channel binding");
		assert_int_equal(s.seen, 2);
		free_servers(&s);
	}
}

/* An application that keeps SSL_CTX_set_client_hello_cb(), set after
 * tls_bridge_enable(), and calls tls_bridge_client_hello() from it. */
static void application_calls_the_check(void **state)
{
	struct servers s;
	size_t v;

	(void)state;
	for (v = 0; v < 2; v++) {
		make_servers(&s, versions[v], TLS_BRIDGE_PREFER, TLS_BRIDGE_REQUIRE,
			     TLS_BRIDGE_PREFER);
		SSL_CTX_set_client_hello_cb(s.front.server_ctx, route_then_check, &s);
		assert_int_equal(connect_to(&s, SECURE_NAME, ours, NULL), 0);
		assert_served_by_secure(&s);
		assert_status(s.front.server, TLS_BRIDGE_BOUND, "verified the same");
		assert_int_equal(connect_to(&s, SECURE_NAME, NULL, NULL), -1);
		assert_int_equal(s.seen, 2);
		assert_queue_says("offered no IPsec channel binding");
		free_servers(&s);
	}
}

/* A replaced callback that does not call the check: every handshake of
 * the server fails, under PREFER too, and the queue says why. */
static void skipped_check_fails_the_handshake(void **state)
{
	struct servers s;
	size_t v, policy;

	(void)state;
	for (v = 0; v < 2; v++) {
		for (policy = TLS_BRIDGE_PREFER; policy <= TLS_BRIDGE_REQUIRE; policy++) {
			make_servers(&s, versions[v], (int)policy, NO_TLS_BRIDGE,
				     TLS_BRIDGE_PREFER);
			SSL_CTX_set_client_hello_cb(s.front.server_ctx, route_by_client_hello, &s);
			assert_int_equal(connect_to(&s, PLAIN_NAME, ours, NULL), -1);
			assert_int_equal(s.seen, 1);
			assert_status(s.front.server, TLS_BRIDGE_NOT_BOUND, "did not run");
			assert_queue_says("tls_bridge_client_hello");
			assert_int_equal(connect_to(&s, PLAIN_NAME, NULL, NULL), -1);
			assert_queue_says("did not run");
			free_servers(&s);
		}
	}
}

/* What the application's callback returns other than success is passed
 * on: a retry suspends the handshake, which then goes on and is checked;
 * a failure ends it with the application's alert. */
static int last_alert;

static void on_info(const SSL *ssl, int where, int ret)
{
	(void)ssl;
	if ((where & SSL_CB_WRITE_ALERT) != 0) {
		last_alert = ret & 0xff;
	}
}

/* Both handshakes, started already, to their end. */
static void finish_handshakes(struct tls_pair *p)
{
	int i, cdone = 0, sdone = 0;

	for (i = 0; i < 20 && !(cdone && sdone); i++) {
		sdone = sdone || SSL_do_handshake(p->server) == 1;
		cdone = cdone || SSL_do_handshake(p->client) == 1;
	}
	assert_true(cdone && sdone);
}

static void retry_and_failure_pass_through(void **state)
{
	struct servers s;
	struct tls_pair *p = &s.front;
	BIO *a, *b;
	size_t v;

	(void)state;
	for (v = 0; v < 2; v++) {
		make_servers(&s, versions[v], TLS_BRIDGE_REQUIRE, NO_TLS_BRIDGE, TLS_BRIDGE_PREFER);
		assert_int_equal(tls_bridge_set_client_hello_cb(p->server_ctx, route_by_client_hello,
								&s),
				 0);
		s.retries = 1;
		p->client = SSL_new(p->client_ctx);
		p->server = SSL_new(p->server_ctx);
		assert_int_equal(tls_bridge_set_ipsec_binding(p->client, ours, sizeof(ours) - 1), 0);
		assert_int_equal(tls_bridge_set_ipsec_binding(p->server, ours, sizeof(ours) - 1), 0);
		assert_int_equal(BIO_new_bio_pair(&a, 0, &b, 0), 1);
		SSL_set_bio(p->client, a, a);
		SSL_set_bio(p->server, b, b);
		assert_int_equal(SSL_connect(p->client), -1);
		assert_int_equal(SSL_accept(p->server), -1);
		assert_int_equal(SSL_get_error(p->server, -1), SSL_ERROR_WANT_CLIENT_HELLO_CB);
		assert_int_equal(s.seen, 1);
		finish_handshakes(p);
		assert_int_equal(s.seen, 2);
		assert_status(p->server, TLS_BRIDGE_BOUND, "verified the same");
		assert_status(p->client, TLS_BRIDGE_BOUND, "verified the same");

		s.refuse_alert = SSL_AD_UNRECOGNIZED_NAME;
		SSL_CTX_set_info_callback(p->server_ctx, on_info);
		last_alert = 0;
		assert_int_equal(connect_to(&s, PLAIN_NAME, ours, NULL), -1);
		assert_int_equal(last_alert, SSL_AD_UNRECOGNIZED_NAME);
		free_servers(&s);
	}
}

/* Every failure of a call is on the queue under tls-bridge's name, with
 * the code's reason; and a bound handshake leaves the queue empty. */
static void failures_are_on_the_error_queue(void **state)
{
	struct servers s;
	unsigned long first, second;
	uint8_t out[TLS_BRIDGE_CB_MAX_LEN];
	size_t len = 1;

	(void)state;
	ERR_clear_error();
	assert_int_equal(tls_bridge_enable(NULL, TLS_BRIDGE_PREFER), TLS_BRIDGE_E_INVALID);
	first = ERR_peek_error();
	assert_string_equal(ERR_lib_error_string(first), "tls-bridge");
	assert_queue_says("invalid argument");
	assert_null(tls_bridge_cb_type_name((enum tls_bridge_cb_type)0));
	assert_queue_says("invalid argument");

	make_servers(&s, TLS1_3_VERSION, TLS_BRIDGE_PREFER, NO_TLS_BRIDGE, TLS_BRIDGE_PREFER);
	assert_int_equal(connect_to(&s, PLAIN_NAME, ours, NULL), 0);
	assert_int_equal(ERR_peek_error(), 0);
	assert_int_equal(tls_bridge_channel_binding(s.front.client, TLS_BRIDGE_CB_TLS_EXPORTER, out,
						    &len),
			 TLS_BRIDGE_E_BUFFER);
	second = ERR_peek_error();
	assert_int_equal(ERR_GET_LIB(second), ERR_GET_LIB(first));
	assert_int_not_equal(ERR_GET_REASON(second), ERR_GET_REASON(first));
	assert_queue_says("too short");
	assert_int_equal(tls_bridge_enable(s.front.server_ctx, TLS_BRIDGE_PREFER),
			 TLS_BRIDGE_E_STATE);
	assert_queue_says("enabled on this SSL_CTX already");
	assert_int_equal(tls_bridge_hand_over(s.front.server), TLS_BRIDGE_E_STATE);
	assert_queue_says("not at this point");
	free_servers(&s);
}

/* The check outside a server's ClientHello callback, or without its
 * arguments, fails and says so. */
static void check_outside_a_client_hello_fails(void **state)
{
	struct servers s;
	int al = 0;

	(void)state;
	make_servers(&s, TLS1_3_VERSION, TLS_BRIDGE_REQUIRE, NO_TLS_BRIDGE, TLS_BRIDGE_PREFER);
	s.front.server = SSL_new(s.front.server_ctx);
	s.front.client = SSL_new(s.front.client_ctx);
	ERR_clear_error();
	assert_int_equal(tls_bridge_client_hello(s.front.server, &al), SSL_CLIENT_HELLO_ERROR);
	assert_int_equal(al, SSL_AD_INTERNAL_ERROR);
	assert_queue_says("not at this point");
	assert_int_equal(tls_bridge_client_hello(s.front.client, &al), SSL_CLIENT_HELLO_ERROR);
	assert_queue_says("not at this point");
	assert_int_equal(tls_bridge_client_hello(NULL, &al), SSL_CLIENT_HELLO_ERROR);
	assert_queue_says("invalid argument");
	assert_int_equal(tls_bridge_client_hello(s.front.server, NULL), SSL_CLIENT_HELLO_ERROR);
	assert_queue_says("invalid argument");
	assert_int_equal(tls_bridge_set_client_hello_cb(NULL, route_by_client_hello, &s),
			 TLS_BRIDGE_E_INVALID);
	assert_queue_says("invalid argument");
	free_servers(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bound_across_a_servername_switch),
		cmocka_unit_test(require_holds_after_a_servername_switch),
		cmocka_unit_test(require_holds_for_resumed_sessions),
		cmocka_unit_test(application_client_hello_callback_is_chained),
		cmocka_unit_test(check_follows_the_application_switch),
		cmocka_unit_test(bound_sessions_stay_with_their_ssl_ctx),
		cmocka_unit_test(application_calls_the_check),
		cmocka_unit_test(skipped_check_fails_the_handshake),
		cmocka_unit_test(retry_and_failure_pass_through),
		cmocka_unit_test(failures_are_on_the_error_queue),
		cmocka_unit_test(check_outside_a_client_hello_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
