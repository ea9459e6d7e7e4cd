/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Latch watches through ipsecapid (RFC 5660's ALERT for processes without
 * CAP_NET_ADMIN), on this machine's kernel in a network namespace of the
 * test's own.  A process without capabilities watches its connections as
 * a privileged one does: the same first state, the same errors, CLOSED
 * when a connection ends or its fd number goes to another socket.  The
 * broker holds none of its sockets past a request; a watching connection
 * outlives the idle timeout; news waits for a client that does not read
 * it; a broker that ends ends the watch, which says so; a closed
 * connection whose own policy required ESP is guarded in the SPD before
 * its CLOSED comes; and the watches of clients that die leave the broker
 * with the descriptors and memory it had.  Latches that break and mend are watched through the broker in the
 * test VM (interop-tests, latch_events).
 *
 *   test_broker_watch IPSECAPID
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ipsecapi.h>

#include "broker_daemon.h"
#include "child.h"
#include "scratch_netns.h"
#include "sockets.h"

static const char *daemon_path;
static struct broker_daemon broker;

/* In a child: the line of the first check that failed is its exit
 * status, with the library's reason on stderr. */
#define CHECK(cond)                                                                          \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			fprintf(stderr, "line %d: %s (%s)\n", __LINE__, #cond,               \
				ipsec_last_error());                                         \
			return __LINE__ % 256 == 0 ? 1 : __LINE__ % 256;                     \
		}                                                                            \
	} while (0)

static bool readable(ipsec_latch_watch_t w, int ms)
{
	struct pollfd p = { .fd = ipsec_latch_watch_fd(w), .events = POLLIN, .revents = 0 };

	return poll(&p, 1, ms) == 1;
}

/* The next event within ms milliseconds: 1, 0 if none came, -1. */
static int next_within(ipsec_latch_watch_t w, int ms, int *fd, uint16_t *state)
{
	int rc = ipsec_next_latch_event(w, fd, state);

	while (rc == 0 && ms > 0 && readable(w, 100)) {
		rc = ipsec_next_latch_event(w, fd, state);
		ms -= 100;
	}
	while (rc == 0 && ms > 0) {
		if (readable(w, 100)) {
			rc = ipsec_next_latch_event(w, fd, state);
		}
		ms -= 100;
	}
	return rc;
}

/* A child that runs body without capabilities, and the two pipes through
 * which it and the test take turns. */
struct child {
	pid_t pid;
	int to_child[2], to_test[2];
	int (*body)(struct child *c);
	const char *broker_socket;
};

static void start_child(struct child *c, int (*body)(struct child *c), const char *socket)
{
	c->body = body;
	c->broker_socket = socket;
	assert_int_equal(pipe(c->to_child), 0);
	assert_int_equal(pipe(c->to_test), 0);
	c->pid = fork();
	assert_true(c->pid >= 0);
	if (c->pid == 0) {
		setenv("IPSECAPI_BROKER_SOCKET", socket, 1);
		_exit(drop_all_capabilities() == 0 ? body(c) : 100);
	}
}

static bool turn(int fd)
{
	char b = 0;

	return read(fd, &b, 1) == 1;
}

static void give_turn(int fd)
{
	assert_int_equal(write(fd, "", 1), 1);
}

static int child_status(struct child *c)
{
	int status;
	int i;

	for (i = 0; i < 2; i++) {
		close(c->to_child[i]);
		close(c->to_test[i]);
	}
	if (waitpid(c->pid, &status, 0) != c->pid || !WIFEXITED(status)) {
		return -1;
	}
	return WEXITSTATUS(status);
}

static void run_child(int (*body)(struct child *c))
{
	struct child c;

	start_child(&c, body, broker.socket);
	assert_int_equal(child_status(&c), 0);
}

