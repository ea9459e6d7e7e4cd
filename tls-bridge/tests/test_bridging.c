/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Bridging, both ends in one process over a socket pair: a TLS 1.2 NULL
 * cipher or the TLS 1.3 hand-over of the socket, only where both ends
 * verified the binding, both are latched and both allow the way; and
 * never a NULL cipher that was not verified, on either end, nor a bridged
 * session resumed.  Whether an end's socket is latched comes from the
 * kernel's SAs, which exist only in the VM (its tls_bridged scenario):
 * here the channel is given as tls_bridge_attach() gives it after its
 * query (tls_bridge_set_channel()), and the latch's state afterwards comes
 * from a stand-in for the kernel's latch watch, which a test breaks.
 */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <openssl/err.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ipsecapi.h>
#include <tls_bridge.h>

#include "channel_follower.h"
#include "extension.h"
#include "state.h"
#include "status_assert.h"
#include "tls_pair.h"

static const uint8_t ours[] = "ipsec-sa-unique-v1:0123456789abcdef0123456789abcdef";
static const uint8_t theirs[] = "ipsec-sa-unique-v1:fedcba9876543210fedcba9876543210";
static const char marker[] = "PLAINTEXT-MARKER-FOR-THE-WIRE";

#define NO_TLS_BRIDGE (-1)
#define BOTH (TLS_BRIDGE_NULL_CIPHER | TLS_BRIDGE_HAND_OVER)
#define DEFAULT_MODES (~0u) /* tls_bridge_set_bridging() not called */

/* One end: its policy (or NO_TLS_BRIDGE), the ways it allows, its
 * binding (or NULL), and whether its socket is latched. */
struct end {
	int policy;
	unsigned int modes;
	const uint8_t *binding;
	bool latched;
};

struct conn {
	struct tls_pair p;
	int fds[2]; /* client's, server's */
};

/* The stand-in latch: one state for every socket, or a watch whose news
 * cannot be had; and how often it was asked. */
static uint16_t latch_state = IPSEC_API_LATCH_ESTABLISHED;
static bool latch_unknown;
static unsigned int latch_asked;

static void *stand_in_watch(int socket)
{
	(void)socket;
	return &latch_state;
}

static int stand_in_news(void *watch, uint16_t *state)
{
	(void)watch;
	latch_asked++;
	if (latch_unknown) {
		return -1;
	}
	*state = latch_state;
	return 1;
}

static void stand_in_unwatch(void *watch)
{
	(void)watch;
}

static const struct btns_latch_source stand_in = { .watch = stand_in_watch,
						   .news = stand_in_news,
						   .unwatch = stand_in_unwatch };

static void configure_ctx(SSL_CTX *ctx, const struct end *e)
{
	if (e->policy != NO_TLS_BRIDGE) {
		assert_int_equal(tls_bridge_enable(ctx, e->policy), 0);
		if (e->modes != DEFAULT_MODES) {
			assert_int_equal(tls_bridge_set_bridging(ctx, e->modes), 0);
		}
	}
}

static void give_channel(SSL *ssl, const struct end *e, int fd)
{
	if (e->binding != NULL) {
		assert_int_equal(tls_bridge_set_channel(ssl, e->binding, sizeof(ours) - 1,
							e->latched ? fd : -1, &stand_in),
				 0);
	}
}

/* Both ends as given, SSLs made and given their channels, not connected. */
static void prepare_conn(struct conn *c, int version, const struct end *client,
			 const struct end *server)
{
	assert_int_equal(tls_pair_init(&c->p, TLS_PAIR_ECDSA_P256_SHA256, version), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, c->fds), 0);
	configure_ctx(c->p.client_ctx, client);
	configure_ctx(c->p.server_ctx, server);
	c->p.client = SSL_new(c->p.client_ctx);
	c->p.server = SSL_new(c->p.server_ctx);
	assert_non_null(c->p.client);
	assert_non_null(c->p.server);
	give_channel(c->p.client, client, c->fds[0]);
	give_channel(c->p.server, server, c->fds[1]);
}

static int connect_ends(struct conn *c)
{
	return tls_pair_connect_sockets(&c->p, c->fds[0], c->fds[1], NULL);
}

static void close_conn(struct conn *c)
{
	tls_pair_free(&c->p);
	close(c->fds[0]);
	close(c->fds[1]);
}

