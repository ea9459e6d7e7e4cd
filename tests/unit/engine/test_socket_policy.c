/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsec_set_socket_pToken() against this machine's kernel, in a network
 * namespace of the test's own.  The kernel has no ESP here, so what is
 * tested is what a socket policy does without SAs, which is what matters
 * when something goes wrong: "require" sends nothing and asks the key
 * manager (ACQUIRE), inbound "require" drops cleartext, "use" and bypass
 * let traffic through; and the library's record of what it set.  Policies
 * with SAs are tested in the test VM (interop-tests).
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "child.h"
#include "scratch_netns.h"
#include "socket_policy.h"
#include "sockets.h"
#include "test_util.h"
#include "xfrm_nl.h"

static const char fn[] = "test";

static ipsec_pToken_t demands(uint16_t privacy, uint16_t integrity, uint16_t compression,
			      uint32_t reqid)
{
	ipsec_pToken_t p = ipsec_create_pToken();

	assert_non_null(p);
	assert_int_equal(set_u16(p, IPSEC_API_ATTR_privacyProtection, privacy), 0);
	assert_int_equal(set_u16(p, IPSEC_API_ATTR_integrityProtection, integrity), 0);
	assert_int_equal(set_u16(p, IPSEC_API_ATTR_compression, compression), 0);
	assert_int_equal(ipsec_set_token_attr(p, IPSEC_API_ATTR_reqid, sizeof(reqid), &reqid), 0);
	return p;
}

static void set_or_fail(int fd, uint16_t privacy, uint16_t integrity, uint16_t compression,
			uint32_t reqid)
{
	ipsec_pToken_t p = demands(privacy, integrity, compression, reqid);

	if (ipsec_set_socket_pToken(fd, p) != 0) {
		fail_msg("ipsec_set_socket_pToken: %s", ipsec_last_error());
	}
	ipsec_free_pToken(p);
}

static uint64_t cookie_of(int fd)
{
	uint64_t cookie = 0;
	socklen_t len = sizeof(cookie);

	assert_int_equal(getsockopt(fd, SOL_SOCKET, SO_COOKIE, &cookie, &len), 0);
	return cookie;
}

/* The socket policies in the kernel whose owner mark names one socket. */
struct owned {
	uint64_t cookie;
	unsigned n[2]; /* by XFRM_POLICY_IN/OUT */
	struct ipsecapi_xfrm_policy pol[2];
};

static int collect_owned(const struct ipsecapi_xfrm_policy *pol, void *data)
{
	struct owned *o = data;
	struct ipsecapi_owner owner;

	if (ipsecapi_socket_policy_owner(pol, &owner) && owner.cookie == o->cookie) {
		uint8_t dir = (uint8_t)(pol->info.dir - XFRM_POLICY_MAX);

		o->n[dir]++;
		o->pol[dir] = *pol;
	}
	return 0;
}

static struct owned owned_by_cookie(uint64_t cookie)
{
	struct ipsecapi_nl *nl = NULL;
	struct owned o;

	memset(&o, 0, sizeof(o));
	o.cookie = cookie;
	assert_int_equal(ipsecapi_nl_open(&nl, fn), 0);
	assert_int_equal(ipsecapi_xfrm_policies(nl, collect_owned, &o, fn), 0);
	ipsecapi_nl_close(nl);
	return o;
}

static struct owned owned_by(int fd)
{
	return owned_by_cookie(cookie_of(fd));
}

static char *audit_of(int fd)
{
	ipsec_pToken_t p = NULL;
	char *audit;

	if (ipsec_get_socket_pToken(fd, &p) != 0) {
		fail_msg("ipsec_get_socket_pToken: %s", ipsec_last_error());
	}
	assert_int_equal(get_u16(p, IPSEC_API_ATTR_privacyProtection), IPSEC_API_ATTR_DISABLE);
	audit = audit_string(p);
	ipsec_free_pToken(p);
	print_message("audit: %s\n", audit);
	return audit;
}