static int watch_as_the_kernel_would(struct child *c)
{
	ipsec_latch_watch_t w = ipsec_create_latch_watch();
	int unconnected = socket(AF_INET, SOCK_STREAM, 0), client, server, fd = -1;
	uint16_t latch = 99;

	CHECK(w != NULL);
	CHECK(connect_pair(AF_INET, SOCK_STREAM, &client, &server) == 0);
	/* Refused in this process, with the words of a watch of its own. */
	CHECK(ipsec_watch_latch(w, -1) == -1 && errno == EBADF);
	CHECK(ipsec_watch_latch(w, unconnected) == -1 && errno == ENOTCONN &&
	      strstr(ipsec_last_error(), "not connected") != NULL);

	CHECK(ipsec_watch_latch(w, client) == 0);
	CHECK(ipsec_next_latch_event(w, &fd, &latch) == 1);
	CHECK(fd == client && latch == 0); /* no latch, no IPsec */
	CHECK(ipsec_next_latch_event(w, &fd, &latch) == 0);
	CHECK(ipsec_watch_latch(w, client) == -1 && errno == EEXIST);

	/* The test makes XFRM events: the broker works the latch out again,
	 * and it has not changed. */
	give_turn(c->to_test[1]);
	CHECK(turn(c->to_child[0]));
	CHECK(next_within(w, 500, &fd, &latch) == 0);

	close(server);
	close(client);
	CHECK(next_within(w, 3000, &fd, &latch) == 1);
	CHECK(fd == client && latch == IPSEC_API_LATCH_CLOSED);
	CHECK(ipsec_unwatch_latch(w, client) == -1 && errno == ENOENT);

	/* Unwatched, a connection reports nothing more. */
	CHECK(connect_pair(AF_INET6, SOCK_DGRAM, &client, &server) == 0);
	CHECK(ipsec_watch_latch(w, client) == 0);
	CHECK(ipsec_unwatch_latch(w, client) == 0);
	close(client);
	CHECK(next_within(w, 1000, &fd, &latch) == 0);
	close(server);
	close(unconnected);
	ipsec_free_latch_watch(w);
	return 0;
}

static void a_watch_without_capabilities(void **state)
{
	struct child c;

	(void)state;
	start_child(&c, watch_as_the_kernel_would, broker.socket);
	assert_true(turn(c.to_test[0]));
	assert_int_equal(system("ip xfrm state allocspi src 192.0.2.1 dst 192.0.2.2 proto esp "
				">/dev/null && ip xfrm state deleteall"),
			 0);
	give_turn(c.to_child[1]);
	assert_int_equal(child_status(&c), 0);
	assert_true(broker_daemon_logged(&broker, "watch_latch socket:["));
	assert_true(broker_daemon_logged(&broker, "unwatch_latch watch "));
}

static int close_a_watched_connection(struct child *c)
{
	ipsec_latch_watch_t w = ipsec_create_latch_watch();
	int client, server, fd;
	uint16_t latch;
	char b;

	(void)c;
	CHECK(w != NULL);
	CHECK(connect_pair(AF_INET, SOCK_STREAM, &client, &server) == 0);
	CHECK(ipsec_watch_latch(w, client) == 0);
	CHECK(ipsec_next_latch_event(w, &fd, &latch) == 1);
	/* Closed here, it is closed: the peer reads the end of the stream,
	 * which it would not if another process held the socket. */
	close(client);
	CHECK(poll(&(struct pollfd){ .fd = server, .events = POLLIN, .revents = 0 }, 1, 2000) == 1);
	CHECK(recv(server, &b, 1, 0) == 0);
	CHECK(next_within(w, 3000, &fd, &latch) == 1);
	CHECK(fd == client && latch == IPSEC_API_LATCH_CLOSED);
	close(server);
	ipsec_free_latch_watch(w);
	return 0;
}

static void the_broker_holds_no_socket(void **state)
{
	(void)state;
	run_child(close_a_watched_connection);
}

static int reuse_a_watched_fd_number(struct child *c)
{
	ipsec_latch_watch_t w = ipsec_create_latch_watch();
	int client, server, kept, other, fd;
	uint16_t latch;

	(void)c;
	CHECK(w != NULL);
	CHECK(connect_pair(AF_INET, SOCK_DGRAM, &client, &server) == 0);
	CHECK(ipsec_watch_latch(w, client) == 0);
	CHECK(ipsec_next_latch_event(w, &fd, &latch) == 1);
	/* The socket lives on under another number; its old number now
	 * names another socket. */
	kept = dup(client);
	close(client);
	other = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(other == client);
	CHECK(ipsec_next_latch_event(w, &fd, &latch) == 1);
	CHECK(fd == client && latch == IPSEC_API_LATCH_CLOSED);
	CHECK(ipsec_unwatch_latch(w, client) == -1 && errno == ENOENT);
	close(kept);
	close(other);
	close(server);
	ipsec_free_latch_watch(w);
	return 0;
}

static void a_reused_fd_number_is_closed(void **state)
{
	(void)state;
	run_child(reuse_a_watched_fd_number);
}

