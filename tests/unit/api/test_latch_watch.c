/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The latch watch on this machine's kernel, in a network namespace of the
 * test's own: what can be seen without ESP (a connection with no latch,
 * XFRM events that change nothing, sockets that close, bad arguments).
 * Latches that break and mend are watched in the test VM (interop-tests).
 */
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "child.h"
#include "scratch_netns.h"
#include "sockets.h"
#include "test_util.h"

static bool readable(ipsec_latch_watch_t w, int ms)
{
	struct pollfd p = { .fd = ipsec_latch_watch_fd(w), .events = POLLIN, .revents = 0 };

	return poll(&p, 1, ms) == 1;
}

/* The next event within ms milliseconds: 1, or 0 if none came. */
static int next_within(ipsec_latch_watch_t w, int ms, int *fd, uint16_t *state)
{
	int rc = ipsec_next_latch_event(w, fd, state);

	while (rc == 0 && readable(w, ms)) {
		rc = ipsec_next_latch_event(w, fd, state);
	}
	if (rc < 0) {
		fail_msg("ipsec_next_latch_event: %s", ipsec_last_error());
	}
	return rc;
}

static void a_connection_without_latch_then_closed(void **state)
{
	ipsec_latch_watch_t w = ipsec_create_latch_watch();
	int client, server, fd = -1;
	uint16_t latch = 99;

	(void)state;
	assert_non_null(w);
	assert_int_equal(connect_pair(AF_INET, SOCK_STREAM, &client, &server), 0);
	assert_int_equal(ipsec_watch_latch(w, client), 0);
	/* The first event is the state now: no latch, no IPsec. */
	assert_int_equal(ipsec_next_latch_event(w, &fd, &latch), 1);
	assert_int_equal(fd, client);
	assert_int_equal(latch, 0);
	assert_int_equal(ipsec_next_latch_event(w, &fd, &latch), 0);

	/* An SA event wakes the watch; the latch has not changed. */
	run("ip xfrm state allocspi src 192.0.2.1 dst 192.0.2.2 proto esp >/dev/null");
	run("ip xfrm state deleteall");
	assert_true(readable(w, 2000));
	assert_int_equal(next_within(w, 200, &fd, &latch), 0);

	/* Closing the connection: CLOSED, after which it is not watched. */
	close(server);
	close(client);
	assert_int_equal(next_within(w, 3000, &fd, &latch), 1);
	assert_int_equal(fd, client);
	assert_int_equal(latch, IPSEC_API_LATCH_CLOSED);
	assert_fails(ipsec_unwatch_latch(w, client), ENOENT, "ipsec_unwatch_latch", "not watched");
	assert_int_equal(ipsec_free_latch_watch(w), 0);
}

/* The fd number closed and taken by another socket: the watched
 * connection is CLOSED, not confused with the newcomer. */
static void a_reused_fd_number_is_closed(void **state)
{
	ipsec_latch_watch_t w = ipsec_create_latch_watch();
	int client, server, other, fd = -1;
	uint16_t latch;

	(void)state;
	assert_int_equal(connect_pair(AF_INET, SOCK_DGRAM, &client, &server), 0);
	assert_int_equal(ipsec_watch_latch(w, client), 0);
	assert_int_equal(ipsec_next_latch_event(w, &fd, &latch), 1);
	close(client);
	other = socket(AF_INET, SOCK_DGRAM, 0);
	assert_int_equal(other, client);
	run("ip xfrm state allocspi src 192.0.2.1 dst 192.0.2.2 proto esp >/dev/null");
	run("ip xfrm state deleteall");
	assert_int_equal(next_within(w, 2000, &fd, &latch), 1);
	assert_int_equal(fd, client);
	assert_int_equal(latch, IPSEC_API_LATCH_CLOSED);
	close(other);
	close(server);
	ipsec_free_latch_watch(w);
}

static void bad_arguments(void **state)
{
	ipsec_latch_watch_t w = ipsec_create_latch_watch();
	int unconnected = socket(AF_INET, SOCK_STREAM, 0), client, server, fd;
	uint16_t latch;

	(void)state;
	assert_fails(ipsec_watch_latch(NULL, 0), EINVAL, "ipsec_watch_latch", "NULL");
	assert_fails(ipsec_watch_latch(w, unconnected), ENOTCONN, "ipsec_watch_latch",
		     "not connected");
	assert_fails(ipsec_watch_latch(w, -1), EBADF, "ipsec_watch_latch", "not an open");
	assert_int_equal(connect_pair(AF_INET, SOCK_STREAM, &client, &server), 0);
	assert_int_equal(ipsec_watch_latch(w, client), 0);
	assert_fails(ipsec_watch_latch(w, client), EEXIST, "ipsec_watch_latch", "watched already");
	assert_int_equal(ipsec_unwatch_latch(w, client), 0);
	assert_int_equal(ipsec_next_latch_event(w, &fd, &latch), 0);
	assert_fails(ipsec_next_latch_event(w, NULL, &latch), EINVAL, "ipsec_next_latch_event",
		     "fd is NULL");
	assert_fails(ipsec_latch_watch_fd(NULL), EINVAL, "ipsec_latch_watch_fd", "NULL");
	assert_int_equal(ipsec_free_latch_watch(NULL), 0);
	close(client);
	close(server);
	close(unconnected);
	ipsec_free_latch_watch(w);
}

/* Without CAP_NET_ADMIN a watch is the broker's; with none reachable,
 * the error says where it was looked for. */
static int create_without_capabilities(void *arg)
{
	(void)arg;
	if (drop_all_capabilities() != 0 ||
	    setenv("IPSECAPI_BROKER_SOCKET", "/nonexistent/broker.sock", 1) != 0) {
		return 2;
	}
	if (ipsec_create_latch_watch() != NULL) {
		return 3;
	}
	return errno == EPERM && strstr(ipsec_last_error(), "CAP_NET_ADMIN") &&
			       strstr(ipsec_last_error(), "/nonexistent/broker.sock")
		       ? 0
		       : 4;
}

static void no_privilege_and_no_broker_no_watch(void **state)
{
	(void)state;
	assert_int_equal(run_in_child(create_without_capabilities, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_connection_without_latch_then_closed),
		cmocka_unit_test(a_reused_fd_number_is_closed),
		cmocka_unit_test(bad_arguments),
		cmocka_unit_test(no_privilege_and_no_broker_no_watch),
	};

	if (enter_scratch_netns() != 0) {
		fprintf(stderr, "test_latch_watch: cannot make a network namespace: %s\n",
			strerror(errno));
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