static void assert_audit(int fd, const char *needle)
{
	char *audit = audit_of(fd);

	assert_non_null(strstr(audit, needle));
	free(audit);
}

/* Whether a datagram reaches fd within a short wait. */
static bool arrives(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN, .revents = 0 };
	char buf[64];

	if (poll(&p, 1, 200) != 1) {
		return false;
	}
	return recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0;
}

static void the_record_names_the_socket_and_its_templates(void **state)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0), other = socket(AF_INET, SOCK_DGRAM, 0);
	struct owned o;

	(void)state;
	set_or_fail(fd, IPSEC_API_ATTR_ENABLE, IPSEC_API_ATTR_ENABLE, IPSEC_API_ATTR_ANY, 77);
	o = owned_by(fd);
	assert_int_equal(o.n[XFRM_POLICY_OUT], 1);
	assert_int_equal(o.n[XFRM_POLICY_IN], 1);
	/* IPComp (optional, as ANY asks), then ESP (required). */
	assert_int_equal(o.pol[XFRM_POLICY_OUT].ntmpl, 2);
	assert_int_equal(o.pol[XFRM_POLICY_OUT].tmpl[0].id.proto, IPPROTO_COMP);
	assert_int_equal(o.pol[XFRM_POLICY_OUT].tmpl[0].optional, 1);
	assert_int_equal(o.pol[XFRM_POLICY_OUT].tmpl[1].id.proto, IPPROTO_ESP);
	assert_int_equal(o.pol[XFRM_POLICY_OUT].tmpl[1].optional, 0);
	assert_int_equal(o.pol[XFRM_POLICY_OUT].tmpl[1].reqid, 77);
	assert_int_equal(o.pol[XFRM_POLICY_OUT].tmpl[1].mode, XFRM_MODE_TRANSPORT);
	assert_int_equal(o.pol[XFRM_POLICY_IN].tmpl[1].optional, 0);
	assert_int_equal(o.pol[XFRM_POLICY_IN].info.sel.family, AF_INET);
	/* Another socket has no record. */
	o = owned_by(other);
	assert_int_equal(o.n[XFRM_POLICY_OUT] + o.n[XFRM_POLICY_IN], 0);

	/* Setting again replaces; the kernel keeps one policy per direction. */
	set_or_fail(fd, IPSEC_API_ATTR_DISABLE, IPSEC_API_ATTR_DISABLE, IPSEC_API_ATTR_DISABLE, 0);
	o = owned_by(fd);
	assert_int_equal(o.n[XFRM_POLICY_OUT], 1);
	assert_int_equal(o.pol[XFRM_POLICY_OUT].ntmpl, 0);
	assert_int_equal(o.pol[XFRM_POLICY_OUT].info.action, XFRM_POLICY_ALLOW);

	/* Closing the socket removes its policies, and so the record. */
	o = owned_by(fd);
	close(fd);
	o = owned_by_cookie(o.cookie);
	assert_int_equal(o.n[XFRM_POLICY_OUT] + o.n[XFRM_POLICY_IN], 0);
	close(other);
}

/* Listens for the kernel's ACQUIRE messages, as a key manager does; the
 * kernel raises none when no one listens. */
static struct mnl_socket *acquire_listener(void)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_XFRM);

	assert_non_null(nl);
	assert_int_equal(mnl_socket_bind(nl, XFRMGRP_ACQUIRE, MNL_SOCKET_AUTOPID), 0);
	return nl;
}

/* The next ACQUIRE, within a short wait. */
static bool next_acquire(struct mnl_socket *nl, struct ipsecapi_xfrm_msg *msg)
{
	struct pollfd p = { .fd = mnl_socket_get_fd(nl), .events = POLLIN, .revents = 0 };
	uint8_t buf[8192];
	ssize_t n;

	if (poll(&p, 1, 1000) != 1) {
		return false;
	}
	n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	assert_true(n > 0);
	assert_int_equal(ipsecapi_xfrm_parse((struct nlmsghdr *)buf, false, msg), 0);
	return msg->event == IPSECAPI_XFRM_ACQUIRE;
}

