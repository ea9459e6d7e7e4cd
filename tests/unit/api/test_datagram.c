/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The datagram calls against this machine's kernel, in a network namespace
 * of the test's own: demands attached to a message, which plain sendmsg()
 * refuses and ipsec_sendmsg() meets or refuses; the flow that
 * ipsec_recvmsg() records and ipsec_get_msg_pToken() works out; bad
 * messages.  Datagrams over real SAs are tested in the test VM.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "datagram_message.h"
#include "scratch_netns.h"
#include "sockets.h"
#include "test_util.h"

#define TICKET_SPACE CMSG_SPACE(IPSEC_MSG_TICKET_LEN)

static ipsec_pToken_t demands(uint16_t privacy, uint16_t integrity)
{
	ipsec_pToken_t p = ipsec_create_pToken();

	assert_int_equal(set_u16(p, IPSEC_API_ATTR_privacyProtection, privacy), 0);
	assert_int_equal(set_u16(p, IPSEC_API_ATTR_integrityProtection, integrity), 0);
	assert_int_equal(set_u16(p, IPSEC_API_ATTR_compression, IPSEC_API_ATTR_DISABLE), 0);
	return p;
}

static bool arrives(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN, .revents = 0 };
	char buf[64];

	return poll(&p, 1, 200) == 1 && recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0;
}

static char *audit_of(ipsec_pToken_t p)
{
	void *val = NULL;
	uint32_t len = 0;

	assert_int_equal(ipsec_get_token_attr(p, IPSEC_API_ATTR_auditString, &len, &val), 0);
	print_message("audit: %s\n", (char *)val);
	return val;
}

static void demands_travel_in_the_message(void **state)
{
	struct message m;
	ipsec_pToken_t want = demands(IPSEC_API_ATTR_LEVEL_HIGH, IPSEC_API_ATTR_ENABLE), got = NULL;
	struct cmsghdr *c;
	unsigned tickets = 0;

	(void)state;
	prepare(&m, -1, TICKET_SPACE); /* room for one, not two */
	assert_fails(ipsec_set_msg_pToken(&m.msg, want), EINVAL, "ipsec_set_msg_pToken",
		     "IPSEC_MSG_PTOKEN_SPACE");
	/* A control message of the caller's, then the space. */
	prepare(&m, -1, CMSG_SPACE(sizeof(int)) + IPSEC_MSG_PTOKEN_SPACE);
	c = CMSG_FIRSTHDR(&m.msg);
	c->cmsg_level = SOL_IP;
	c->cmsg_type = IP_TTL;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	*(int *)(void *)CMSG_DATA(c) = 7;
	assert_int_equal(ipsec_set_msg_pToken(&m.msg, want), 0);
	for (c = CMSG_FIRSTHDR(&m.msg); c != NULL; c = CMSG_NXTHDR(&m.msg, c)) {
		tickets += c->cmsg_type == (c->cmsg_level == SOL_IP ? IP_XFRM_POLICY : IPV6_XFRM_POLICY);
	}
	assert_int_equal(tickets, 2); /* one for each family */
	assert_int_equal(*(int *)(void *)CMSG_DATA(CMSG_FIRSTHDR(&m.msg)), 7);
	/* Setting again replaces them. */
	assert_int_equal(ipsec_set_msg_pToken(&m.msg, want), 0);
	assert_int_equal(ipsec_get_msg_pToken(&m.msg, &got), 0);
	assert_int_equal(get_u16(got, IPSEC_API_ATTR_privacyProtection), IPSEC_API_ATTR_LEVEL_HIGH);
	assert_int_equal(get_u16(got, IPSEC_API_ATTR_integrityProtection), IPSEC_API_ATTR_ENABLE);
	assert_int_equal(ipsec_cmp_pToken(want, got), 0);
	ipsec_free_pToken(got);
	ipsec_free_pToken(want);
	/* Refused demands are refused here too. */
	want = demands(IPSEC_API_ATTR_ENABLE, IPSEC_API_ATTR_DISABLE);
	assert_fails(ipsec_set_msg_pToken(&m.msg, want), EINVAL, "ipsec_set_msg_pToken",
		     "privacy without integrity");
	ipsec_free_pToken(want);
}

/* Plain sendmsg() of a message with demands: the kernel refuses it, for
 * IPv4, IPv6 and v4-mapped destinations alike, and nothing is sent. */