static int wait_past_the_idle_timeout(struct child *c)
{
	ipsec_latch_watch_t w = ipsec_create_latch_watch(), idle = ipsec_create_latch_watch();
	int client, server, client2, server2, fd;
	uint16_t latch;

	(void)c;
	CHECK(w != NULL && idle != NULL);
	CHECK(connect_pair(AF_INET, SOCK_STREAM, &client, &server) == 0);
	CHECK(connect_pair(AF_INET, SOCK_STREAM, &client2, &server2) == 0);
	CHECK(ipsec_watch_latch(w, client) == 0);
	CHECK(ipsec_next_latch_event(w, &fd, &latch) == 1);
	sleep(4); /* the broker's --idle-timeout is 2 */
	/* The watching connection is still there to carry the news. */
	close(client);
	CHECK(next_within(w, 3000, &fd, &latch) == 1);
	CHECK(fd == client && latch == IPSEC_API_LATCH_CLOSED);
	/* One that watched nothing was dropped, and is made again. */
	CHECK(ipsec_watch_latch(idle, client2) == 0);
	CHECK(ipsec_next_latch_event(idle, &fd, &latch) == 1);
	close(client2);
	CHECK(readable(idle, 3000));
	CHECK(next_within(idle, 1000, &fd, &latch) == 1);
	CHECK(fd == client2 && latch == IPSEC_API_LATCH_CLOSED);
	close(server);
	close(server2);
	ipsec_free_latch_watch(w);
	ipsec_free_latch_watch(idle);
	return 0;
}

static void a_watching_connection_outlives_the_idle_timeout(void **state)
{
	(void)state;
	run_child(wait_past_the_idle_timeout);
}

#define SLOW_READER_SOCKETS 600

/* More news than the connection's buffer holds, sent as it is read. */
static int read_news_late(struct child *c)
{
	ipsec_latch_watch_t w = ipsec_create_latch_watch();
	int client[SLOW_READER_SOCKETS], server[SLOW_READER_SOCKETS], fd, i, closed = 0;
	uint16_t latch;

	(void)c;
	CHECK(w != NULL);
	for (i = 0; i < SLOW_READER_SOCKETS; i++) {
		CHECK(connect_pair(AF_INET, SOCK_DGRAM, &client[i], &server[i]) == 0);
		CHECK(ipsec_watch_latch(w, client[i]) == 0);
	}
	while (ipsec_next_latch_event(w, &fd, &latch) == 1) {
		CHECK(latch == 0);
	}
	for (i = 0; i < SLOW_READER_SOCKETS; i++) {
		close(client[i]);
		close(server[i]);
	}
	sleep(2);
	while (closed < SLOW_READER_SOCKETS && next_within(w, 3000, &fd, &latch) == 1) {
		CHECK(latch == IPSEC_API_LATCH_CLOSED);
		closed++;
	}
	CHECK(closed == SLOW_READER_SOCKETS);
	ipsec_free_latch_watch(w);
	return 0;
}

static void news_waits_for_a_slow_reader(void **state)
{
	(void)state;
	run_child(read_news_late);
}

static int watch_until_the_broker_ends(struct child *c)
{
	ipsec_latch_watch_t w = ipsec_create_latch_watch();
	int client, server, fd;
	uint16_t latch;

	CHECK(w != NULL);
	CHECK(connect_pair(AF_INET, SOCK_STREAM, &client, &server) == 0);
	CHECK(ipsec_watch_latch(w, client) == 0);
	CHECK(ipsec_next_latch_event(w, &fd, &latch) == 1);
	give_turn(c->to_test[1]);
	CHECK(turn(c->to_child[0]));
	/* The states are no longer known, and the watch says so, each time. */
	CHECK(readable(w, 3000));
	CHECK(ipsec_next_latch_event(w, &fd, &latch) == -1 && errno == ECONNRESET);
	CHECK(strstr(ipsec_last_error(), c->broker_socket) != NULL);
	CHECK(strstr(ipsec_last_error(), "no longer known") != NULL);
	CHECK(ipsec_next_latch_event(w, &fd, &latch) == -1 && errno == ECONNRESET);
	close(client);
	close(server);
	ipsec_free_latch_watch(w);
	return 0;
}

static void a_broker_that_ends_ends_the_watch(void **state)
{
	struct broker_daemon second;
	struct child c;

	(void)state;
	assert_int_equal(broker_daemon_start(&second, daemon_path, 2, NULL), 0);
	start_child(&c, watch_until_the_broker_ends, second.socket);
	assert_true(turn(c.to_test[0]));
	assert_int_equal(broker_daemon_stop(&second), 0);
	give_turn(c.to_child[1]);
	assert_int_equal(child_status(&c), 0);
}

/* A watched TCP connection whose policy (set through the broker)
 * requires ESP, closed: once its socket is destroyed, the broker puts its
 * guard after close in the SPD. */
