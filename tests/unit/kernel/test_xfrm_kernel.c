/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * XFRM netlink requests against the real kernel of this machine, in a
 * network namespace of the test's own: policies (which this kernel holds
 * without ESP), larval SAs from ALLOCSPI, and the privilege check.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ipsecapi.h>

#include "child.h"
#include "scratch_netns.h"
#include "test_util.h"
#include "xfrm_nl.h"

static const char fn[] = "test";

static int setup(void **state)
{
	struct ipsecapi_nl *nl = NULL;

	run("ip xfrm policy flush; ip xfrm state flush");
	if (ipsecapi_nl_open(&nl, fn) != 0) {
		return -1;
	}
	*state = nl;
	return 0;
}

static int teardown(void **state)
{
	ipsecapi_nl_close(*state);
	return 0;
}

static struct xfrm_selector host_selector(const char *src, const char *dst, uint8_t proto,
					  uint16_t dport)
{
	struct xfrm_selector sel;

	memset(&sel, 0, sizeof(sel));
	sel.family = AF_INET;
	inet_pton(AF_INET, src, &sel.saddr);
	inet_pton(AF_INET, dst, &sel.daddr);
	sel.prefixlen_s = sel.prefixlen_d = 32;
	sel.proto = proto;
	if (dport != 0) {
		sel.dport = htons(dport);
		sel.dport_mask = 0xffff;
	}
	return sel;
}

static void policy_found_by_exact_selector(void **state)
{
	struct xfrm_selector sel = host_selector("192.0.2.1", "192.0.2.2", IPPROTO_TCP, 80);
	struct ipsecapi_xfrm_policy pol;

	run("ip xfrm policy add src 192.0.2.1/32 dst 192.0.2.2/32 proto tcp dport 80 dir out "
	    "priority 7 tmpl proto esp mode transport reqid 33 level required "
	    "tmpl proto comp mode transport level use");
	assert_int_equal(ipsecapi_xfrm_policy_by_selector(*state, &sel, XFRM_POLICY_OUT, &pol, fn), 0);
	assert_int_equal(pol.info.dir, XFRM_POLICY_OUT);
	assert_int_equal(pol.info.priority, 7);
	assert_int_equal(pol.ntmpl, 2);
	assert_int_equal(pol.tmpl[0].id.proto, IPPROTO_ESP);
	assert_int_equal(pol.tmpl[0].reqid, 33);
	assert_int_equal(pol.tmpl[0].optional, 0);
	assert_int_equal(pol.tmpl[1].id.proto, IPPROTO_COMP);
	assert_int_equal(pol.tmpl[1].optional, 1);

	/* The same selector in the other direction, or another port: none. */
	errno = 0;
	assert_int_equal(ipsecapi_xfrm_policy_by_selector(*state, &sel, XFRM_POLICY_IN, &pol, fn), -1);
	assert_int_equal(errno, ENOENT);
	sel = host_selector("192.0.2.1", "192.0.2.2", IPPROTO_TCP, 81);
	assert_int_equal(ipsecapi_xfrm_policy_by_selector(*state, &sel, XFRM_POLICY_OUT, &pol, fn), -1);
	assert_int_equal(errno, ENOENT);
}

struct counter {
	unsigned out, in, sockets;
};

static int count_policy(const struct ipsecapi_xfrm_policy *pol, void *data)
{
	struct counter *c = data;

	if (pol->info.dir == XFRM_POLICY_OUT) {
		c->out++;
	} else if (pol->info.dir == XFRM_POLICY_IN) {
		c->in++;
	} else {
		c->sockets++;
	}
	return 0;
}

static int stop_at_first(const struct ipsecapi_xfrm_policy *pol, void *data)
{
	(void)pol;
	(*(unsigned *)data)++;
	return 1;
}

static void policy_dump_and_count(void **state)
{
	struct xfrm_selector sel = host_selector("198.51.100.1", "198.51.100.2", 0, 0);
	struct ipsecapi_xfrm_policy pol;
	struct counter c = { .out = 0, .in = 0, .sockets = 0 };
	unsigned seen = 0;
	struct ipsecapi_spd_counts counts;
	char batch[] = "/tmp/btns-policies-XXXXXX", cmd[200];
	int i, before, fd = mkstemp(batch);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	/* Longer than what two reads of the largest size take (some 260 KB). */
	assert_non_null(f);
	for (i = 1; i <= 1200; i++) {
		fprintf(f, "xfrm policy add src 10.%d.%d.1/32 dst 10.%d.%d.2/32 dir %s "
			   "tmpl proto esp mode transport\n",
			i / 250, i % 250, i / 250, i % 250, i % 3 == 0 ? "in" : "out");
	}
	assert_int_equal(fclose(f), 0);
	snprintf(cmd, sizeof(cmd), "ip -batch %s", batch);
	run(cmd);
	unlink(batch);
	assert_int_equal(ipsecapi_xfrm_policies(*state, count_policy, &c, fn), 0);
	assert_int_equal(c.out, 800);
	assert_int_equal(c.in, 400);
	assert_int_equal(ipsecapi_xfrm_spd_counts(*state, &counts, fn), 0);
	assert_int_equal(counts.out, 800);
	assert_int_equal(counts.in, 400);
	assert_int_equal(counts.socket_out + counts.socket_in, 0);

	/* A walk stopped early leaves the rest of a long dump unread, on a
	 * socket that it replaces: the next request is answered correctly. */
	before = ipsecapi_nl_fd(*state);
	assert_int_equal(ipsecapi_xfrm_policies(*state, stop_at_first, &seen, fn), 1);
	assert_int_equal(seen, 1);
	assert_int_not_equal(ipsecapi_nl_fd(*state), before);
	run("ip xfrm policy add src 198.51.100.1/32 dst 198.51.100.2/32 dir out "
	    "tmpl proto ah mode transport reqid 9");
	assert_int_equal(ipsecapi_xfrm_policy_by_selector(*state, &sel, XFRM_POLICY_OUT, &pol, fn), 0);
	assert_int_equal(pol.tmpl[0].reqid, 9);
}

