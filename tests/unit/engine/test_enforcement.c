/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Claims that the kernel enforces, tried as an attacker would lay out the
 * SPD, on this machine's kernel: two namespaces over a veth (peer_host.h).
 * The kernel has no ESP here, so whatever reaches the peer reached it in
 * clear.  A demand is accepted only where the kernel itself will enforce
 * it (the socket's own policy), and a connection reads as protected only
 * where the kernel's choice of policy is certain.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "datagram_message.h"
#include "peer_host.h"
#include "scratch_netns.h"
#include "sockets.h"
#include "test_util.h"

static struct peer_host *peer;

/* An SPD that a require policy does not govern alone. */
struct layout {
	const char *name;
	const char *commands; /* the SPD, and what the socket needs */
	int family;           /* of the sending socket */
	bool unbound;         /* leave the port to the kernel */
	const char *source;   /* IPV6_PKTINFO's, or NULL */
};

static const struct layout layouts[] = {
	{ .name = "an older bypass ties with a newer require",
	  .commands = "ip xfrm policy add src 10.9.0.0/24 dst 10.9.0.0/24 dir out priority 100 && "
		      "ip xfrm policy add src 10.9.0.1/32 dst 10.9.0.2/32 dir out priority 100 "
		      "tmpl proto esp mode transport reqid 5",
	  .family = AF_INET, .unbound = false, .source = NULL },
	{ .name = "a bypass bound to the interface beside a require",
	  .commands = "ip xfrm policy add src 10.9.0.1/32 dst 10.9.0.2/32 dir out priority 100 "
		      "tmpl proto esp mode transport reqid 5 && "
		      "ip xfrm policy add src 10.9.0.0/24 dst 10.9.0.0/24 dev va dir out "
		      "priority 10",
	  .family = AF_INET, .unbound = false, .source = NULL },
	{ .name = "a bypass for the source port the kernel will pick",
	  .commands = "sysctl -qw net.ipv4.ip_local_port_range='40000 40000' && "
		      "ip xfrm policy add src 10.9.0.1/32 dst 10.9.0.2/32 proto udp sport 40000 "
		      "dir out priority 10 && "
		      "ip xfrm policy add src 10.9.0.1/32 dst 10.9.0.2/32 dir out priority 100 "
		      "tmpl proto esp mode transport reqid 5",
	  .family = AF_INET, .unbound = true, .source = NULL },
	{ .name = "a dual-stack socket whose IPV6_PKTINFO picks a bypassed source",
	  .commands = "ip addr add 10.9.0.3/24 dev va && "
		      "ip xfrm policy add src 10.9.0.1/32 dst 10.9.0.2/32 dir out priority 100 "
		      "tmpl proto esp mode transport reqid 5 && "
		      "ip xfrm policy add src 10.9.0.3/32 dst 10.9.0.2/32 dir out priority 100",
	  .family = AF_INET6, .unbound = true, .source = "::ffff:10.9.0.3" },
	{ .name = "a require policy alone, no SA and no key manager",
	  .commands = "ip xfrm policy add src 10.9.0.1/32 dst 10.9.0.2/32 dir out priority 100 "
		      "tmpl proto esp mode transport reqid 5",
	  .family = AF_INET, .unbound = true, .source = NULL },
};

_Static_assert(sizeof(layouts) / sizeof(layouts[0]) == 5,
	       "EACH_LAYOUT names each layout, and each test has 5 of the peer's ports");

static void undo(void)
{
	run("ip xfrm policy flush");
	run("sysctl -qw net.ipv4.ip_local_port_range='32768 60999'");
	(void)system("ip addr del 10.9.0.3/24 dev va 2>/dev/null");
}

static int setup(void **state)
{
	(void)state;
	if (enter_scratch_netns() != 0 || peer_host_start(&peer) != 0) {
		fprintf(stderr, "cannot make the two hosts\n");
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	peer_host_stop(peer);
	return 0;
}

/* Each case starts from an empty SPD, whatever the last one left. */
static int clean(void **state)
{
	(void)state;
	undo();
	return 0;
}

static int sending_socket(const struct layout *l)
{
	struct sockaddr_in sin;
	int fd = socket(l->family, SOCK_DGRAM, 0);

	assert_true(fd >= 0);
	if (!l->unbound) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		inet_pton(AF_INET, "10.9.0.1", &sin.sin_addr);
		assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	}
	return fd;
}

/* A datagram to the peer's port on the socket's family (an IPv6 socket
 * sends to the v4-mapped address), with l's source, demanding privacy and
 * integrity. */
static void prepare_demand(struct message *d, const struct layout *l, uint16_t port)
{
	ipsec_pToken_t want = ipsec_create_pToken();
	size_t used = 0;

	prepare(d, -1, 0);
	if (l->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&d->name;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		inet_pton(AF_INET, "10.9.0.2", &sin->sin_addr);
		d->msg.msg_namelen = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&d->name;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		inet_pton(AF_INET6, "::ffff:10.9.0.2", &sin6->sin6_addr);
		d->msg.msg_namelen = sizeof(*sin6);
	}
	d->msg.msg_name = &d->name;
	d->msg.msg_control = d->control;
	if (l->source != NULL) {
		struct cmsghdr *c = (struct cmsghdr *)(void *)d->control;
		struct in6_pktinfo pi;

		memset(&pi, 0, sizeof(pi));
		inet_pton(AF_INET6, l->source, &pi.ipi6_addr);
		c->cmsg_level = SOL_IPV6;
		c->cmsg_type = IPV6_PKTINFO;
		c->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(c), &pi, sizeof(pi));
		used = CMSG_SPACE(sizeof(pi));
	}
	d->msg.msg_controllen = used + IPSEC_MSG_PTOKEN_SPACE;
	assert_int_equal(set_u16(want, IPSEC_API_ATTR_privacyProtection, IPSEC_API_ATTR_ENABLE), 0);
	assert_int_equal(set_u16(want, IPSEC_API_ATTR_integrityProtection, IPSEC_API_ATTR_ENABLE), 0);
	assert_int_equal(ipsec_set_msg_pToken(&d->msg, want), 0);
	ipsec_free_pToken(want);
}

