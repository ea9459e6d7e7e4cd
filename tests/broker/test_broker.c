/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsecapid and libipsecapi's way to it, on this machine's kernel (XFRM
 * netlink; no ESP is needed): a process without CAP_NET_ADMIN gets the
 * same pToken and the same errors as one with it, and sets a socket's
 * policy through the broker, for sockets it holds only (a duplicate will
 * do); its datagram calls go through the broker too.  The broker's errors
 * speak of "the socket", and refuse a socket of another network namespace
 * with the reason; one user cannot take every connection; clients that
 * die mid-request and hostile connections (no socket attached, two,
 * garbage) cost their senders the connection and the broker nothing; a
 * thousand clients at once and a hundred thousand requests leave it with
 * the descriptors and the memory it had.
 *
 *   test_broker IPSECAPID
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ipsecapi.h>

#include "broker_daemon.h"
#include "child.h"
#include "raw_client.h"
#include "datagram_message.h"
#include "scratch_netns.h"
#include "sockets.h"

static const char *daemon_path;
static struct broker_daemon broker;

static int start_broker(void **state)
{
	/* datagram_calls sets reqid 61, which the broker refuses unless its
	 * administrator allows it; a_thousand_clients_leave_nothing_behind
	 * holds a thousand connections as one user. */
	static const char *const options[] = { "--reqids=0,61", "--max-per-user=1024", NULL };

	(void)state;
	if (broker_daemon_start_with(&broker, daemon_path, 2, options) != 0) {
		return -1;
	}
	return setenv("IPSECAPI_BROKER_SOCKET", broker.socket, 1);
}

static int stop_broker(void **state)
{
	(void)state;
	return broker_daemon_stop(&broker);
}

struct query {
	int fd;
	ipsec_pToken_t privileged; /* the answer in this process */
};

/* In a child without capabilities: the same answer, through the broker. */
static int same_answer(void *arg)
{
	struct query *q = arg;
	ipsec_pToken_t p = NULL;
	int rc;

	if (drop_all_capabilities() != 0) {
		return 2;
	}
	rc = ipsec_get_socket_pToken(q->fd, &p);
	if (rc != 0) {
		fprintf(stderr, "through the broker: %s\n", ipsec_last_error());
	}
	rc = rc == 0 && ipsec_cmp_pToken(q->privileged, p) == 0 ? 0 : 3;
	ipsec_free_pToken(p);
	return rc;
}

/* A new connection of family and type, asked about here and, without
 * capabilities, through the broker: the same pToken. */
static void ask_about_a_new_connection(int family, int type)
{
	struct query q;
	int server;

	assert_int_equal(connect_pair(family, type, &q.fd, &server), 0);
	q.privileged = NULL;
	assert_int_equal(ipsec_get_socket_pToken(q.fd, &q.privileged), 0);
	assert_int_equal(run_in_child(same_answer, &q), 0);
	ipsec_free_pToken(q.privileged);
	close(q.fd);
	close(server);
}

/* TCP over IPv4 and UDP over IPv6.  (A descriptor that is no IP socket,
 * or not connected, is refused in the application's own process, before
 * any XFRM request, so that error is the same by construction.) */
static void the_same_answers_without_capabilities(void **state)
{
	(void)state;
	ask_about_a_new_connection(AF_INET, SOCK_STREAM);
	ask_about_a_new_connection(AF_INET6, SOCK_DGRAM);
}

static ipsec_pToken_t privacy_demand(uint16_t privacy)
{
	ipsec_pToken_t p = ipsec_create_pToken();

	assert_non_null(p);
	assert_int_equal(ipsec_set_token_attr(p, IPSEC_API_ATTR_privacyProtection, 2, &privacy), 0);
	return p;
}

struct datagrams {
	int receiver, sender;
	ipsec_pToken_t privileged; /* the pToken of the datagram waiting */
};

/* In a child without capabilities: the datagram calls, through the
 * broker. */