static bool null_cipher(const SSL *ssl)
{
	const SSL_CIPHER *c = SSL_get_current_cipher(ssl);

	return c != NULL && SSL_CIPHER_get_cipher_nid(c) == NID_undef;
}

/* What the client's SSL_write of the marker put on the wire holds it in
 * clear; the server then reads it through TLS. */
static bool marker_in_clear_on_the_wire(struct conn *c)
{
	char wire[512], got[sizeof(marker)];
	ssize_t n;

	assert_int_equal(SSL_write(c->p.client, marker, sizeof(marker)), sizeof(marker));
	n = recv(c->fds[1], wire, sizeof(wire), MSG_PEEK);
	assert_true(n > 0);
	assert_int_equal(SSL_read(c->p.server, got, sizeof(got)), sizeof(marker));
	assert_memory_equal(got, marker, sizeof(marker));
	return memmem(wire, (size_t)n, marker, sizeof(marker)) != NULL;
}

/* Nothing waits to be read on fd. */
static void assert_nothing_to_read(int fd)
{
	char b;

	assert_int_equal(recv(fd, &b, 1, MSG_PEEK | MSG_DONTWAIT), -1);
	assert_int_equal(errno, EAGAIN);
}

/* A client write once its latch is taken as broken: refused (the first
 * with EPIPE), nothing reaches the socket, and the status says why. */
static void assert_write_refused(struct conn *c, bool first)
{
	int rc;

	errno = 0;
	rc = SSL_write(c->p.client, marker, sizeof(marker));
	assert_true(rc <= 0);
	if (first) {
		assert_int_equal(SSL_get_error(c->p.client, rc), SSL_ERROR_SYSCALL);
		assert_int_equal(errno, EPIPE);
		assert_string_equal(ERR_lib_error_string(ERR_peek_last_error()), "tls-bridge");
		assert_non_null(strstr(ERR_reason_error_string(ERR_peek_last_error()),
				       "latch broke"));
	}
	ERR_clear_error();
	assert_nothing_to_read(c->fds[1]);
	assert_status(c->p.client, TLS_BRIDGE_NOT_BOUND, "latch broke");
}

/* TLS 1.2, both ends latched and verified: the NULL suite, chosen by the
 * server; the data is in clear inside TLS records, each with its MAC. */
static void null_cipher_when_both_can(void **state)
{
	struct end e = { .policy = TLS_BRIDGE_PREFER, .modes = TLS_BRIDGE_NULL_CIPHER,
			 .binding = ours, .latched = true };
	struct conn c;

	(void)state;
	prepare_conn(&c, TLS1_2_VERSION, &e, &e);
	assert_int_equal(connect_ends(&c), 0);
	assert_status(c.p.client, TLS_BRIDGE_BRIDGED, "NULL cipher");
	assert_status(c.p.server, TLS_BRIDGE_BRIDGED, "NULL cipher");
	assert_true(null_cipher(c.p.client));
	assert_true(null_cipher(c.p.server));
	assert_int_equal(SSL_CIPHER_get_kx_nid(SSL_get_current_cipher(c.p.client)), NID_kx_ecdhe);
	assert_true(marker_in_clear_on_the_wire(&c));
	/* The NULL connection goes on through TLS: no hand-over. */
	assert_int_equal(tls_bridge_hand_over(c.p.client), TLS_BRIDGE_E_STATE);
	close_conn(&c);
}

/* The latch breaks under a connection bridged with a NULL cipher: its
 * next write fails, and the ones after it, even if the latch came back;
 * nothing reaches the socket, and the status says why.  Reading goes on
 * (the peer guards its own writes). */
static void a_broken_latch_stops_the_null_cipher(void **state)
{
	struct end e = { .policy = TLS_BRIDGE_PREFER, .modes = TLS_BRIDGE_NULL_CIPHER,
			 .binding = ours, .latched = true };
	struct conn c;
	char buf[64];

	(void)state;
	latch_state = IPSEC_API_LATCH_ESTABLISHED;
	prepare_conn(&c, TLS1_2_VERSION, &e, &e);
	assert_int_equal(connect_ends(&c), 0);
	latch_asked = 0;
	assert_true(marker_in_clear_on_the_wire(&c));
	assert_true(latch_asked > 0); /* each write asks */

	latch_state = IPSEC_API_LATCH_BROKEN;
	assert_write_refused(&c, true);
	latch_state = IPSEC_API_LATCH_ESTABLISHED;
	assert_write_refused(&c, false);

	/* The server's own writes still go, and the client reads them. */
	assert_int_equal(SSL_write(c.p.server, "reply", 5), 5);
	assert_int_equal(SSL_read(c.p.client, buf, sizeof(buf)), 5);
	assert_status(c.p.server, TLS_BRIDGE_BRIDGED, "NULL cipher");
	close_conn(&c);
}

