/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsec_get_socket_pToken() against this machine's kernel, in a network
 * namespace of the test's own.  This kernel has no ESP, so everything here
 * is about connections that IPsec does not protect: they must say so, and
 * the bad inputs must fail clearly.  Protected connections are tested in
 * the test VM (interop-tests).
 */
#include <arpa/inet.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "child.h"
#include "scratch_netns.h"
#include "sockets.h"
#include "test_util.h"

static void connect_pair_or_fail(int family, int type, int *client, int *server)
{
	if (connect_pair(family, type, client, server) != 0) {
		fail_msg("cannot connect two sockets: %s", strerror(errno));
	}
}

static char *string_attr(const void *token, uint32_t attr)
{
	void *val = NULL;
	uint32_t len = 0;

	assert_int_equal(ipsec_get_token_attr(token, attr, &len, &val), 0);
	return val;
}

static ipsec_iToken_t peer_of(ipsec_pToken_t p)
{
	ipsec_iToken_t peer = NULL;
	void *val = &peer;
	uint32_t len = sizeof(peer);

	assert_int_equal(ipsec_get_token_attr(p, IPSEC_API_ATTR_iToken, &len, &val), 0);
	return peer;
}

/* The pToken of a connection that IPsec does not protect. */
static void assert_unprotected(int fd, const char *audit_needle)
{
	ipsec_pToken_t p = NULL;
	ipsec_iToken_t peer;
	char *audit;
	uint32_t len = 0;

	if (ipsec_get_socket_pToken(fd, &p) != 0) {
		fail_msg("ipsec_get_socket_pToken: %s", ipsec_last_error());
	}
	assert_int_equal(get_u16(p, IPSEC_API_ATTR_privacyProtection), IPSEC_API_ATTR_DISABLE);
	assert_int_equal(get_u16(p, IPSEC_API_ATTR_integrityProtection), IPSEC_API_ATTR_DISABLE);
	assert_int_equal(get_u16(p, IPSEC_API_ATTR_compression), IPSEC_API_ATTR_DISABLE);
	assert_int_equal(get_u16(p, IPSEC_API_ATTR_tunnelMode), IPSEC_API_ATTR_DISABLE);
	audit = string_attr(p, IPSEC_API_ATTR_auditString);
	print_message("audit: %s\n", audit);
	assert_non_null(strstr(audit, audit_needle));
	free(audit);
	peer = peer_of(p);
	/* No SA, no channel binding. */
	assert_int_equal(ipsec_get_token_attr(peer, IPSEC_API_ATTR_channelBinding, &len, NULL), -1);
	assert_int_equal(errno, ENOENT);
	ipsec_free_iToken(peer);
	ipsec_free_pToken(p);
}

static void tcp_and_udp_without_ipsec_say_so(void **state)
{
	int client, server;

	(void)state;
	run("ip xfrm policy flush");
	connect_pair_or_fail(AF_INET, SOCK_STREAM, &client, &server);
	assert_unprotected(client, "out: no policy, in clear; in: no policy, in clear");
	assert_unprotected(server, "tcp 127.0.0.1:");
	close(client);
	close(server);
	connect_pair_or_fail(AF_INET, SOCK_DGRAM, &client, &server);
	assert_unprotected(client, "udp 127.0.0.1:");
	close(client);
	close(server);
	connect_pair_or_fail(AF_INET6, SOCK_STREAM, &client, &server);
	assert_unprotected(client, "tcp [::1]:");
	close(client);
	close(server);
}

static void v4_mapped_addresses_are_ipv4(void **state)
{
	struct sockaddr_in6 sin6;
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int listener = socket(AF_INET, SOCK_STREAM, 0), client = socket(AF_INET6, SOCK_STREAM, 0);
	int server;

	(void)state;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(listener, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(listener, (struct sockaddr *)&sin, &len), 0);
	assert_int_equal(listen(listener, 1), 0);
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_port = sin.sin_port;
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &sin6.sin6_addr);
	assert_int_equal(connect(client, (struct sockaddr *)&sin6, sizeof(sin6)), 0);
	server = accept(listener, NULL, NULL);
	assert_unprotected(client, "tcp 127.0.0.1:");
	close(client);
	close(server);
	close(listener);
}

/* The datagram arrives at server in clear: what a require policy on the
 * route would have held back. */
static bool arrives_in_clear(int client, int server)
{
	char buf[8];

	return send(client, "clear", 5, 0) == 5 && recv(server, buf, sizeof(buf), MSG_DONTWAIT) == 5;
}