static int datagram_calls(void *arg)
{
	struct datagrams *d = arg;
	ipsec_pToken_t p = NULL, want = privacy_demand(IPSEC_API_ATTR_ENABLE);
	uint32_t reqid = 61;
	struct message m;

	if (drop_all_capabilities() != 0) {
		return 2;
	}
	/* The datagram received: the same pToken as in a privileged process. */
	prepare_to_receive(&m);
	if (ipsec_recvmsg(d->receiver, &m.msg, 0) != (ssize_t)strlen("datagram") ||
	    ipsec_get_msg_pToken(&m.msg, &p) != 0 || ipsec_cmp_pToken(p, d->privileged) != 0) {
		fprintf(stderr, "received: %s\n", ipsec_last_error());
		return 3;
	}
	ipsec_free_pToken(p);
	/* A demand that no policy meets: refused, as in a privileged process. */
	prepare(&m, d->receiver, IPSEC_MSG_PTOKEN_SPACE);
	if (ipsec_set_msg_pToken(&m.msg, want) != 0 || ipsec_sendmsg(d->sender, &m.msg, 0) != -1 ||
	    errno != EPROTO || strstr(ipsec_last_error(), "could leave unprotected") == NULL) {
		fprintf(stderr, "unmet demand: %s\n", ipsec_last_error());
		return 4;
	}
	/* The socket requires ESP (reqid 61, no SA): the demand is met by its
	 * policy, and the kernel holds the datagram back. */
	if (ipsec_set_token_attr(want, IPSEC_API_ATTR_reqid, 4, &reqid) != 0 ||
	    ipsec_set_socket_pToken(d->sender, want) != 0 || ipsec_set_msg_pToken(&m.msg, want) != 0 ||
	    ipsec_sendmsg(d->sender, &m.msg, MSG_DONTWAIT) != -1 || errno != EAGAIN) {
		fprintf(stderr, "met demand: %s\n", ipsec_last_error());
		return 5;
	}
	ipsec_free_pToken(want);
	return 0;
}

/* In a child without capabilities: a datagram's pToken after its socket
 * was closed cannot come from the broker, and the error says why. */
static int closed_receiver(void *arg)
{
	struct datagrams *d = arg;
	ipsec_pToken_t p = NULL;
	struct message m;

	if (drop_all_capabilities() != 0) {
		return 2;
	}
	prepare_to_receive(&m);
	if (ipsec_recvmsg(d->receiver, &m.msg, 0) != (ssize_t)strlen("datagram")) {
		return 3;
	}
	close(d->receiver);
	if (ipsec_get_msg_pToken(&m.msg, &p) != -1 || errno != EBADF ||
	    strstr(ipsec_last_error(), "needs the socket that received it") == NULL) {
		fprintf(stderr, "closed: %s\n", ipsec_last_error());
		return 4;
	}
	return 0;
}

/* A datagram to the receiver, from a socket without a policy of its own. */
static void send_one(struct datagrams *d, int family)
{
	int s = socket(family, SOCK_DGRAM, 0);
	struct message m;

	prepare(&m, d->receiver, 0);
	assert_int_equal(sendmsg(s, &m.msg, 0), (ssize_t)strlen("datagram"));
	close(s);
}

/* ipsec_recvmsg() and ipsec_get_msg_pToken(), ipsec_sendmsg() with
 * demands: the same answers without capabilities, over IPv4 and IPv6. */