/* A latch whose state cannot be known (the watch's news cannot be had)
 * counts as broken: the write fails, and the ones after it, even once the
 * watch answers again. */
static void an_unknown_latch_stops_the_null_cipher(void **state)
{
	struct end e = { .policy = TLS_BRIDGE_PREFER, .modes = TLS_BRIDGE_NULL_CIPHER,
			 .binding = ours, .latched = true };
	struct conn c;

	(void)state;
	latch_state = IPSEC_API_LATCH_ESTABLISHED;
	prepare_conn(&c, TLS1_2_VERSION, &e, &e);
	assert_int_equal(connect_ends(&c), 0);
	assert_true(marker_in_clear_on_the_wire(&c));

	latch_unknown = true;
	assert_write_refused(&c, true);
	latch_unknown = false;
	assert_write_refused(&c, false);
	close_conn(&c);
}

/* A connection that encrypts is not guarded: its writes do not ask. */
static void an_encrypting_connection_does_not_ask(void **state)
{
	struct end e = { .policy = TLS_BRIDGE_PREFER, .modes = TLS_BRIDGE_NULL_CIPHER,
			 .binding = ours, .latched = true };
	struct end no_null = { .policy = TLS_BRIDGE_PREFER, .modes = 0,
			       .binding = ours, .latched = true };
	struct conn c;

	(void)state;
	latch_state = IPSEC_API_LATCH_BROKEN;
	prepare_conn(&c, TLS1_2_VERSION, &e, &no_null);
	assert_int_equal(connect_ends(&c), 0);
	latch_asked = 0;
	assert_false(marker_in_clear_on_the_wire(&c));
	assert_int_equal(latch_asked, 0);
	latch_state = IPSEC_API_LATCH_ESTABLISHED;
	close_conn(&c);
}

/* Ends that lack one thing each: a binding that differs, an end not
 * latched, or not allowing the way of its version (TLS 1.3 has no NULL
 * suite in OpenSSL 3.0).  Bound at most, never bridged: an encrypting
 * cipher, no hand-over, and the marker not in clear.  (Without each
 * check, its case would bridge.) */