static void require_without_sa_sends_nothing_and_asks_for_one(void **state)
{
	struct mnl_socket *km = acquire_listener();
	struct ipsecapi_xfrm_msg msg;
	struct sockaddr_in to;
	socklen_t len = sizeof(to);
	int receiver = bound_socket(AF_INET, SOCK_DGRAM), sender = socket(AF_INET, SOCK_DGRAM, 0);
	int listener = bound_socket(AF_INET, SOCK_STREAM), tcp = socket(AF_INET, SOCK_STREAM, 0);

	(void)state;
	assert_int_equal(getsockname(receiver, (struct sockaddr *)&to, &len), 0);
	assert_int_equal(connect_to(sender, receiver), 0);
	set_or_fail(sender, IPSEC_API_ATTR_LEVEL_HIGH, IPSEC_API_ATTR_LEVEL_HIGH,
		    IPSEC_API_ATTR_DISABLE, 4242);
	errno = 0;
	assert_int_equal(send(sender, "secret", 6, 0), -1);
	assert_int_equal(errno, EAGAIN);
	assert_false(arrives(receiver));
	assert_true(next_acquire(km, &msg));
	assert_int_equal(msg.policy.ntmpl, 1);
	assert_int_equal(msg.policy.tmpl[0].id.proto, IPPROTO_ESP);
	assert_int_equal(msg.policy.tmpl[0].reqid, 4242);
	assert_int_equal(msg.acquire.sel.dport, to.sin_port);
	assert_int_equal(msg.acquire.sel.proto, IPPROTO_UDP);
	ipsecapi_xfrm_msg_clear(&msg);
	assert_audit(sender, "out: socket policy, a required SA is missing");

	/* TCP: the handshake itself waits for the SA. */
	set_or_fail(tcp, IPSEC_API_ATTR_ENABLE, IPSEC_API_ATTR_ENABLE, IPSEC_API_ATTR_DISABLE, 4243);
	errno = 0;
	assert_int_equal(connect_to(tcp, listener), -1);
	assert_int_equal(errno, EAGAIN);
	assert_true(next_acquire(km, &msg));
	assert_int_equal(msg.policy.tmpl[0].reqid, 4243);
	assert_int_equal(msg.acquire.sel.proto, IPPROTO_TCP);
	ipsecapi_xfrm_msg_clear(&msg);
	close(tcp);
	close(listener);
	close(sender);
	close(receiver);
	mnl_socket_close(km);
}

/* ipsec_connect() on a socket that requires ESP, with no SA and no key
 * manager: a non-blocking socket says EAGAIN at once; a blocking one waits
 * for the SA up to its SO_SNDTIMEO, then fails with ETIMEDOUT.  No
 * connection is made.  A socket without that policy connects. */