static void datagram_calls_without_capabilities(void **state)
{
	static const int families[] = { AF_INET, AF_INET6 };
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		struct datagrams d = { .receiver = bound_socket(families[i], SOCK_DGRAM),
				       .sender = socket(families[i], SOCK_DGRAM, 0),
				       .privileged = NULL };
		struct message peek;
		int one = 1;

		assert_true(d.receiver >= 0 && d.sender >= 0);
		/* A policy covers one family (ipsec_set_socket_pToken(3)). */
		assert_true(families[i] == AF_INET ||
			    setsockopt(d.sender, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) == 0);
		send_one(&d, families[i]);
		/* The privileged answer, from a look at the datagram that
		 * leaves it for the child. */
		prepare_to_receive(&peek);
		assert_int_equal(ipsec_recvmsg(d.receiver, &peek.msg, MSG_PEEK),
				 (ssize_t)strlen("datagram"));
		assert_int_equal(ipsec_get_msg_pToken(&peek.msg, &d.privileged), 0);
		assert_int_equal(run_in_child(datagram_calls, &d), 0);
		send_one(&d, families[i]);
		assert_int_equal(run_in_child(closed_receiver, &d), 0);
		ipsec_free_pToken(d.privileged);
		close(d.receiver);
		close(d.sender);
	}
	assert_true(broker_daemon_logged(&broker, "get_msg_pToken socket:["));
	assert_true(broker_daemon_logged(&broker, "sendmsg socket:["));
}

/* In a child without capabilities: calls that keep, lose and remake
 * their connection to the broker. */
static int calls_over_time(void *arg)
{
	ipsec_pToken_t p = NULL;
	pid_t grandchild;
	int fd = *(int *)arg, status;

	if (drop_all_capabilities() != 0 || ipsec_get_socket_pToken(fd, &p) != 0) {
		return 2;
	}
	ipsec_free_pToken(p);
	/* A child after fork() makes a connection of its own, in place of
	 * its copy of its parent's: it holds as many descriptors after. */
	grandchild = fork();
	if (grandchild == 0) {
		int before = process_fds(getpid());

		_exit(ipsec_get_socket_pToken(fd, &p) == 0 && process_fds(getpid()) == before ? 0 : 1);
	}
	if (waitpid(grandchild, &status, 0) != grandchild || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		return 3;
	}
	/* The broker drops a connection idle for two seconds (its
	 * --idle-timeout here): the next call connects again. */
	sleep(4);
	if (ipsec_get_socket_pToken(fd, &p) != 0) {
		fprintf(stderr, "after the broker dropped the connection: %s\n", ipsec_last_error());
		return 4;
	}
	ipsec_free_pToken(p);
	return 0;
}

static void the_connection_to_the_broker_is_kept_and_remade(void **state)
{
	int client, server;

	(void)state;
	assert_int_equal(connect_pair(AF_INET, SOCK_STREAM, &client, &server), 0);
	assert_int_equal(run_in_child(calls_over_time, &client), 0);
	close(client);
	close(server);
}

/* In a child without capabilities: a policy that requires ESP. */
static int require_esp(void *arg)
{
	ipsec_pToken_t p = ipsec_create_pToken();
	uint16_t enable = IPSEC_API_ATTR_ENABLE;
	int rc;

	if (p == NULL || drop_all_capabilities() != 0 ||
	    ipsec_set_token_attr(p, IPSEC_API_ATTR_privacyProtection, sizeof(enable), &enable) != 0) {
		return 2;
	}
	rc = ipsec_set_socket_pToken(*(int *)arg, p);
	if (rc != 0) {
		fprintf(stderr, "set through the broker: %s\n", ipsec_last_error());
	}
	ipsec_free_pToken(p);
	return rc == 0 ? 0 : 3;
}

/* In a child without capabilities: demands that would loosen the
 * system's policy (ESP optional, or bypassed) are refused. */
static int loosen(void *arg)
{
	static const uint16_t loose[] = { IPSEC_API_ATTR_ANY, IPSEC_API_ATTR_DISABLE };
	size_t i;

	if (drop_all_capabilities() != 0) {
		return 2;
	}
	for (i = 0; i < 2; i++) {
		ipsec_pToken_t p = ipsec_create_pToken();
		int rc;

		if (p == NULL ||
		    ipsec_set_token_attr(p, IPSEC_API_ATTR_privacyProtection, 2, &loose[i]) != 0 ||
		    ipsec_set_token_attr(p, IPSEC_API_ATTR_integrityProtection, 2, &loose[i]) != 0) {
			return 3;
		}
		rc = ipsec_set_socket_pToken(*(int *)arg, p);
		ipsec_free_pToken(p);
		if (rc != -1 || errno != EPERM ||
		    strstr(ipsec_last_error(), "may only require protection") == NULL) {
			return 4;
		}
	}
	return 0;
}