static void bridging_needs_everything(void **state)
{
	static const struct {
		int version;
		struct end client, server;
		enum tls_bridge_status status;
		const char *why;
	} cases[] = {
		{ .version = TLS1_2_VERSION,
		  .client = { .policy = TLS_BRIDGE_PREFER, .modes = TLS_BRIDGE_NULL_CIPHER,
			      .binding = ours, .latched = true },
		  .server = { .policy = TLS_BRIDGE_PREFER, .modes = TLS_BRIDGE_NULL_CIPHER,
			      .binding = theirs, .latched = true },
		  .status = TLS_BRIDGE_NOT_BOUND, .why = "differ" },
		{ .version = TLS1_2_VERSION,
		  .client = { .policy = TLS_BRIDGE_PREFER, .modes = TLS_BRIDGE_NULL_CIPHER,
			      .binding = ours, .latched = true },
		  .server = { .policy = TLS_BRIDGE_PREFER, .modes = TLS_BRIDGE_NULL_CIPHER,
			      .binding = ours, .latched = false },
		  .status = TLS_BRIDGE_BOUND, .why = "not latched" },
		{ .version = TLS1_2_VERSION,
		  .client = { .policy = TLS_BRIDGE_PREFER, .modes = TLS_BRIDGE_NULL_CIPHER,
			      .binding = ours, .latched = false },
		  .server = { .policy = TLS_BRIDGE_PREFER, .modes = TLS_BRIDGE_NULL_CIPHER,
			      .binding = ours, .latched = true },
		  .status = TLS_BRIDGE_BOUND, .why = "the peer cannot bridge" },
		{ .version = TLS1_2_VERSION,
		  .client = { .policy = TLS_BRIDGE_PREFER, .modes = TLS_BRIDGE_NULL_CIPHER,
			      .binding = ours, .latched = true },
		  .server = { .policy = TLS_BRIDGE_PREFER, .modes = 0,
			      .binding = ours, .latched = true },
		  .status = TLS_BRIDGE_BOUND, .why = "does not allow the NULL cipher" },
		{ .version = TLS1_2_VERSION,
		  .client = { .policy = TLS_BRIDGE_PREFER, .modes = TLS_BRIDGE_HAND_OVER,
			      .binding = ours, .latched = true },
		  .server = { .policy = TLS_BRIDGE_PREFER, .modes = BOTH,
			      .binding = ours, .latched = true },
		  .status = TLS_BRIDGE_BOUND, .why = "the peer cannot bridge" },
		{ .version = TLS1_3_VERSION,
		  .client = { .policy = TLS_BRIDGE_PREFER, .modes = BOTH,
			      .binding = ours, .latched = true },
		  .server = { .policy = TLS_BRIDGE_PREFER, .modes = TLS_BRIDGE_NULL_CIPHER,
			      .binding = ours, .latched = true },
		  .status = TLS_BRIDGE_BOUND, .why = "does not allow the hand-over" },
		{ .version = TLS1_3_VERSION,
		  .client = { .policy = TLS_BRIDGE_PREFER, .modes = TLS_BRIDGE_NULL_CIPHER,
			      .binding = ours, .latched = true },
		  .server = { .policy = TLS_BRIDGE_PREFER, .modes = BOTH,
			      .binding = ours, .latched = true },
		  .status = TLS_BRIDGE_BOUND, .why = "the peer cannot bridge" },
		{ .version = TLS1_3_VERSION,
		  .client = { .policy = TLS_BRIDGE_PREFER, .modes = BOTH,
			      .binding = ours, .latched = true },
		  .server = { .policy = TLS_BRIDGE_PREFER, .modes = BOTH,
			      .binding = ours, .latched = false },
		  .status = TLS_BRIDGE_BOUND, .why = "not latched" },
		{ .version = TLS1_3_VERSION,
		  .client = { .policy = TLS_BRIDGE_PREFER, .modes = BOTH,
			      .binding = ours, .latched = true },
		  .server = { .policy = TLS_BRIDGE_PREFER, .modes = BOTH,
			      .binding = theirs, .latched = true },
		  .status = TLS_BRIDGE_NOT_BOUND, .why = "differ" },
		/* Neither way is on by default. */
		{ .version = TLS1_2_VERSION,
		  .client = { .policy = TLS_BRIDGE_PREFER, .modes = DEFAULT_MODES,
			      .binding = ours, .latched = true },
		  .server = { .policy = TLS_BRIDGE_PREFER, .modes = DEFAULT_MODES,
			      .binding = ours, .latched = true },
		  .status = TLS_BRIDGE_BOUND, .why = "does not allow the NULL cipher" },
		{ .version = TLS1_3_VERSION,
		  .client = { .policy = TLS_BRIDGE_PREFER, .modes = DEFAULT_MODES,
			      .binding = ours, .latched = true },
		  .server = { .policy = TLS_BRIDGE_PREFER, .modes = DEFAULT_MODES,
			      .binding = ours, .latched = true },
		  .status = TLS_BRIDGE_BOUND, .why = "does not allow the hand-over" },
	};
	size_t i;
	struct conn c;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		prepare_conn(&c, cases[i].version, &cases[i].client, &cases[i].server);
		assert_int_equal(connect_ends(&c), 0);
		assert_status(c.p.server, cases[i].status, cases[i].why);
		assert_int_not_equal(tls_bridge_get_status(c.p.client, NULL), TLS_BRIDGE_BRIDGED);
		assert_int_equal(tls_bridge_hand_over(c.p.client), TLS_BRIDGE_E_STATE);
		assert_int_equal(tls_bridge_hand_over(c.p.server), TLS_BRIDGE_E_STATE);
		assert_false(null_cipher(c.p.client));
		assert_false(marker_in_clear_on_the_wire(&c));
		close_conn(&c);
	}
}