static void ipsec_connect_waits_for_the_sa(void **state)
{
	int listener = bound_socket(AF_INET, SOCK_STREAM), tcp = socket(AF_INET, SOCK_STREAM, 0);
	int plain = socket(AF_INET, SOCK_STREAM, 0), accepted;
	struct timeval timeout = { .tv_sec = 0, .tv_usec = 300000 };
	struct sockaddr_in to;
	socklen_t len = sizeof(to);
	struct timespec t0, t1;
	long waited_ms;

	(void)state;
	assert_int_equal(getsockname(listener, (struct sockaddr *)&to, &len), 0);
	set_or_fail(tcp, IPSEC_API_ATTR_ENABLE, IPSEC_API_ATTR_ENABLE, IPSEC_API_ATTR_DISABLE, 4244);
	assert_int_equal(fcntl(tcp, F_SETFL, O_NONBLOCK), 0);
	assert_fails(ipsec_connect(tcp, (struct sockaddr *)&to, len), EAGAIN, "ipsec_connect",
		     "no SA yet for a connection that its policy requires to be protected");
	assert_int_equal(fcntl(tcp, F_SETFL, 0), 0);
	assert_int_equal(setsockopt(tcp, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout)), 0);
	assert_int_equal(clock_gettime(CLOCK_MONOTONIC, &t0), 0);
	assert_fails(ipsec_connect(tcp, (struct sockaddr *)&to, len), ETIMEDOUT, "ipsec_connect",
		     "no SA came within 300 ms");
	assert_int_equal(clock_gettime(CLOCK_MONOTONIC, &t1), 0);
	waited_ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	assert_true(waited_ms >= 300 && waited_ms < 3000);
	assert_int_equal(poll(&(struct pollfd){ .fd = listener, .events = POLLIN }, 1, 0), 0);

	assert_int_equal(ipsec_connect(plain, (struct sockaddr *)&to, len), 0);
	accepted = accept(listener, NULL, NULL);
	assert_true(accepted >= 0);
	close(accepted);
	close(plain);
	close(tcp);
	close(listener);
}

/* The larval SA that an ACQUIRE leaves ends when the key manager does not
 * answer, and the kernel says so only with a hard EXPIRE: the message a
 * latch watch must follow. */
static void an_unanswered_acquire_expires_hard(void **state)
{
	struct mnl_socket *km = acquire_listener(), *expiries = mnl_socket_open(NETLINK_XFRM);
	struct ipsecapi_xfrm_msg msg;
	struct pollfd p;
	uint8_t buf[8192];
	ssize_t n;
	int receiver = bound_socket(AF_INET, SOCK_DGRAM), sender = socket(AF_INET, SOCK_DGRAM, 0);

	(void)state;
	assert_non_null(expiries);
	assert_int_equal(mnl_socket_bind(expiries, XFRMGRP_EXPIRE, MNL_SOCKET_AUTOPID), 0);
	if (access("/proc/sys/net/core/xfrm_acq_expires", W_OK) != 0) {
		fail_msg("this test needs root: the kernel hides the XFRM sysctls in a user namespace");
	}
	run("sysctl -qw net.core.xfrm_acq_expires=1");
	assert_int_equal(connect_to(sender, receiver), 0);
	set_or_fail(sender, IPSEC_API_ATTR_ENABLE, IPSEC_API_ATTR_ENABLE, IPSEC_API_ATTR_DISABLE, 808);
	assert_int_equal(send(sender, "x", 1, 0), -1);
	assert_true(next_acquire(km, &msg));
	ipsecapi_xfrm_msg_clear(&msg);
	p.fd = mnl_socket_get_fd(expiries);
	p.events = POLLIN;
	assert_int_equal(poll(&p, 1, 5000), 1);
	n = mnl_socket_recvfrom(expiries, buf, sizeof(buf));
	assert_true(n > 0);
	assert_int_equal(ipsecapi_xfrm_parse((struct nlmsghdr *)buf, false, &msg), 0);
	assert_int_equal(msg.event, IPSECAPI_XFRM_SA_EXPIRE);
	assert_true(msg.hard);
	assert_int_equal(msg.sa.info.reqid, 808);
	assert_int_equal(msg.sa.info.id.spi, 0); /* the larval state */
	ipsecapi_xfrm_msg_clear(&msg);
	run("sysctl -qw net.core.xfrm_acq_expires=30");
	close(sender);
	close(receiver);
	mnl_socket_close(expiries);
	mnl_socket_close(km);
}

static void inbound_require_drops_cleartext(void **state)
{
	int receiver = bound_socket(AF_INET, SOCK_DGRAM), sender = socket(AF_INET, SOCK_DGRAM, 0);
	long before = xfrm_stat("XfrmInTmplMismatch");

	(void)state;
	assert_true(before >= 0);
	set_or_fail(receiver, IPSEC_API_ATTR_DISABLE, IPSEC_API_ATTR_ENABLE, IPSEC_API_ATTR_DISABLE, 0);
	assert_int_equal(connect_to(sender, receiver), 0);
	assert_int_equal(send(sender, "forged", 6, 0), 6);
	assert_false(arrives(receiver));
	assert_true(xfrm_stat("XfrmInTmplMismatch") > before);
	close(sender);
	close(receiver);
}