static int close_a_guarded_connection(struct child *c)
{
	ipsec_latch_watch_t w = ipsec_create_latch_watch();
	ipsec_pToken_t p = ipsec_create_pToken();
	uint16_t enable = IPSEC_API_ATTR_ENABLE, latch;
	int client, server, fd;

	CHECK(w != NULL && p != NULL);
	CHECK(ipsec_set_token_attr(p, IPSEC_API_ATTR_privacyProtection, 2, &enable) == 0);
	CHECK(connect_pair(AF_INET, SOCK_STREAM, &client, &server) == 0);
	CHECK(ipsec_set_socket_pToken(client, p) == 0);
	CHECK(ipsec_watch_latch(w, client) == 0);
	CHECK(ipsec_next_latch_event(w, &fd, &latch) == 1);
	/* Reset, so that the socket goes at once: its FIN would wait for an
	 * SA that never comes. */
	CHECK(setsockopt(client, SOL_SOCKET, SO_LINGER,
			 &(struct linger){ .l_onoff = 1, .l_linger = 0 }, sizeof(struct linger)) == 0);
	close(client);
	close(server);
	CHECK(next_within(w, 3000, &fd, &latch) == 1);
	CHECK(fd == client && latch == IPSEC_API_LATCH_CLOSED);
	give_turn(c->to_test[1]); /* the test looks at the SPD */
	CHECK(turn(c->to_child[0]));
	ipsec_free_pToken(p);
	ipsec_free_latch_watch(w);
	return 0;
}

static void a_closed_connection_is_guarded(void **state)
{
	struct child c;
	int i, rc = -1;

	(void)state;
	assert_int_equal(system("ip xfrm policy flush"), 0);
	start_child(&c, close_a_guarded_connection, broker.socket);
	assert_true(turn(c.to_test[0]));
	/* Both ways, the exact flow, at priority 0, for 120 s. */
	for (i = 0; i < 30 && rc != 0; i++) {
		usleep(100000);
		rc = system("test \"$(ip xfrm policy list | grep -c '^src 127.0.0.1/32 dst "
			    "127.0.0.1/32 proto tcp sport')\" = 2 && "
			    "ip xfrm policy list | grep -q 'dir out priority 0 ' && "
			    "ip -s xfrm policy list | grep -q 'expire add: soft 0(sec), hard 120(sec)'");
	}
	if (rc != 0) {
		assert_int_equal(system("ip -s xfrm policy list >&2"), 0);
	}
	give_turn(c.to_child[1]);
	assert_int_equal(child_status(&c), 0);
	assert_int_equal(rc, 0);
	assert_int_equal(system("ip xfrm policy flush"), 0);
}

#define DYING_CLIENTS 50
#define WATCHES_EACH 20

/* Watches, then death without a word: the sockets and the connection go
 * with the process. */
static int watch_and_die(struct child *c)
{
	ipsec_latch_watch_t w = ipsec_create_latch_watch();
	int client, server, i;

	(void)c;
	CHECK(w != NULL);
	for (i = 0; i < WATCHES_EACH; i++) {
		CHECK(connect_pair(AF_INET, SOCK_STREAM, &client, &server) == 0);
		CHECK(ipsec_watch_latch(w, client) == 0);
	}
	_exit(0);
}

static void watches_of_dead_clients_leave_nothing(void **state)
{
	struct child c[DYING_CLIENTS];
	struct process_usage before;
	int round, i;

	(void)state;
	/* The same load twice, measured the second time: what the first
	 * watches allocate, on each of the broker's threads, is in. */
	for (round = 0; round < 2; round++) {
		if (round == 1) {
			before = process_usage(broker.pid);
		}
		for (i = 0; i < DYING_CLIENTS; i++) {
			start_child(&c[i], watch_and_die, broker.socket);
		}
		for (i = 0; i < DYING_CLIENTS; i++) {
			assert_int_equal(child_status(&c[i]), 0);
		}
	}
	assert_true(process_usage_kept(broker.pid, &before));
}

static int start_broker(void **state)
{
	(void)state;
	return broker_daemon_start(&broker, daemon_path, 2, NULL);
}

static int stop_broker(void **state)
{
	(void)state;
	return broker_daemon_stop(&broker);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_watch_without_capabilities),
		cmocka_unit_test(the_broker_holds_no_socket),
		cmocka_unit_test(a_reused_fd_number_is_closed),
		cmocka_unit_test(a_watching_connection_outlives_the_idle_timeout),
		cmocka_unit_test(news_waits_for_a_slow_reader),
		cmocka_unit_test(a_broker_that_ends_ends_the_watch),
		cmocka_unit_test(a_closed_connection_is_guarded),
		cmocka_unit_test(watches_of_dead_clients_leave_nothing),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: test_broker_watch IPSECAPID\n");
		return 2;
	}
	daemon_path = argv[1];
	if (enter_scratch_netns() != 0) {
		fprintf(stderr, "test_broker_watch: cannot make a network namespace: %s\n",
			strerror(errno));
		return 1;
	}
	return cmocka_run_group_tests(tests, start_broker, stop_broker);
}