/* The socket the channel was attached to must be the one TLS uses. */
static void null_cipher_needs_the_attached_socket(void **state)
{
	struct end e = { .policy = TLS_BRIDGE_PREFER, .modes = TLS_BRIDGE_NULL_CIPHER,
			 .binding = NULL, .latched = true };
	struct conn c;
	int other = -1;

	(void)state;
	prepare_conn(&c, TLS1_2_VERSION, &e, &e);
	other = dup(c.fds[1]);
	assert_true(other >= 0);
	assert_int_equal(
		tls_bridge_set_channel(c.p.client, ours, sizeof(ours) - 1, c.fds[0], &stand_in), 0);
	assert_int_equal(tls_bridge_set_channel(c.p.server, ours, sizeof(ours) - 1, other, &stand_in),
			 0);
	assert_int_equal(connect_ends(&c), 0);
	assert_status(c.p.server, TLS_BRIDGE_BOUND, "does not read and write the attached socket");
	assert_false(null_cipher(c.p.client));
	close(other);
	close_conn(&c);
}

/* A server that is not tls-bridge and prefers the NULL suite: the
 * client offered it (it could bridge), but it was not verified, so the
 * client fails the handshake. */
static void client_refuses_an_unverified_null_cipher(void **state)
{
	struct end client = { .policy = TLS_BRIDGE_PREFER, .modes = TLS_BRIDGE_NULL_CIPHER,
			      .binding = ours, .latched = true };
	struct end plain = { .policy = NO_TLS_BRIDGE, .modes = 0,
			     .binding = NULL, .latched = false };
	struct conn c;

	(void)state;
	prepare_conn(&c, TLS1_2_VERSION, &client, &plain);
	assert_int_equal(SSL_set_cipher_list(c.p.server, "ECDHE-ECDSA-NULL-SHA:"
							 "ECDHE-ECDSA-AES128-GCM-SHA256:@SECLEVEL=0"),
			 1);
	SSL_set_options(c.p.server, SSL_OP_CIPHER_SERVER_PREFERENCE);
	assert_int_equal(connect_ends(&c), -1);
	assert_status(c.p.client, TLS_BRIDGE_NOT_BOUND, "NULL cipher without verifying");
	close_conn(&c);
}

/* A tls-bridge server whose own cipher list prefers the NULL suite (at
 * security level 0) and a client that is not tls-bridge and offers it:
 * the server does not take it. */
static void server_refuses_an_unverified_null_cipher(void **state)
{
	struct end plain = { .policy = NO_TLS_BRIDGE, .modes = 0,
			     .binding = NULL, .latched = false };
	struct end server = { .policy = TLS_BRIDGE_PREFER, .modes = TLS_BRIDGE_NULL_CIPHER,
			      .binding = ours, .latched = true };
	struct conn c;

	(void)state;
	prepare_conn(&c, TLS1_2_VERSION, &plain, &server);
	assert_int_equal(SSL_set_cipher_list(c.p.client, "ECDHE-ECDSA-NULL-SHA:"
							 "ECDHE-ECDSA-AES128-GCM-SHA256:@SECLEVEL=0"),
			 1);
	assert_int_equal(SSL_set_cipher_list(c.p.server, "ECDHE-ECDSA-NULL-SHA:"
							 "ECDHE-ECDSA-AES128-GCM-SHA256:@SECLEVEL=0"),
			 1);
	SSL_set_options(c.p.server, SSL_OP_CIPHER_SERVER_PREFERENCE);
	assert_int_equal(connect_ends(&c), 0);
	assert_status(c.p.server, TLS_BRIDGE_NOT_BOUND, "offered no");
	assert_false(null_cipher(c.p.server));
	assert_false(marker_in_clear_on_the_wire(&c));
	close_conn(&c);
}

/* Bridging does not lower the connection's security level: a client at
 * level 4 (192-bit keys) still refuses a P-256 certificate. */
static void the_security_level_still_holds(void **state)
{
	struct end e = { .policy = TLS_BRIDGE_PREFER, .modes = TLS_BRIDGE_NULL_CIPHER,
			 .binding = ours, .latched = true };
	struct conn c;

	(void)state;
	prepare_conn(&c, TLS1_2_VERSION, &e, &e);
	SSL_set_security_level(c.p.client, 4);
	assert_int_equal(connect_ends(&c), -1);
	close_conn(&c);
	/* The same at the default level bridges. */
	prepare_conn(&c, TLS1_2_VERSION, &e, &e);
	assert_int_equal(connect_ends(&c), 0);
	assert_true(null_cipher(c.p.client));
	close_conn(&c);
}