static void use_and_bypass_let_cleartext_through(void **state)
{
	int receiver = bound_socket(AF_INET, SOCK_DGRAM), sender = socket(AF_INET, SOCK_DGRAM, 0);
	int plain_receiver = bound_socket(AF_INET, SOCK_DGRAM), plain = socket(AF_INET, SOCK_DGRAM, 0);

	(void)state;
	assert_int_equal(connect_to(sender, receiver), 0);
	/* ANY: "use" an SA if there is one; there is none, so in clear. */
	set_or_fail(sender, IPSEC_API_ATTR_ANY, IPSEC_API_ATTR_ANY, IPSEC_API_ATTR_ANY, 0);
	set_or_fail(receiver, IPSEC_API_ATTR_ANY, IPSEC_API_ATTR_ANY, IPSEC_API_ATTR_ANY, 0);
	assert_int_equal(send(sender, "hello", 5, 0), 5);
	assert_true(arrives(receiver));
	assert_audit(sender, "out: socket policy uses IPsec only if an SA exists, else passes it "
			     "in clear");

	/* An SPD that requires ESP for all UDP on loopback (which is exempt
	 * from the SPD unless told otherwise): a plain socket's datagrams go
	 * nowhere, a bypass socket's pass and say so. */
	run("sysctl -qw net.ipv4.conf.lo.disable_xfrm=0 net.ipv4.conf.lo.disable_policy=0");
	run("ip xfrm policy add src 127.0.0.0/8 dst 127.0.0.0/8 proto udp dir out "
	    "tmpl proto esp mode transport level required");
	run("ip xfrm policy add src 127.0.0.0/8 dst 127.0.0.0/8 proto udp dir in "
	    "tmpl proto esp mode transport level required");
	assert_int_equal(connect_to(plain, plain_receiver), 0);
	(void)send(plain, "x", 1, 0);
	assert_false(arrives(plain_receiver));
	set_or_fail(sender, IPSEC_API_ATTR_DISABLE, IPSEC_API_ATTR_DISABLE, IPSEC_API_ATTR_DISABLE, 0);
	set_or_fail(receiver, IPSEC_API_ATTR_DISABLE, IPSEC_API_ATTR_DISABLE, IPSEC_API_ATTR_DISABLE, 0);
	assert_int_equal(send(sender, "hello", 5, 0), 5);
	assert_true(arrives(receiver));
	assert_audit(sender, "out: socket policy lets it pass in clear; in: socket policy lets it "
			     "pass in clear");
	assert_audit(plain, "out: policy priority 0, a required SA is missing");
	run("ip xfrm policy flush");
	close(plain);
	close(plain_receiver);
	close(sender);
	close(receiver);
}

