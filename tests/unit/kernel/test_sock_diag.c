/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel layer's sock_diag dump: the sockets a test makes on loopback
 * in a network namespace of its own, found with their ports, states,
 * cookies and queues; and answers built by hand that the parser must
 * refuse, each with an error that says what is wrong.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include "diag_build.h"
#include "scratch_netns.h"
#include "sock_diag.h"
#include "sockets.h"
#include "test_util.h"

#define FN "test" /* the caller the errors are recorded for */

/* What a dump handed out. */
struct listing {
	struct ipsecapi_diag_socket s[64];
	size_t n;
};

static int keep(const struct ipsecapi_diag_socket *s, void *data)
{
	struct listing *l = data;

	assert_true(l->n < sizeof(l->s) / sizeof(l->s[0]));
	l->s[l->n++] = *s;
	return 0;
}

static void list_tcp(uint8_t family, uint16_t local_port, struct listing *l)
{
	const struct ipsecapi_sock_diag_query q = {
		.family = family,
		.proto = IPPROTO_TCP,
		.states = ~0u,
		.local_port = local_port,
	};

	l->n = 0;
	if (ipsecapi_sock_diag_dump(&q, keep, l, FN) != 0) {
		fail_msg("ipsecapi_sock_diag_dump: %s", ipsec_last_error());
	}
}

static const struct ipsecapi_diag_socket *by_cookie(const struct listing *l, uint64_t cookie)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (l->s[i].cookie == cookie) {
			return &l->s[i];
		}
	}
	fail_msg("no socket with cookie %llu among %zu", (unsigned long long)cookie, l->n);
	return NULL;
}

static uint64_t cookie_of(int fd)
{
	uint64_t cookie = 0;
	socklen_t len = sizeof(cookie);

	assert_int_equal(getsockopt(fd, SOL_SOCKET, SO_COOKIE, &cookie, &len), 0);
	return cookie;
}

static uint16_t port_of(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	assert_int_equal(getsockname(fd, (struct sockaddr *)&ss, &len), 0);
	return ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
					     : ((struct sockaddr_in6 *)&ss)->sin6_port);
}

static void assert_socket(const struct ipsecapi_diag_socket *s, uint8_t state, uint16_t local_port,
			  uint16_t remote_port)
{
	assert_int_equal(s->family, AF_INET);
	assert_int_equal(s->proto, IPPROTO_TCP);
	assert_int_equal(s->state, state);
	assert_int_equal(s->local_port, local_port);
	assert_int_equal(s->remote_port, remote_port);
	assert_int_equal(s->uid, getuid());
	assert_int_equal(ntohl(s->local.a4), INADDR_LOOPBACK);
}

static void a_listener_and_a_connected_pair_are_listed(void **state)
{
	int listener = bound_socket(AF_INET, SOCK_STREAM), client = -1, server = -1, waiting = -1;
	const uint32_t mark = 42;
	const struct ipsecapi_diag_socket *s;
	struct listing l;
	uint16_t port;
	size_t i, queued = 0;

	(void)state;
	assert_true(listener >= 0);
	port = port_of(listener);
	client = socket(AF_INET, SOCK_STREAM, 0);
	waiting = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(setsockopt(client, SOL_SOCKET, SO_MARK, &mark, sizeof(mark)), 0);
	assert_int_equal(connect_to(client, listener), 0);
	server = accept(listener, NULL, NULL);
	assert_true(server >= 0);
	/* A second connection stays in the listener's accept queue. */
	assert_int_equal(connect_to(waiting, listener), 0);

	list_tcp(AF_INET, 0, &l);
	s = by_cookie(&l, cookie_of(listener));
	assert_socket(s, TCP_LISTEN, port, 0);
	assert_int_equal(s->rqueue, 1);
	assert_int_not_equal(s->inode, 0);
	s = by_cookie(&l, cookie_of(client));
	assert_socket(s, TCP_ESTABLISHED, port_of(client), port);
	assert_int_equal(ntohl(s->remote.a4), INADDR_LOOPBACK);
	assert_int_equal(s->mark, mark);
	assert_int_not_equal(s->inode, 0);
	s = by_cookie(&l, cookie_of(server));
	assert_socket(s, TCP_ESTABLISHED, port, port_of(client));
	assert_int_equal(s->mark, 0);
	/* The queued connection: no process holds it yet. */
	for (i = 0; i < l.n; i++) {
		if (l.s[i].local_port == port && l.s[i].remote_port == port_of(waiting)) {
			assert_int_equal(l.s[i].state, TCP_ESTABLISHED);
			assert_int_equal(l.s[i].inode, 0);
			queued++;
		}
	}
	assert_int_equal(queued, 1);

	/* The port's own sockets only: the client's end is on another. */
	list_tcp(AF_INET, port, &l);
	assert_int_equal(l.n, 3);
	for (i = 0; i < l.n; i++) {
		assert_int_equal(l.s[i].local_port, port);
		assert_int_not_equal(l.s[i].cookie, cookie_of(client));
	}
	by_cookie(&l, cookie_of(listener));
	by_cookie(&l, cookie_of(server));

	close(waiting);
	close(server);
	close(client);
	close(listener);
}