/* A bridged session is not resumed: the server does not take it from a
 * client that is not tls-bridge (on a connection that is not bridged),
 * and the tls-bridge client refuses to offer it. */
static void bridged_sessions_are_not_resumed(void **state)
{
	struct end e = { .policy = TLS_BRIDGE_PREFER, .modes = TLS_BRIDGE_NULL_CIPHER,
			 .binding = ours, .latched = true };
	struct end plain = { .policy = NO_TLS_BRIDGE, .modes = 0,
			     .binding = NULL, .latched = false };
	struct conn c;
	SSL_CTX *bridge_ctx;
	SSL_SESSION *session;

	(void)state;
	prepare_conn(&c, TLS1_2_VERSION, &e, &e);
	assert_int_equal(connect_ends(&c), 0);
	assert_true(null_cipher(c.p.client));
	session = SSL_get1_session(c.p.client);
	assert_non_null(session);
	tls_pair_disconnect(&c.p);
	close(c.fds[0]);
	close(c.fds[1]);

	/* A client that is not tls-bridge, offering the session and the
	 * NULL suite, to the same server. */
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, c.fds), 0);
	bridge_ctx = c.p.client_ctx;
	c.p.client_ctx = SSL_CTX_new(TLS_client_method());
	assert_non_null(c.p.client_ctx);
	assert_int_equal(SSL_CTX_set_max_proto_version(c.p.client_ctx, TLS1_2_VERSION), 1);
	assert_int_equal(SSL_CTX_set_cipher_list(c.p.client_ctx, "ECDHE-ECDSA-NULL-SHA:"
								 "ECDHE-ECDSA-AES128-GCM-SHA256:"
								 "@SECLEVEL=0"),
			 1);
	configure_ctx(c.p.client_ctx, &plain);
	assert_true(SSL_SESSION_is_resumable(session));
	assert_int_equal(tls_pair_connect_sockets(&c.p, c.fds[0], c.fds[1], session), 0);
	assert_int_equal(SSL_session_reused(c.p.server), 0);
	assert_false(null_cipher(c.p.server));
	tls_pair_disconnect(&c.p);
	close(c.fds[0]);
	close(c.fds[1]);
	SSL_CTX_free(c.p.client_ctx);
	c.p.client_ctx = bridge_ctx;

	/* The tls-bridge client again, resuming. */
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, c.fds), 0);
	c.p.client = SSL_new(c.p.client_ctx);
	c.p.server = SSL_new(c.p.server_ctx);
	give_channel(c.p.client, &e, c.fds[0]);
	give_channel(c.p.server, &e, c.fds[1]);
	assert_true(SSL_SESSION_is_resumable(session));
	assert_int_equal(tls_pair_connect_sockets(&c.p, c.fds[0], c.fds[1], session), -1);
	assert_status(c.p.client, TLS_BRIDGE_NOT_BOUND, "NULL cipher cannot be resumed");
	SSL_SESSION_free(session);
	close_conn(&c);
}

/* TLS 1.3, both ends allowing the hand-over: after the handshake, no
 * TLS record is pending (no tickets), each end has its socket, the data
 * goes over it, and the SSLs refuse I/O and send nothing more. */