static void accepted_connections_carry_the_listener_policy(void **state)
{
	int listener = bound_socket(AF_INET, SOCK_STREAM), client = socket(AF_INET, SOCK_STREAM, 0);
	int server;

	(void)state;
	run("sysctl -qw net.ipv4.conf.lo.disable_xfrm=0 net.ipv4.conf.lo.disable_policy=0");
	run("ip xfrm policy add src 127.0.0.0/8 dst 127.0.0.0/8 proto tcp dir out "
	    "tmpl proto esp mode transport level required");
	run("ip xfrm policy add src 127.0.0.0/8 dst 127.0.0.0/8 proto tcp dir in "
	    "tmpl proto esp mode transport level required");
	set_or_fail(listener, IPSEC_API_ATTR_DISABLE, IPSEC_API_ATTR_DISABLE, IPSEC_API_ATTR_DISABLE, 0);
	set_or_fail(client, IPSEC_API_ATTR_DISABLE, IPSEC_API_ATTR_DISABLE, IPSEC_API_ATTR_DISABLE, 0);
	assert_int_equal(connect_to(client, listener), 0);
	server = accept(listener, NULL, NULL);
	assert_true(server >= 0);
	assert_int_equal(send(client, "hi", 2, 0), 2);
	assert_true(arrives(server)); /* the kernel let the bypass through */
	assert_audit(server, "out: socket policy copied from its listener lets it pass in clear");

	/* The listener's policy changes: the connection still holds the old
	 * copy, and which one it holds cannot be told from the kernel. */
	set_or_fail(listener, IPSEC_API_ATTR_ENABLE, IPSEC_API_ATTR_ENABLE, IPSEC_API_ATTR_DISABLE, 5);
	{
		ipsec_pToken_t p = NULL;

		assert_fails(ipsec_get_socket_pToken(server, &p), ENOTUNIQ, "ipsec_get_socket_pToken",
			     "changed after connections were accepted");
		assert_null(p);
	}
	/* Its own pToken settles it. */
	set_or_fail(server, IPSEC_API_ATTR_DISABLE, IPSEC_API_ATTR_DISABLE, IPSEC_API_ATTR_DISABLE, 0);
	assert_audit(server, "in: socket policy lets it pass in clear");
	run("ip xfrm policy flush");
	close(server);
	close(client);
	close(listener);
}

static void ipv6_and_v4_mapped_sockets(void **state)
{
	int v6 = socket(AF_INET6, SOCK_DGRAM, 0), v6only = socket(AF_INET6, SOCK_DGRAM, 0);
	int receiver = bound_socket(AF_INET, SOCK_DGRAM), one = 1;
	ipsec_pToken_t p = demands(IPSEC_API_ATTR_ENABLE, IPSEC_API_ATTR_ENABLE,
				   IPSEC_API_ATTR_DISABLE, 9);
	struct sockaddr_in to;
	struct sockaddr_in6 mapped;
	socklen_t len = sizeof(to);
	struct owned o;

	(void)state;
	/* Unconnected and dual-stack: IPv4 peers would escape the policy. */
	assert_fails(ipsec_set_socket_pToken(v6, p), EAFNOSUPPORT, "ipsec_set_socket_pToken",
		     "IPV6_V6ONLY");
	assert_int_equal(owned_by(v6).n[XFRM_POLICY_OUT], 0);
	assert_int_equal(setsockopt(v6only, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)), 0);
	assert_int_equal(ipsec_set_socket_pToken(v6only, p), 0);
	assert_int_equal(owned_by(v6only).pol[XFRM_POLICY_OUT].info.sel.family, AF_INET6);

	/* Connected to a v4-mapped address: an IPv4 policy, which the kernel
	 * applies to the socket's IPv4 traffic. */
	assert_int_equal(getsockname(receiver, (struct sockaddr *)&to, &len), 0);
	memset(&mapped, 0, sizeof(mapped));
	mapped.sin6_family = AF_INET6;
	mapped.sin6_port = to.sin_port;
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &mapped.sin6_addr);
	assert_int_equal(connect(v6, (struct sockaddr *)&mapped, sizeof(mapped)), 0);
	assert_int_equal(ipsec_set_socket_pToken(v6, p), 0);
	o = owned_by(v6);
	assert_int_equal(o.pol[XFRM_POLICY_OUT].info.sel.family, AF_INET);
	errno = 0;
	assert_int_equal(send(v6, "secret", 6, 0), -1);
	assert_int_equal(errno, EAGAIN);
	assert_false(arrives(receiver));
	ipsec_free_pToken(p);
	close(v6);
	close(v6only);
	close(receiver);
}