/* The broker sets the policy of the socket it was given: a UDP socket that
 * sent freely sends nothing once ESP is required and no SA exists.  Demands
 * that would loosen the system's policy are refused, and leave the socket
 * as it was. */
static void a_policy_set_through_the_broker(void **state)
{
	int client, server;

	(void)state;
	assert_int_equal(connect_pair(AF_INET, SOCK_DGRAM, &client, &server), 0);
	assert_int_equal(run_in_child(loosen, &client), 0);
	assert_int_equal(send(client, "x", 1, 0), 1);
	assert_int_equal(run_in_child(require_esp, &client), 0);
	assert_int_equal(send(client, "x", 1, MSG_DONTWAIT), -1);
	close(client);
	close(server);
}

/* A raw connection to the broker at path, or -1. */
static int connect_to_broker_at(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int s = socket(AF_UNIX, SOCK_SEQPACKET, 0);

	strcpy(sun.sun_path, path);
	if (s >= 0 && connect(s, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		close(s);
		s = -1;
	}
	return s;
}

/* A raw connection to the test's broker, or -1. */
static int connect_broker(void)
{
	return connect_to_broker_at(broker.socket);
}

/* The descriptor that came on s with one octet, or -1. */
static int recv_fd(int s)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
	char octet;
	struct iovec iov = { .iov_base = &octet, .iov_len = 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	int fd = -1;

	m.msg_control = control.buf;
	m.msg_controllen = sizeof(control.buf);
	if (recvmsg(s, &m, 0) == 1 && CMSG_FIRSTHDR(&m) != NULL &&
	    CMSG_FIRSTHDR(&m)->cmsg_type == SCM_RIGHTS) {
		memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof(fd));
	}
	return fd;
}

struct holder {
	int line;              /* to the test */
	int client, server;    /* the sockets, which the child closes */
	ipsec_pToken_t answer; /* the test's pToken of the client */
};

/* In a child without capabilities that does not hold the socket (it
 * closed its copies): it can name the socket by no number and by no
 * request, until the test hands it a duplicate; then it asks about it and
 * sets its policy. */
static int hold_it_or_not(void *arg)
{
	static const uint8_t get[] = { 1, 1, 0, 0, 0, 0, 0, 0 };
	struct holder *h = arg;
	ipsec_pToken_t p = NULL, want = privacy_demand(IPSEC_API_ATTR_ENABLE);
	int s, fd;
	char answer[16];

	close(h->client);
	close(h->server);
	if (drop_all_capabilities() != 0) {
		return 2;
	}
	/* Its number here is no socket of this process. */
	if (ipsec_get_socket_pToken(h->client, &p) != -1 || errno != EBADF) {
		return 3;
	}
	/* A request without the socket is refused: the connection ends. */
	s = connect_broker();
	if (s < 0 || send(s, get, sizeof(get), 0) != sizeof(get) || recv(s, answer, 16, 0) != 0) {
		return 4;
	}
	close(s);
	/* With a duplicate of it: the test's answer, and a policy set. */
	if (write(h->line, "", 1) != 1 || (fd = recv_fd(h->line)) < 0) {
		return 5;
	}
	if (ipsec_get_socket_pToken(fd, &p) != 0 || ipsec_cmp_pToken(p, h->answer) != 0 ||
	    ipsec_set_socket_pToken(fd, want) != 0) {
		fprintf(stderr, "with a duplicate: %s\n", ipsec_last_error());
		return 6;
	}
	ipsec_free_pToken(p);
	ipsec_free_pToken(want);
	return 0;
}

/* A process asks about, or changes, only a socket that it holds; one that
 * holds a duplicate of it can.  (The test's half of hold_it_or_not.) */