static void hand_over_when_both_can(void **state)
{
	struct end e = { .policy = TLS_BRIDGE_REQUIRE, .modes = BOTH,
			 .binding = ours, .latched = true };
	struct conn c;
	char buf[16];
	int rc;

	(void)state;
	prepare_conn(&c, TLS1_3_VERSION, &e, &e);
	assert_int_equal(connect_ends(&c), 0);
	assert_status(c.p.client, TLS_BRIDGE_BRIDGED, "socket carries the data");
	assert_status(c.p.server, TLS_BRIDGE_BRIDGED, "socket carries the data");
	assert_nothing_to_read(c.fds[0]);
	assert_nothing_to_read(c.fds[1]);
	assert_int_equal(tls_bridge_hand_over(c.p.client), c.fds[0]);
	assert_int_equal(tls_bridge_hand_over(c.p.server), c.fds[1]);
	assert_int_equal(tls_bridge_hand_over(c.p.server), c.fds[1]); /* again: the same */

	assert_int_equal(write(c.fds[0], "ping", 4), 4);
	assert_int_equal(read(c.fds[1], buf, sizeof(buf)), 4);
	assert_memory_equal(buf, "ping", 4);
	assert_int_equal(write(c.fds[1], "pong", 4), 4);
	assert_int_equal(read(c.fds[0], buf, sizeof(buf)), 4);
	assert_memory_equal(buf, "pong", 4);

	rc = SSL_write(c.p.client, "x", 1);
	assert_true(rc <= 0);
	assert_int_equal(SSL_get_error(c.p.client, rc), SSL_ERROR_SSL);
	ERR_clear_error();
	assert_int_equal(SSL_read(c.p.server, buf, sizeof(buf)), 0);
	assert_int_equal(SSL_get_error(c.p.server, 0), SSL_ERROR_ZERO_RETURN);
	assert_int_equal(SSL_shutdown(c.p.client), 1);
	assert_int_equal(SSL_shutdown(c.p.server), 1);
	assert_nothing_to_read(c.fds[0]);
	assert_nothing_to_read(c.fds[1]);
	close_conn(&c);
}


/* A BRIDGED verdict that does not fit: on TLS 1.3 to a client that did
 * not offer the hand-over, on TLS 1.2 with a cipher that encrypts.  The
 * client fails the handshake. */
static void bridged_verdicts_that_do_not_fit(void **state)
{
	static const uint8_t bridged[] = { 1, TLS_BRIDGE_VERDICT_BOUND | TLS_BRIDGE_VERDICT_BRIDGED };
	struct tls_pair_raw raw = { .data = bridged, .len = sizeof(bridged) };
	struct end client = { .policy = TLS_BRIDGE_PREFER, .modes = TLS_BRIDGE_NULL_CIPHER,
			      .binding = ours, .latched = true };
	struct end plain = { .policy = NO_TLS_BRIDGE, .modes = 0,
			     .binding = NULL, .latched = false };
	static const int versions[] = { TLS1_2_VERSION, TLS1_3_VERSION };
	struct conn c;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		prepare_conn(&c, versions[i], &client, &plain);
		assert_int_equal(
			tls_pair_raw_extension(c.p.server_ctx, TLS_BRIDGE_EXTENSION_TYPE, &raw), 1);
		/* The SSL was made before the extension: a new one has it. */
		SSL_free(c.p.server);
		c.p.server = SSL_new(c.p.server_ctx);
		assert_int_equal(connect_ends(&c), -1);
		assert_int_not_equal(tls_bridge_get_status(c.p.client, NULL), TLS_BRIDGE_BRIDGED);
		close_conn(&c);
	}
}

static void misused_bridging_calls_are_refused(void **state)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_method());

	(void)state;
	assert_non_null(ctx);
	assert_int_equal(tls_bridge_set_bridging(NULL, 0), TLS_BRIDGE_E_INVALID);
	assert_int_equal(tls_bridge_set_bridging(ctx, 0), TLS_BRIDGE_E_STATE); /* not enabled */
	assert_int_equal(tls_bridge_enable(ctx, TLS_BRIDGE_PREFER), 0);
	assert_int_equal(tls_bridge_set_bridging(ctx, 0x04), TLS_BRIDGE_E_INVALID);
	assert_int_equal(tls_bridge_set_bridging(ctx, BOTH), 0);
	assert_int_equal(tls_bridge_hand_over(NULL), TLS_BRIDGE_E_INVALID);
	SSL_CTX_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(null_cipher_when_both_can),
		cmocka_unit_test(bridging_needs_everything),
		cmocka_unit_test(null_cipher_needs_the_attached_socket),
		cmocka_unit_test(a_broken_latch_stops_the_null_cipher),
		cmocka_unit_test(an_unknown_latch_stops_the_null_cipher),
		cmocka_unit_test(an_encrypting_connection_does_not_ask),
		cmocka_unit_test(client_refuses_an_unverified_null_cipher),
		cmocka_unit_test(server_refuses_an_unverified_null_cipher),
		cmocka_unit_test(the_security_level_still_holds),
		cmocka_unit_test(bridged_sessions_are_not_resumed),
		cmocka_unit_test(hand_over_when_both_can),
		cmocka_unit_test(bridged_verdicts_that_do_not_fit),
		cmocka_unit_test(misused_bridging_calls_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