static void refused_demands_change_nothing(void **state)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	ipsec_pToken_t p;
	ipsec_iToken_t peer = ipsec_create_iToken();
	struct owned o;

	(void)state;
	set_or_fail(fd, IPSEC_API_ATTR_ENABLE, IPSEC_API_ATTR_ENABLE, IPSEC_API_ATTR_DISABLE, 31);

	p = demands(IPSEC_API_ATTR_ENABLE, IPSEC_API_ATTR_DISABLE, IPSEC_API_ATTR_DISABLE, 0);
	assert_fails(ipsec_set_socket_pToken(fd, p), EINVAL, "ipsec_set_socket_pToken",
		     "privacy without integrity");
	ipsec_free_pToken(p);

	p = demands(IPSEC_API_ATTR_ENABLE, IPSEC_API_ATTR_ENABLE, IPSEC_API_ATTR_DISABLE, 0);
	assert_int_equal(set_u16(p, IPSEC_API_ATTR_tunnelMode, IPSEC_API_ATTR_ENABLE), 0);
	assert_fails(ipsec_set_socket_pToken(fd, p), ENOTSUP, "ipsec_set_socket_pToken",
		     "tunnel mode");
	assert_int_equal(set_u16(p, IPSEC_API_ATTR_tunnelMode, IPSEC_API_ATTR_DISABLE), 0);
	assert_int_equal(set_str(p, IPSEC_API_ATTR_policyName, "office"), 0);
	assert_fails(ipsec_set_socket_pToken(fd, p), ENOTSUP, "ipsec_set_socket_pToken",
		     "policyName");
	ipsec_free_pToken(p);

	/* The first policy is still the socket's, unchanged. */
	o = owned_by(fd);
	assert_int_equal(o.n[XFRM_POLICY_OUT], 1);
	assert_int_equal(o.pol[XFRM_POLICY_OUT].ntmpl, 1);
	assert_int_equal(o.pol[XFRM_POLICY_OUT].tmpl[0].reqid, 31);
	assert_int_equal(ipsecapi_socket_policy_refused_methods(&o.pol[XFRM_POLICY_OUT]), 0);
	ipsec_free_iToken(peer);
	close(fd);
}

/* Demands on how the peer authenticated: each method its iToken sets to
 * DISABLE is recorded with both of the socket's policies, where every
 * later query reads it; ENABLE and ANY refuse nothing. */
static void refused_methods_are_kept_with_the_policies(void **state)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	ipsec_iToken_t peer = ipsec_create_iToken();
	ipsec_pToken_t p = demands(IPSEC_API_ATTR_ENABLE, IPSEC_API_ATTR_ENABLE,
				   IPSEC_API_ATTR_DISABLE, 32);
	struct owned o;
	int dir;

	(void)state;
	assert_int_equal(set_u16(peer, IPSEC_API_ATTR_authMeth_BTNS, IPSEC_API_ATTR_DISABLE), 0);
	assert_int_equal(set_u16(peer, IPSEC_API_ATTR_authMeth_PRESHAREDKEY, IPSEC_API_ATTR_DISABLE),
			 0);
	assert_int_equal(set_u16(peer, IPSEC_API_ATTR_authMeth_PKIX_TRUSTED, IPSEC_API_ATTR_ENABLE),
			 0);
	assert_int_equal(ipsec_set_token_attr(p, IPSEC_API_ATTR_iToken, sizeof(peer), &peer), 0);
	if (ipsec_set_socket_pToken(fd, p) != 0) {
		fail_msg("ipsec_set_socket_pToken: %s", ipsec_last_error());
	}
	o = owned_by(fd);
	for (dir = XFRM_POLICY_IN; dir <= XFRM_POLICY_OUT; dir++) {
		assert_int_equal(o.n[dir], 1);
		assert_int_equal(ipsecapi_socket_policy_refused_methods(&o.pol[dir]),
				 1u << (IPSEC_API_ATTR_authMeth_BTNS - IPSEC_API_ATTR_authMeth_NONE) |
					 1u << (IPSEC_API_ATTR_authMeth_PRESHAREDKEY -
						IPSEC_API_ATTR_authMeth_NONE));
		assert_int_equal(o.pol[dir].tmpl[0].reqid, 32);
	}
	ipsec_free_pToken(p);
	ipsec_free_iToken(peer);
	close(fd);
}