static void a_required_policy_without_sa_is_no_protection(void **state)
{
	int client, server;

	(void)state;
	run("ip xfrm policy flush");
	run("ip xfrm policy add src 127.0.0.1/32 dst 127.0.0.1/32 proto udp dir out priority 50 "
	    "tmpl proto esp mode transport reqid 4 level required");
	run("ip xfrm policy add src 127.0.0.1/32 dst 127.0.0.1/32 proto udp dir in priority 50 "
	    "tmpl proto esp mode transport reqid 4 level required");
	/* IPv4 loopback skips the SPD (disable_xfrm, disable_policy): the
	 * policy is not what the kernel applies, and the data goes in clear. */
	connect_pair_or_fail(AF_INET, SOCK_DGRAM, &client, &server);
	assert_unprotected(client, "out: the route by lo skips the SPD, in clear");
	assert_true(arrives_in_clear(client, server));
	close(client);
	close(server);

	run("sysctl -qw net.ipv4.conf.lo.disable_xfrm=0 net.ipv4.conf.lo.disable_policy=0");
	/* A policy that would win, had it not a worse (higher) priority. */
	run("ip xfrm policy add src 127.0.0.0/8 dst 127.0.0.0/8 dir out priority 60");
	connect_pair_or_fail(AF_INET, SOCK_DGRAM, &client, &server);
	assert_unprotected(client, "out: policy priority 50, a required SA is missing");
	close(client);
	close(server);

	/* The better one now lets the traffic pass in clear. */
	run("ip xfrm policy update src 127.0.0.0/8 dst 127.0.0.0/8 dir out priority 10");
	connect_pair_or_fail(AF_INET, SOCK_DGRAM, &client, &server);
	assert_unprotected(client, "out: policy priority 10 lets it pass in clear");
	close(client);
	close(server);
	run("ip xfrm policy flush");
	run("sysctl -qw net.ipv4.conf.lo.disable_xfrm=1 net.ipv4.conf.lo.disable_policy=1");
}

static void bad_sockets_are_refused(void **state)
{
	ipsec_pToken_t p = NULL;
	int unconnected = socket(AF_INET, SOCK_STREAM, 0);
	int local = socket(AF_UNIX, SOCK_STREAM, 0);

	(void)state;
	assert_fails(ipsec_get_socket_pToken(unconnected, &p), ENOTCONN, "ipsec_get_socket_pToken",
		     "is not connected");
	assert_fails(ipsec_get_socket_pToken(local, &p), EAFNOSUPPORT, "ipsec_get_socket_pToken",
		     "is not an IPv4 or IPv6 socket");
	assert_null(p);
	close(unconnected);
	close(local);
}

/* In a child: the client socket asked from another network namespace. */
static int query_from_another_netns(void *arg)
{
	ipsec_pToken_t p = NULL;

	if (unshare(CLONE_NEWNET) != 0) {
		return 2;
	}
	if (ipsec_get_socket_pToken(*(int *)arg, &p) == 0) {
		return 3;
	}
	return errno == EXDEV && strstr(ipsec_last_error(), "another network namespace") ? 0 : 4;
}

static void a_socket_of_another_namespace_is_refused(void **state)
{
	int client, server;

	(void)state;
	connect_pair_or_fail(AF_INET, SOCK_STREAM, &client, &server);
	assert_int_equal(run_in_child(query_from_another_netns, &client), 0);
	close(client);
	close(server);
}

/* In a child: the query without CAP_NET_ADMIN. */
static int query_without_capabilities(void *arg)
{
	ipsec_pToken_t p = NULL;

	if (drop_all_capabilities() != 0 ||
	    setenv("IPSECAPI_BROKER_SOCKET", "/nonexistent/broker.sock", 1) != 0) {
		return 2;
	}
	if (ipsec_get_socket_pToken(*(int *)arg, &p) == 0) {
		return 3;
	}
	return errno == EPERM && p == NULL &&
			       strstr(ipsec_last_error(), "lacks CAP_NET_ADMIN, and the IPsec API "
							  "broker at /nonexistent/broker.sock") != NULL
		       ? 0
		       : 4;
}

/* Without CAP_NET_ADMIN and without a broker the answer is an error that
 * names the broker's path, never "no IPsec". */
static void no_privilege_is_an_error(void **state)
{
	int client, server;

	(void)state;
	connect_pair_or_fail(AF_INET, SOCK_STREAM, &client, &server);
	assert_int_equal(run_in_child(query_without_capabilities, &client), 0);
	close(client);
	close(server);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tcp_and_udp_without_ipsec_say_so),
		cmocka_unit_test(v4_mapped_addresses_are_ipv4),
		cmocka_unit_test(a_required_policy_without_sa_is_no_protection),
		cmocka_unit_test(bad_sockets_are_refused),
		cmocka_unit_test(a_socket_of_another_namespace_is_refused),
		cmocka_unit_test(no_privilege_is_an_error),
	};

	if (enter_scratch_netns() != 0) {
		fprintf(stderr, "test_socket_query: cannot make a network namespace: %s\n",
			strerror(errno));
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