/* The peer port of layout l in a test (0 or 1): each its own, so that
 * nothing one left on its way counts for another. */
static uint16_t port_of(const struct layout *l, int test)
{
	return (uint16_t)(PEER_UDP_FIRST + test * 5 + (l - layouts));
}

/* With the SPD alone requiring ESP, ipsec_sendmsg() refuses the demand,
 * and nothing reaches the peer: which SPD policy the kernel applies to one
 * datagram hinges on what the library cannot see or predict. */
static void the_spd_alone_never_vouches_for_a_datagram(void **state)
{
	const struct layout *l = *state;
	struct message d;
	int fd;

	print_message("%s\n", l->name);
	run(l->commands);
	fd = sending_socket(l);
	prepare_demand(&d, l, port_of(l, 0));
	assert_fails(ipsec_sendmsg(fd, &d.msg, MSG_DONTWAIT), EPROTO, "ipsec_sendmsg",
		     "could leave unprotected");
	assert_int_equal(peer_host_received(peer, port_of(l, 0), 300), 0);
	close(fd);
}

/* The socket's own policy requires ESP: the kernel holds the datagram back
 * (no SA) whatever the SPD lets through, for ipsec_sendmsg() and plain
 * sendmsg() alike. */
static void the_socket_policy_holds_every_datagram(void **state)
{
	const struct layout *l = *state;
	ipsec_pToken_t esp = ipsec_create_pToken();
	struct message d;
	int fd;

	print_message("%s\n", l->name);
	assert_int_equal(set_u16(esp, IPSEC_API_ATTR_privacyProtection, IPSEC_API_ATTR_ENABLE), 0);
	assert_int_equal(set_u16(esp, IPSEC_API_ATTR_integrityProtection, IPSEC_API_ATTR_ENABLE), 0);
	assert_int_equal(set_u16(esp, IPSEC_API_ATTR_compression, IPSEC_API_ATTR_DISABLE), 0);
	run(l->commands);
	fd = sending_socket(l);
	prepare_demand(&d, l, port_of(l, 1));
	if (l->family == AF_INET6) {
		/* One socket policy covers one family: an IPv6 socket that takes
		 * IPv4 peers cannot have it, and the demand fails. */
		assert_fails(ipsec_set_socket_pToken(fd, esp), EAFNOSUPPORT,
			     "ipsec_set_socket_pToken", "also takes IPv4");
		assert_fails(ipsec_sendmsg(fd, &d.msg, MSG_DONTWAIT), EPROTO, "ipsec_sendmsg",
			     "could leave unprotected");
	} else {
		assert_int_equal(ipsec_set_socket_pToken(fd, esp), 0);
		assert_fails(ipsec_sendmsg(fd, &d.msg, MSG_DONTWAIT), EAGAIN, "ipsec_sendmsg",
			     "sendmsg");
		assert_int_equal(sendto(fd, "plain", 5, MSG_DONTWAIT, d.msg.msg_name,
					d.msg.msg_namelen),
				 -1);
		assert_int_equal(errno, EAGAIN);
	}
	assert_int_equal(peer_host_received(peer, port_of(l, 1), 300), 0);
	close(fd);
	ipsec_free_pToken(esp);
}