/* A pToken that ipsec_get_socket_pToken() gave, set on another socket:
 * what the kernel knows of the peer is no demand. */
static void a_queried_ptoken_can_be_set(void **state)
{
	int client, server;
	ipsec_pToken_t p = NULL;

	(void)state;
	assert_int_equal(connect_pair(AF_INET, SOCK_STREAM, &client, &server), 0);
	if (ipsec_get_socket_pToken(client, &p) != 0) {
		fail_msg("ipsec_get_socket_pToken: %s", ipsec_last_error());
	}
	if (ipsec_set_socket_pToken(server, p) != 0) {
		fail_msg("ipsec_set_socket_pToken: %s", ipsec_last_error());
	}
	assert_audit(server, "out: socket policy lets it pass in clear");
	ipsec_free_pToken(p);
	close(client);
	close(server);
}

static int set_from_another_netns(void *arg)
{
	ipsec_pToken_t p = ipsec_create_pToken();

	if (p == NULL || unshare(CLONE_NEWNET) != 0) {
		return 2;
	}
	if (ipsec_set_socket_pToken(*(int *)arg, p) == 0) {
		return 3;
	}
	return errno == EXDEV ? 0 : 4;
}

static int set_without_capabilities(void *arg)
{
	ipsec_pToken_t p = ipsec_create_pToken();

	if (p == NULL || drop_all_capabilities() != 0 ||
	    setenv("IPSECAPI_BROKER_SOCKET", "/nonexistent/broker.sock", 1) != 0) {
		return 2;
	}
	if (ipsec_set_socket_pToken(*(int *)arg, p) == 0) {
		return 3;
	}
	return errno == EPERM && strstr(ipsec_last_error(), "IPsec API broker at "
							    "/nonexistent/broker.sock") != NULL
		       ? 0
		       : 4;
}

static void bad_sockets_are_refused(void **state)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0), local = socket(AF_UNIX, SOCK_DGRAM, 0);
	int raw = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	ipsec_pToken_t p = ipsec_create_pToken();

	(void)state;
	assert_fails(ipsec_set_socket_pToken(local, p), EAFNOSUPPORT, "ipsec_set_socket_pToken",
		     "not an IPv4 or IPv6 socket");
	assert_fails(ipsec_set_socket_pToken(raw, p), EPROTONOSUPPORT, "ipsec_set_socket_pToken",
		     "neither TCP, UDP nor SCTP");
	assert_int_equal(run_in_child(set_from_another_netns, &fd), 0);
	assert_int_equal(run_in_child(set_without_capabilities, &fd), 0);
	assert_int_equal(owned_by(fd).n[XFRM_POLICY_OUT], 0);
	ipsec_free_pToken(p);
	close(raw);
	close(local);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_record_names_the_socket_and_its_templates),
		cmocka_unit_test(require_without_sa_sends_nothing_and_asks_for_one),
		cmocka_unit_test(ipsec_connect_waits_for_the_sa),
		cmocka_unit_test(refused_methods_are_kept_with_the_policies),
		cmocka_unit_test(an_unanswered_acquire_expires_hard),
		cmocka_unit_test(inbound_require_drops_cleartext),
		cmocka_unit_test(use_and_bypass_let_cleartext_through),
		cmocka_unit_test(accepted_connections_carry_the_listener_policy),
		cmocka_unit_test(ipv6_and_v4_mapped_sockets),
		cmocka_unit_test(refused_demands_change_nothing),
		cmocka_unit_test(a_queried_ptoken_can_be_set),
		cmocka_unit_test(bad_sockets_are_refused),
	};

	if (enter_scratch_netns() != 0) {
		fprintf(stderr, "test_socket_policy: cannot make a network namespace: %s\n",
			strerror(errno));
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