static void only_a_holder_of_the_socket_asks(void **state)
{
	struct holder h = { .line = -1, .client = -1, .server = -1, .answer = NULL };
	int line[2], status;
	char octet;
	pid_t child;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, line), 0);
	h.line = line[1];
	assert_int_equal(connect_pair(AF_INET, SOCK_DGRAM, &h.client, &h.server), 0);
	assert_int_equal(ipsec_get_socket_pToken(h.client, &h.answer), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		_exit(hold_it_or_not(&h));
	}
	assert_int_equal(read(line[0], &octet, 1), 1);
	assert_int_equal(raw_send(line[0], "", 1, &h.client, 1), 1);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	/* The policy the child set is this socket's: ESP required, no SA. */
	assert_int_equal(send(h.client, "x", 1, MSG_DONTWAIT), -1);
	ipsec_free_pToken(h.answer);
	close(h.client);
	close(h.server);
	close(line[0]);
	close(line[1]);
}

/* A raw connection to the broker: sends len octets with nfds descriptors
 * and says whether the broker then closed the connection without an
 * answer. */
static bool closed_after(const void *msg, size_t len, int nfds)
{
	int fds[2] = { socket(AF_INET, SOCK_STREAM, 0), socket(AF_INET, SOCK_STREAM, 0) };
	int s = connect_broker();
	char answer[64];
	bool closed;

	assert_true(s >= 0);
	assert_int_equal(raw_send(s, msg, len, fds, nfds), (ssize_t)len);
	closed = recv(s, answer, sizeof(answer), 0) == 0;
	close(s);
	close(fds[0]);
	close(fds[1]);
	return closed;
}

static void hostile_clients_cost_the_broker_nothing(void **state)
{
	static const uint8_t get[] = { 1, 1, 0, 0, 0, 0, 0, 0 };
	static const uint8_t garbage[] = { 1, 1, 0, 0, 0, 0, 0, 9, 'x' };
	static const uint8_t version9[] = { 9, 1, 0, 0, 0, 0, 0, 0 };
	static const uint8_t watch[] = { 1, 3, 0, 0, 0, 0, 0, 4, 0, 0, 0, 7 };
	static const uint8_t short_watch[] = { 1, 3, 0, 0, 0, 0, 0, 2, 0, 7 };
	static const uint8_t unwatch[] = { 1, 4, 0, 0, 0, 0, 0, 4, 0, 0, 0, 7 };
	int before = settled_fds(broker.pid), i;

	(void)state;
	assert_true(before > 0);
	for (i = 0; i < 20; i++) {
		assert_true(closed_after(get, sizeof(get), 0));      /* no socket */
		assert_true(closed_after(get, sizeof(get), 2));      /* two */
		assert_true(closed_after(garbage, sizeof(garbage), 1));
		assert_true(closed_after(version9, sizeof(version9), 1));
		assert_false(closed_after(get, sizeof(get), 1)); /* answered */
		assert_true(closed_after(watch, sizeof(watch), 0));   /* no socket */
		assert_true(closed_after(short_watch, sizeof(short_watch), 1));
		assert_true(closed_after(unwatch, sizeof(unwatch), 1)); /* one too many */
		assert_false(closed_after(unwatch, sizeof(unwatch), 0)); /* ENOENT */
	}
	assert_int_equal(settled_fds(broker.pid), before);
	/* And it still serves. */
	ask_about_a_new_connection(AF_INET, SOCK_STREAM);
}

/* The broker's errors speak of "the socket", not of its own number for
 * it, which means nothing to the application. */