static void plain_sendmsg_refuses_demands(void **state)
{
	static const int families[][2] = { { AF_INET, AF_INET }, { AF_INET6, AF_INET6 },
					   { AF_INET6, AF_INET } };
	ipsec_pToken_t want = demands(IPSEC_API_ATTR_ENABLE, IPSEC_API_ATTR_ENABLE);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		int sender = socket(families[i][0], SOCK_DGRAM, 0);
		int receiver = bound_socket(families[i][1], SOCK_DGRAM);
		struct message m;

		prepare(&m, receiver, IPSEC_MSG_PTOKEN_SPACE);
		if (families[i][0] != families[i][1]) { /* v4-mapped */
			struct sockaddr_in sin;
			struct sockaddr_in6 *mapped = (struct sockaddr_in6 *)&m.name;

			memcpy(&sin, &m.name, sizeof(sin));
			memset(mapped, 0, sizeof(*mapped));
			mapped->sin6_family = AF_INET6;
			mapped->sin6_port = sin.sin_port;
			inet_pton(AF_INET6, "::ffff:127.0.0.1", &mapped->sin6_addr);
			m.msg.msg_namelen = sizeof(*mapped);
		}
		assert_int_equal(ipsec_set_msg_pToken(&m.msg, want), 0);
		errno = 0;
		assert_int_equal(sendmsg(sender, &m.msg, 0), -1);
		assert_int_equal(errno, EINVAL);
		assert_false(arrives(receiver));
		close(sender);
		close(receiver);
	}
	ipsec_free_pToken(want);
}

static void ipsec_sendmsg_meets_demands_or_fails(void **state)
{
	int receiver = bound_socket(AF_INET, SOCK_DGRAM), sender = socket(AF_INET, SOCK_DGRAM, 0);
	ipsec_pToken_t want = demands(IPSEC_API_ATTR_ENABLE, IPSEC_API_ATTR_ENABLE);
	ipsec_pToken_t none = demands(IPSEC_API_ATTR_DISABLE, IPSEC_API_ATTR_DISABLE);
	struct timeval timeout = { .tv_sec = 0, .tv_usec = 300000 };
	struct timespec t0, t1;
	long waited_ms;
	uint32_t reqid = 61;
	struct message m;

	(void)state;
	/* No policy requires IPsec for it: refused, nothing sent. */
	prepare(&m, receiver, IPSEC_MSG_PTOKEN_SPACE);
	assert_int_equal(ipsec_set_msg_pToken(&m.msg, want), 0);
	assert_fails(ipsec_sendmsg(sender, &m.msg, 0), EPROTO, "ipsec_sendmsg", "could leave unprotected");
	assert_false(arrives(receiver));

	/* Demanding nothing: sent, without the tickets. */
	assert_int_equal(ipsec_set_msg_pToken(&m.msg, none), 0);
	assert_int_equal(ipsec_sendmsg(sender, &m.msg, 0), (ssize_t)strlen("datagram"));
	assert_true(arrives(receiver));

	/* The socket requires ESP (reqid 61, no SA, no key manager): the
	 * demand is met by the policy, and the kernel holds the datagram
	 * back.  A send that may block waits for the SA, up to the socket's
	 * SO_SNDTIMEO; one that may not says EAGAIN at once. */
	assert_int_equal(ipsec_set_token_attr(want, IPSEC_API_ATTR_reqid, 4, &reqid), 0);
	assert_int_equal(ipsec_set_socket_pToken(sender, want), 0);
	assert_int_equal(ipsec_set_msg_pToken(&m.msg, want), 0);
	assert_fails(ipsec_sendmsg(sender, &m.msg, MSG_DONTWAIT), EAGAIN, "ipsec_sendmsg",
		     "sendmsg");
	assert_int_equal(setsockopt(sender, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout)), 0);
	assert_int_equal(clock_gettime(CLOCK_MONOTONIC, &t0), 0);
	assert_fails(ipsec_sendmsg(sender, &m.msg, 0), ETIMEDOUT, "ipsec_sendmsg",
		     "no SA came within 300 ms");
	assert_int_equal(clock_gettime(CLOCK_MONOTONIC, &t1), 0);
	waited_ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	assert_true(waited_ms >= 300 && waited_ms < 3000);
	assert_false(arrives(receiver));
	ipsec_free_pToken(want);
	ipsec_free_pToken(none);
	close(sender);
	close(receiver);
}

static void received_datagrams_carry_their_flow(void **state)
{
	static const int families[] = { AF_INET, AF_INET6 };
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		int receiver = bound_socket(families[i], SOCK_DGRAM);
		int sender = socket(families[i], SOCK_DGRAM, 0);
		struct message out, in;
		ipsec_pToken_t p = NULL;
		struct sockaddr_storage from;
		socklen_t len = sizeof(from);
		char *audit, where[64];

		prepare(&out, receiver, 0);
		assert_int_equal(sendmsg(sender, &out.msg, 0), (ssize_t)strlen("datagram"));
		prepare_to_receive(&in);
		assert_int_equal(ipsec_recvmsg(receiver, &in.msg, 0), (ssize_t)strlen("datagram"));
		assert_int_equal(in.msg.msg_flags & MSG_CTRUNC, 0);
		assert_int_equal(ipsec_get_msg_pToken(&in.msg, &p), 0);
		assert_int_equal(get_u16(p, IPSEC_API_ATTR_privacyProtection), IPSEC_API_ATTR_DISABLE);
		audit = audit_of(p);
		/* The flow: from the receiver's address to the sender's port. */
		assert_int_equal(getsockname(sender, (struct sockaddr *)&from, &len), 0);
		snprintf(where, sizeof(where), "%s:%u",
			 families[i] == AF_INET ? "127.0.0.1" : "[::1]",
			 ntohs(((struct sockaddr_in *)&from)->sin_port));
		assert_non_null(strstr(audit, where));
		assert_non_null(strstr(audit, "out: no policy, in clear"));
		free(audit);
		ipsec_free_pToken(p);
		close(sender);
		close(receiver);
	}
}