static void an_ipv6_connection_is_listed_with_its_addresses(void **state)
{
	int client, server;
	const struct ipsecapi_diag_socket *s;
	struct listing l;
	size_t i;

	(void)state;
	assert_int_equal(connect_pair(AF_INET6, SOCK_STREAM, &client, &server), 0);
	list_tcp(AF_INET6, 0, &l);
	s = by_cookie(&l, cookie_of(client));
	assert_int_equal(s->family, AF_INET6);
	assert_int_equal(s->state, TCP_ESTABLISHED);
	assert_int_equal(s->local_port, port_of(client));
	assert_int_equal(s->remote_port, port_of(server));
	assert_memory_equal(s->local.a6, &in6addr_loopback, sizeof(s->local.a6));
	assert_memory_equal(s->remote.a6, &in6addr_loopback, sizeof(s->remote.a6));
	/* Not in the other family's list. */
	list_tcp(AF_INET, 0, &l);
	for (i = 0; i < l.n; i++) {
		assert_int_not_equal(l.s[i].cookie, cookie_of(client));
	}
	close(client);
	close(server);
}

static const struct ipsecapi_sock_diag_query ipv4_tcp = {
	.family = AF_INET,
	.proto = IPPROTO_TCP,
	.states = ~0u,
};

/* Reads answer a as one buffer of a dump of q; the sockets go to l. */
static int read_answer(const struct ipsecapi_sock_diag_query *q, const struct diag_answer *a,
		       struct listing *l, bool *ended)
{
	struct ipsecapi_sock_diag_reader r = {
		.query = q,
		.each = keep,
		.data = l,
		.fn = FN,
	};
	int rc = ipsecapi_sock_diag_read(&r, a->words, a->len);

	*ended = r.ended;
	return rc;
}

/* An answer of one socket, spoilt by the test, then the dump's end. */
static struct nlmsghdr *one_socket(struct diag_answer *a, uint8_t family, uint32_t mark)
{
	struct inet_diag_msg m = db_socket_msg(family, TCP_LISTEN, 7001, 0, 1);

	a->len = 0;
	return db_put_socket(a, &m, mark);
}

static void assert_malformed(const struct diag_answer *a, const char *why)
{
	struct listing l = { .n = 0 };
	bool ended;

	assert_fails(read_answer(&ipv4_tcp, a, &l, &ended), EBADMSG, FN, why);
	assert_non_null(strstr(ipsec_last_error(), "malformed sock_diag answer"));
	assert_int_equal(l.n, 0);
	assert_false(ended);
}

static void a_malformed_answer_is_refused(void **state)
{
	struct diag_answer a = { .len = 0 };
	struct nlmsghdr *nlh;

	(void)state;
	assert_malformed(&a, "an empty answer");

	one_socket(&a, AF_INET, 0)->nlmsg_len = 0xffffffff;
	assert_malformed(&a, "a message runs past the end of the answer");

	one_socket(&a, AF_INET, 0);
	a.len += 8; /* half a header */
	assert_malformed(&a, "octets after the last message");

	nlh = one_socket(&a, AF_INET, 0);
	nlh->nlmsg_len = NLMSG_HDRLEN + 40;
	a.len = nlh->nlmsg_len;
	assert_malformed(&a, "a socket shorter than struct inet_diag_msg");

	one_socket(&a, AF_INET, 0)->nlmsg_type = NLMSG_MIN_TYPE;
	assert_malformed(&a, "a message that is not a socket");

	one_socket(&a, AF_INET6, 0);
	assert_malformed(&a, "a socket of another family than the one asked for");

	/* The mark's attribute says 8 octets; the message ends after 6. */
	nlh = one_socket(&a, AF_INET, 7);
	nlh->nlmsg_len -= 2;
	a.len -= 2;
	assert_malformed(&a, "an attribute runs past its message");

	nlh = one_socket(&a, AF_INET, 7);
	((struct nlattr *)mnl_nlmsg_get_payload_offset(nlh, sizeof(struct inet_diag_msg)))->nla_len = 6;
	assert_malformed(&a, "a mark that is not one 4-octet number");
}