static int tcp_to_peer(void)
{
	struct sockaddr_in sin;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(PEER_TCP_PORT);
	inet_pton(AF_INET, "10.9.0.2", &sin.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	return fd;
}

/* A connection whose SPD policy the kernel's choice cannot be told of
 * reads as not protected, says why, and is not latched; its data goes in
 * clear, which is the truth the pToken must not hide. */
static void a_doubtful_spd_protects_no_connection(void **state)
{
	static const struct {
		const char *spd, *needle;
	} cases[] = {
		{ .spd = "ip xfrm policy add src 10.9.0.0/24 dst 10.9.0.0/24 dir out priority 100 && "
			 "ip xfrm policy add src 10.9.0.1/32 dst 10.9.0.2/32 dir out priority 100 "
			 "tmpl proto esp mode transport reqid 5",
		  .needle = "equal priority" },
		{ .spd = "ip xfrm policy add src 10.9.0.1/32 dst 10.9.0.2/32 dir out priority 100 "
			 "tmpl proto esp mode transport reqid 5 && "
			 "ip xfrm policy add src 10.9.0.0/24 dst 10.9.0.0/24 dev va dir out "
			 "priority 10",
		  .needle = "bound to an interface" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ipsec_pToken_t p = NULL;

		char *audit;
		int fd;

		run(cases[i].spd);
		fd = tcp_to_peer();
		assert_int_equal(send(fd, "data", 4, 0), 4);
		assert_int_equal(peer_host_received(peer, PEER_TCP_PORT, 1000), 4);
		assert_int_equal(ipsec_get_socket_pToken(fd, &p), 0);
		audit = audit_string(p);
		print_message("audit: %s\n", audit);
		assert_non_null(strstr(audit, "out: which policy the kernel applies cannot be told"));
		assert_non_null(strstr(audit, cases[i].needle));
		assert_int_equal(get_u16(p, IPSEC_API_ATTR_privacyProtection), IPSEC_API_ATTR_DISABLE);
		free(audit);
		ipsec_free_pToken(p);
		close(fd);
		undo();
	}
}

/* A counter of /proc/net/snmp's line "Tcp:", or -1. */
static long tcp_counter(const char *name)
{
	char names[1024], values[1024], *n, *v, *ns = NULL, *vs = NULL;
	FILE *f = fopen("/proc/net/snmp", "re");
	long found = -1;

	while (f != NULL && fgets(names, sizeof(names), f) != NULL &&
	       fgets(values, sizeof(values), f) != NULL) {
		if (strncmp(names, "Tcp:", 4) != 0) {
			continue;
		}
		for (n = strtok_r(names, " \n", &ns), v = strtok_r(values, " \n", &vs);
		     n != NULL && v != NULL; n = strtok_r(NULL, " \n", &ns), v = strtok_r(NULL, " \n", &vs)) {
			if (strcmp(n, name) == 0) {
				found = strtol(v, NULL, 10);
			}
		}
	}
	if (f != NULL) {
		fclose(f);
	}
	return found;
}

/* A connection whose socket policy required ESP, closed: the kernel's
 * late answers for it (here, the reset for the peer's late data) go by the
 * SPD, where the guard that its latch watch made at the socket's end
 * holds them back and drops the peer's data in clear. */
static void a_closed_connection_answers_nothing_in_clear(void **state)
{
	ipsec_pToken_t esp = ipsec_create_pToken();
	ipsec_latch_watch_t watch = ipsec_create_latch_watch();
	struct linger hard = { .l_onoff = 1, .l_linger = 0 };
	long resets, mismatches;
	uint16_t latch = 0;
	int fd = tcp_to_peer(), watched = -1;

	(void)state;
	assert_non_null(watch);
	assert_int_equal(set_u16(esp, IPSEC_API_ATTR_privacyProtection, IPSEC_API_ATTR_ENABLE), 0);
	assert_int_equal(set_u16(esp, IPSEC_API_ATTR_integrityProtection, IPSEC_API_ATTR_ENABLE), 0);
	assert_int_equal(set_u16(esp, IPSEC_API_ATTR_compression, IPSEC_API_ATTR_DISABLE), 0);
	/* Data in clear first, which the peer echoes late; then the socket
	 * requires ESP, and it is watched. */
	assert_int_equal(send(fd, "late", 4, 0), 4);
	assert_int_equal(peer_host_received(peer, PEER_TCP_PORT, 1000), 4);
	assert_int_equal(ipsec_set_socket_pToken(fd, esp), 0);
	assert_int_equal(ipsec_watch_latch(watch, fd), 0);
	assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard)), 0);
	assert_int_equal(close(fd), 0);
	while (latch != IPSEC_API_LATCH_CLOSED) {
		struct pollfd p = { .fd = ipsec_latch_watch_fd(watch), .events = POLLIN,
				    .revents = 0 };
		int rc = ipsec_next_latch_event(watch, &watched, &latch);

		assert_true(rc >= 0);
		if (rc == 0) {
			assert_int_equal(poll(&p, 1, 2000), 1);
		}
	}
	assert_int_equal(watched, fd);
	resets = tcp_counter("OutRsts");
	mismatches = xfrm_stat("XfrmInTmplMismatch");
	/* The echo comes back to a connection that is gone. */
	usleep((PEER_ECHO_DELAY_MS + 500) * 1000);
	assert_int_equal(tcp_counter("OutRsts"), resets);
	assert_true(xfrm_stat("XfrmInTmplMismatch") > mismatches);
	ipsec_free_latch_watch(watch);
	ipsec_free_pToken(esp);
}

#define EACH_LAYOUT(test)                                                                    \
	cmocka_unit_test_prestate_setup_teardown(test, clean, NULL, (void *)&layouts[0]),     \
		cmocka_unit_test_prestate_setup_teardown(test, clean, NULL, (void *)&layouts[1]), \
		cmocka_unit_test_prestate_setup_teardown(test, clean, NULL, (void *)&layouts[2]), \
		cmocka_unit_test_prestate_setup_teardown(test, clean, NULL, (void *)&layouts[3]), \
		cmocka_unit_test_prestate_setup_teardown(test, clean, NULL, (void *)&layouts[4])

int main(void)
{
	const struct CMUnitTest tests[] = {
		EACH_LAYOUT(the_spd_alone_never_vouches_for_a_datagram),
		EACH_LAYOUT(the_socket_policy_holds_every_datagram),
		cmocka_unit_test_setup_teardown(a_doubtful_spd_protects_no_connection, clean, NULL),
		cmocka_unit_test_setup_teardown(a_closed_connection_answers_nothing_in_clear, clean,
						NULL),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