/* A walk stopped early on a short SPD reads the end of the dump that came
 * with it, and keeps its socket: the next requests are answered. */
static void short_walk_stopped_early_keeps_its_socket(void **state)
{
	struct xfrm_selector sel = host_selector("198.51.100.1", "198.51.100.2", 0, 0);
	struct ipsecapi_xfrm_policy pol;
	struct counter c = { .out = 0, .in = 0, .sockets = 0 };
	unsigned seen = 0, round;
	int before = ipsecapi_nl_fd(*state);

	run("ip xfrm policy add src 10.0.0.1/32 dst 10.0.0.2/32 dir out tmpl proto esp mode transport");
	run("ip xfrm policy add src 198.51.100.1/32 dst 198.51.100.2/32 dir out "
	    "tmpl proto ah mode transport reqid 7");
	for (round = 0; round < 3; round++) {
		seen = 0;
		assert_int_equal(ipsecapi_xfrm_policies(*state, stop_at_first, &seen, fn), 1);
		assert_int_equal(seen, 1);
		assert_int_equal(ipsecapi_nl_fd(*state), before);
	}
	assert_int_equal(ipsecapi_xfrm_policy_by_selector(*state, &sel, XFRM_POLICY_OUT, &pol, fn), 0);
	assert_int_equal(pol.tmpl[0].reqid, 7);
	assert_int_equal(ipsecapi_xfrm_policies(*state, count_policy, &c, fn), 0);
	assert_int_equal(c.out, 2);
	assert_int_equal(ipsecapi_nl_fd(*state), before);
}

struct sa_seen {
	unsigned n;
	uint32_t spi;
};

static int note_sa(const struct ipsecapi_xfrm_sa *sa, void *data)
{
	struct sa_seen *s = data;

	s->n++;
	s->spi = ntohl(sa->info.id.spi);
	return 0;
}

static void sa_dump_is_filtered_by_the_kernel(void **state)
{
	xfrm_address_t a, b, c;
	struct sa_seen seen = { .n = 0, .spi = 0 };

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&c, 0, sizeof(c));
	inet_pton(AF_INET, "192.0.2.1", &a);
	inet_pton(AF_INET, "192.0.2.2", &b);
	inet_pton(AF_INET, "192.0.2.3", &c);
	/* Larval SAs: this kernel has no ESP, but ALLOCSPI works. */
	run("ip xfrm state allocspi src 192.0.2.1 dst 192.0.2.2 proto esp min 0x1000 max 0x1000 >/dev/null");
	run("ip xfrm state allocspi src 192.0.2.1 dst 192.0.2.3 proto esp min 0x2000 max 0x2000 >/dev/null");
	run("ip xfrm state allocspi src 192.0.2.2 dst 192.0.2.1 proto esp min 0x3000 max 0x3000 >/dev/null");
	assert_int_equal(ipsecapi_xfrm_sas_between(*state, AF_INET, &a, &b, IPPROTO_ESP, false, note_sa,
						   &seen, fn), 0);
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.spi, 0x1000);
	seen.n = 0;
	assert_int_equal(ipsecapi_xfrm_sas_between(*state, AF_INET, &b, &a, 0, false, note_sa, &seen,
						   fn), 0);
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.spi, 0x3000);
	seen.n = 0;
	assert_int_equal(ipsecapi_xfrm_sas_between(*state, AF_INET, &a, &b, IPPROTO_AH, false, note_sa,
						   &seen, fn), 0);
	assert_int_equal(seen.n, 0);
	assert_int_equal(ipsecapi_xfrm_sas_between(*state, AF_INET, &c, &a, 0, false, note_sa, &seen,
						   fn), 0);
	assert_int_equal(seen.n, 0);
}

/* In a child: a request without CAP_NET_ADMIN. */
static int request_without_capabilities(void *arg)
{
	struct ipsecapi_nl *nl = NULL;
	struct ipsecapi_spd_counts counts;

	(void)arg;
	if (drop_all_capabilities() != 0 || ipsecapi_nl_open(&nl, fn) != 0) {
		return 2;
	}
	if (ipsecapi_xfrm_spd_counts(nl, &counts, fn) == 0) {
		return 3;
	}
	return errno == EPERM && strstr(ipsec_last_error(), "CAP_NET_ADMIN is needed") ? 0 : 4;
}

/* Without CAP_NET_ADMIN the kernel refuses, and the error says why. */
static void requests_need_cap_net_admin(void **state)
{
	(void)state;
	assert_int_equal(run_in_child(request_without_capabilities, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(policy_found_by_exact_selector, setup, teardown),
		cmocka_unit_test_setup_teardown(policy_dump_and_count, setup, teardown),
		cmocka_unit_test_setup_teardown(short_walk_stopped_early_keeps_its_socket, setup,
						teardown),
		cmocka_unit_test_setup_teardown(sa_dump_is_filtered_by_the_kernel, setup, teardown),
		cmocka_unit_test(requests_need_cap_net_admin),
	};

	if (enter_scratch_netns() != 0) {
		fprintf(stderr, "test_xfrm_kernel: cannot make a network namespace: %s\n",
			strerror(errno));
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