static void errors_name_no_descriptor_of_the_broker(void **state)
{
	static const uint8_t watch[] = { 1, 3, 0, 0, 0, 0, 0, 4, 0, 0, 0, 7 };
	int unconnected = socket(AF_INET, SOCK_DGRAM, 0), s = connect_broker();
	uint8_t answer[600];
	ssize_t n;

	(void)state;
	assert_true(s >= 0);
	assert_int_equal(raw_send(s, watch, sizeof(watch), &unconnected, 1),
			 (ssize_t)sizeof(watch));
	n = recv(s, answer, sizeof(answer) - 1, 0);
	assert_true(n > 12);
	answer[n] = '\0';
	assert_int_equal(answer[1], 0x83); /* ERROR */
	assert_int_equal(answer[11], ENOTCONN);
	assert_non_null(strstr((char *)answer + 12, "the socket is not connected"));
	assert_null(strstr((char *)answer + 12, "fd "));
	close(s);
	close(unconnected);
}

/* A client that sends a request, with its socket, and dies before the
 * answer. */
static int ask_and_die(void)
{
	static const uint8_t get[] = { 1, 1, 0, 0, 0, 0, 0, 0 };
	int client, server, s = connect_broker();

	if (s < 0 || connect_pair(AF_INET, SOCK_STREAM, &client, &server) != 0 ||
	    raw_send(s, get, sizeof(get), &client, 1) != sizeof(get)) {
		return 2;
	}
	return 0; /* exit: its sockets close before the answer comes */
}

/* The broker survives clients that die mid-request, and is left with the
 * descriptors it had. */
static void clients_that_die_mid_request(void **state)
{
	int before = settled_fds(broker.pid), i, status, failed = 0;
	pid_t child[100];

	(void)state;
	for (i = 0; i < 100; i++) {
		child[i] = fork();
		if (child[i] == 0) {
			_exit(ask_and_die());
		}
	}
	for (i = 0; i < 100; i++) {
		waitpid(child[i], &status, 0);
		failed |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	}
	assert_false(failed);
	assert_int_equal(kill(broker.pid, 0), 0);
	assert_int_equal(settled_fds(broker.pid), before);
	ask_about_a_new_connection(AF_INET, SOCK_STREAM);
}

/* In a child without capabilities, in a network namespace of its own: the
 * broker, in another, refuses its socket and says why. */
static int ask_from_another_namespace(void *arg)
{
	ipsec_pToken_t p = NULL;
	int client, server;

	(void)arg;
	if (enter_scratch_netns() != 0 || drop_all_capabilities() != 0 ||
	    connect_pair(AF_INET, SOCK_STREAM, &client, &server) != 0) {
		return 2;
	}
	if (ipsec_get_socket_pToken(client, &p) != -1 || errno != EXDEV) {
		return 3;
	}
	fprintf(stderr, "from another namespace: %s\n", ipsec_last_error());
	return strstr(ipsec_last_error(), "another network namespace than the IPsec API broker") !=
			       NULL
		       ? 0
		       : 4;
}

static void a_socket_of_another_namespace(void **state)
{
	(void)state;
	assert_int_equal(run_in_child(ask_from_another_namespace, NULL), 0);
}

/* Whether a GET about a socket of this process is answered on s (or the
 * connection was closed). */
static bool answered(int s)
{
	static const uint8_t get[] = { 1, 1, 0, 0, 0, 0, 0, 0 };
	int client, server;
	uint8_t answer[4096];
	bool ok;

	if (connect_pair(AF_INET, SOCK_DGRAM, &client, &server) != 0) {
		return false;
	}
	ok = raw_send(s, get, sizeof(get), &client, 1) == sizeof(get) &&
	     recv(s, answer, sizeof(answer), 0) > 8 && answer[1] == 0x81;
	close(client);
	close(server);
	return ok;
}

/* In a child as another user: its connection is served. */
static int another_user_connects(void *arg)
{
	int s;

	if (setresgid(65534, 65534, 65534) != 0 || setresuid(65534, 65534, 65534) != 0) {
		return 2;
	}
	s = connect_to_broker_at(arg);
	return s >= 0 && answered(s) ? 0 : 3;
}

/* One user may hold --max-per-user connections; one more is closed at
 * once, and others are still served. */