static void a_port_not_asked_for_is_refused(void **state)
{
	struct ipsecapi_sock_diag_query q = ipv4_tcp;
	struct listing l = { .n = 0 };
	struct diag_answer a = { .len = 0 };
	bool ended;

	(void)state;
	q.local_port = 7002;
	one_socket(&a, AF_INET, 0);
	assert_fails(read_answer(&q, &a, &l, &ended), EBADMSG, FN,
		     "a socket on another port than the one asked for");
	q.local_port = 7001;
	assert_int_equal(read_answer(&q, &a, &l, &ended), 0);
	assert_int_equal(l.n, 1);
}

static void a_dump_is_read_across_buffers_to_its_end(void **state)
{
	struct inet_diag_msg listener = db_socket_msg(AF_INET, TCP_LISTEN, 7001, 0, 1);
	struct inet_diag_msg pair = db_socket_msg(AF_INET, TCP_ESTABLISHED, 7001, 40000, 2);
	struct listing l = { .n = 0 };
	struct diag_answer a = { .len = 0 };
	bool ended;

	(void)state;
	db_put_socket(&a, &listener, 0);
	db_put_socket(&a, &pair, 9);
	assert_int_equal(read_answer(&ipv4_tcp, &a, &l, &ended), 0);
	assert_false(ended);
	a.len = 0;
	db_put_done(&a, 0);
	assert_int_equal(read_answer(&ipv4_tcp, &a, &l, &ended), 0);
	assert_true(ended);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.s[0].state, TCP_LISTEN);
	assert_int_equal(l.s[0].cookie, 1);
	assert_int_equal(l.s[1].remote_port, 40000);
	assert_int_equal(l.s[1].mark, 9);
	assert_int_equal(l.s[1].uid, 1000);
}

static void the_kernels_errors_are_reported(void **state)
{
	struct listing l = { .n = 0 };
	struct diag_answer a = { .len = 0 };
	bool ended;

	(void)state;
	db_put_error(&a, -EPERM);
	assert_fails(read_answer(&ipv4_tcp, &a, &l, &ended), EPERM, FN,
		     "the kernel refused the sock_diag dump");
	/* A dump cut short ends in an error that libmnl would not see. */
	a.len = 0;
	db_put_done(&a, -ENOBUFS);
	assert_fails(read_answer(&ipv4_tcp, &a, &l, &ended), ENOBUFS, FN,
		     "the kernel cut the sock_diag dump short");
	a.len = 0;
	db_put_error(&a, -5000);
	assert_fails(read_answer(&ipv4_tcp, &a, &l, &ended), EBADMSG, FN,
		     "an error number out of range");
}

static int stop_at_first(const struct ipsecapi_diag_socket *s, void *data)
{
	(void)s;
	++*(int *)data;
	errno = ECANCELED;
	return -1;
}

static void a_callback_stops_the_walk(void **state)
{
	struct inet_diag_msg m = db_socket_msg(AF_INET, TCP_LISTEN, 7001, 0, 1);
	struct diag_answer a = { .len = 0 };
	int calls = 0;
	struct ipsecapi_sock_diag_reader r = {
		.query = &ipv4_tcp,
		.each = stop_at_first,
		.data = &calls,
		.fn = FN,
	};

	(void)state;
	db_put_socket(&a, &m, 0);
	db_put_socket(&a, &m, 0);
	db_put_done(&a, 0);
	errno = 0;
	assert_int_equal(ipsecapi_sock_diag_read(&r, a.words, a.len), -1);
	assert_int_equal(errno, ECANCELED);
	assert_int_equal(calls, 1);
	assert_false(r.ended);
}

static int enter(void **state)
{
	(void)state;
	return enter_scratch_netns();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_listener_and_a_connected_pair_are_listed),
		cmocka_unit_test(an_ipv6_connection_is_listed_with_its_addresses),
		cmocka_unit_test(a_malformed_answer_is_refused),
		cmocka_unit_test(a_port_not_asked_for_is_refused),
		cmocka_unit_test(a_dump_is_read_across_buffers_to_its_end),
		cmocka_unit_test(the_kernels_errors_are_reported),
		cmocka_unit_test(a_callback_stops_the_walk),
	};

	return cmocka_run_group_tests(tests, enter, NULL);
}