/* The ticket names the socket that took the datagram, so that its own
 * policy is the one looked at. */
static void the_receiving_socket_policy_counts(void **state)
{
	int receiver = bound_socket(AF_INET, SOCK_DGRAM), sender = socket(AF_INET, SOCK_DGRAM, 0);
	ipsec_pToken_t use = demands(IPSEC_API_ATTR_ANY, IPSEC_API_ATTR_ANY), p = NULL;
	struct message out, in;
	char *audit;

	(void)state;
	assert_int_equal(ipsec_set_socket_pToken(receiver, use), 0);
	prepare(&out, receiver, 0);
	assert_int_equal(sendmsg(sender, &out.msg, 0), (ssize_t)strlen("datagram"));
	prepare(&in, -1, sizeof(in.control));
	assert_int_equal(ipsec_recvmsg(receiver, &in.msg, 0), (ssize_t)strlen("datagram"));
	assert_int_equal(ipsec_get_msg_pToken(&in.msg, &p), 0);
	audit = audit_of(p);
	assert_non_null(strstr(audit, "in: socket policy uses IPsec only if an SA exists"));
	free(audit);
	ipsec_free_pToken(p);
	ipsec_free_pToken(use);
	close(sender);
	close(receiver);
}

static void no_room_no_ticket(void **state)
{
	int receiver = bound_socket(AF_INET, SOCK_DGRAM), sender = socket(AF_INET, SOCK_DGRAM, 0);
	struct message out, in;
	ipsec_pToken_t p = NULL;

	(void)state;
	prepare(&out, receiver, 0);
	assert_int_equal(sendmsg(sender, &out.msg, 0), (ssize_t)strlen("datagram"));
	prepare(&in, -1, TICKET_SPACE - 1);
	assert_int_equal(ipsec_recvmsg(receiver, &in.msg, 0), (ssize_t)strlen("datagram"));
	assert_int_equal(in.msg.msg_flags & MSG_CTRUNC, MSG_CTRUNC);
	assert_fails(ipsec_get_msg_pToken(&in.msg, &p), ENOMSG, "ipsec_get_msg_pToken",
		     "ipsec_recvmsg");
	assert_null(p);
	close(sender);
	close(receiver);
}

static void bad_messages(void **state)
{
	struct message m;
	struct cmsghdr *c;
	ipsec_pToken_t p = NULL;
	int tcp = socket(AF_INET, SOCK_STREAM, 0);

	(void)state;
	prepare(&m, -1, 64);
	c = CMSG_FIRSTHDR(&m.msg);
	c->cmsg_level = SOL_IP;
	c->cmsg_type = IP_XFRM_POLICY;
	c->cmsg_len = 4096; /* past the end of msg_control */
	assert_fails(ipsec_get_msg_pToken(&m.msg, &p), EINVAL, "ipsec_get_msg_pToken", "bad length");
	c->cmsg_len = 2; /* shorter than its own header */
	assert_fails(ipsec_get_msg_pToken(&m.msg, &p), EINVAL, "ipsec_get_msg_pToken", "bad length");
	assert_null(p);
	prepare(&m, -1, 0);
	assert_fails(ipsec_get_msg_pToken(&m.msg, &p), ENOMSG, "ipsec_get_msg_pToken", "no pToken");
	assert_fails(ipsec_sendmsg(tcp, &m.msg, 0), EPROTONOSUPPORT, "ipsec_sendmsg",
		     "not a UDP socket");
	assert_fails(ipsec_recvmsg(tcp, NULL, 0), EINVAL, "ipsec_recvmsg", "msg is NULL");
	assert_fails(ipsec_get_msg_pToken(NULL, &p), EINVAL, "ipsec_get_msg_pToken", "msg is NULL");
	close(tcp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(demands_travel_in_the_message),
		cmocka_unit_test(plain_sendmsg_refuses_demands),
		cmocka_unit_test(ipsec_sendmsg_meets_demands_or_fails),
		cmocka_unit_test(received_datagrams_carry_their_flow),
		cmocka_unit_test(the_receiving_socket_policy_counts),
		cmocka_unit_test(no_room_no_ticket),
		cmocka_unit_test(bad_messages),
	};

	if (enter_scratch_netns() != 0) {
		fprintf(stderr, "test_datagram: cannot make a network namespace: %s\n",
			strerror(errno));
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