static void one_user_cannot_take_every_connection(void **state)
{
	struct broker_daemon limited;
	int s[4], i;

	(void)state;
	assert_int_equal(broker_daemon_start(&limited, daemon_path, 30, "--max-per-user=3"), 0);
	chmod(limited.dir, 0755);
	for (i = 0; i < 4; i++) {
		s[i] = connect_to_broker_at(limited.socket);
		assert_true(s[i] >= 0);
	}
	for (i = 0; i < 3; i++) {
		assert_true(answered(s[i]));
	}
	assert_false(answered(s[3]));
	assert_int_equal(run_in_child(another_user_connects, limited.socket), 0);
	close(s[0]);
	close(s[3]);
	usleep(200000);
	s[0] = connect_to_broker_at(limited.socket);
	assert_true(answered(s[0]));
	for (i = 0; i < 3; i++) {
		close(s[i]);
	}
	assert_int_equal(broker_daemon_stop(&limited), 0);
}

#define WORKERS 8
#define CLIENTS_PER_WORKER 125 /* 1000 connections at once */
#define REQUESTS 100000

/* One worker of the load: its connections all open at once, then its
 * share of requests requests over them in turn, each answered with a
 * pToken. */
static int load_worker(int requests)
{
	static const uint8_t get[] = { 1, 1, 0, 0, 0, 0, 0, 0 };
	int conns[CLIENTS_PER_WORKER], client, server, i, r;
	uint8_t answer[4096];

	if (connect_pair(AF_INET, SOCK_STREAM, &client, &server) != 0) {
		return 2;
	}
	for (i = 0; i < CLIENTS_PER_WORKER; i++) {
		conns[i] = connect_broker();
		if (conns[i] < 0) {
			return 3;
		}
	}
	for (r = 0; r < requests / WORKERS; r++) {
		int s = conns[r % CLIENTS_PER_WORKER];

		if (raw_send(s, get, sizeof(get), &client, 1) != sizeof(get) ||
		    recv(s, answer, sizeof(answer), 0) < 8 || answer[1] != 0x81) {
			return 4;
		}
	}
	return 0;
}

/* A thousand clients at once and a hundred thousand requests leave the
 * broker with the descriptors and (within 1 MiB) the memory it had. */
static void a_thousand_clients_leave_nothing_behind(void **state)
{
	pid_t workers[WORKERS];
	struct process_usage before;
	int status, i, failed = 0;

	int round;

	(void)state;
	/* A smaller load first, so that what the first connections and each
	 * of the broker's threads allocate is in. */
	for (round = 0; round < 2; round++) {
		if (round == 1) {
			before = process_usage(broker.pid);
		}
		for (i = 0; i < WORKERS; i++) {
			workers[i] = fork();
			if (workers[i] == 0) {
				_exit(load_worker(round == 0 ? REQUESTS / 20 : REQUESTS));
			}
		}
		for (i = 0; i < WORKERS; i++) {
			waitpid(workers[i], &status, 0);
			failed |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
		}
	}
	assert_false(failed);
	assert_true(process_usage_kept(broker.pid, &before));
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_same_answers_without_capabilities),
		cmocka_unit_test(a_policy_set_through_the_broker),
		cmocka_unit_test(only_a_holder_of_the_socket_asks),
		cmocka_unit_test(datagram_calls_without_capabilities),
		cmocka_unit_test(the_connection_to_the_broker_is_kept_and_remade),
		cmocka_unit_test(hostile_clients_cost_the_broker_nothing),
		cmocka_unit_test(clients_that_die_mid_request),
		cmocka_unit_test(errors_name_no_descriptor_of_the_broker),
		cmocka_unit_test(a_socket_of_another_namespace),
		cmocka_unit_test(one_user_cannot_take_every_connection),
		cmocka_unit_test(a_thousand_clients_leave_nothing_behind),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: test_broker IPSECAPID\n");
		return 2;
	}
	daemon_path = argv[1];
	return cmocka_run_group_tests(tests, start_broker, stop_broker);
}
