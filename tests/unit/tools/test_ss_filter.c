/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsec-ss's filter (ss_filter.c) on flows built by hand: each condition
 * of the documented subset of ss's syntax selects the sockets it names
 * and no others, conditions join by and, and anything outside the subset
 * is refused with EINVAL and a message that names the token.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>
#include <sys/socket.h>

#include "ss_filter.h"
#include "test_util.h"

/* A TCP flow from local:lport to remote:rport; IPv6 if the addresses
 * have a colon. */
static struct ipsecapi_flow flow(const char *local, uint16_t lport, const char *remote,
				 uint16_t rport)
{
	struct ipsecapi_flow f = { .proto = IPPROTO_TCP };

	f.local_port = lport;
	f.remote_port = rport;

	f.family = strchr(local, ':') != NULL ? AF_INET6 : AF_INET;
	assert_int_equal(inet_pton(f.family, local, &f.local), 1);
	assert_int_equal(inet_pton(f.family, remote, &f.remote), 1);
	return f;
}

/* Whether text parses and selects f. */
static bool selects(const char *text, const struct ipsecapi_flow *f)
{
	struct ss_filter *filter = NULL;
	char err[160] = "";
	bool match;

	if (ss_filter_create(text, &filter, err, sizeof(err)) != 0) {
		fail_msg("\"%s\" refused: %s", text, err);
	}
	match = ss_filter_match(filter, f);
	ss_filter_free(filter);
	return match;
}

static void no_filter_selects_every_socket(void **state)
{
	const struct ipsecapi_flow v4 = flow("192.0.2.1", 80, "198.51.100.7", 40000);
	const struct ipsecapi_flow v6 = flow("2001:db8::1", 80, "2001:db8::2", 40000);

	(void)state;
	assert_true(selects("", &v4));
	assert_true(selects(" \t ", &v6));
}

static void src_and_dst_are_the_local_and_the_peers_end(void **state)
{
	const struct ipsecapi_flow f = flow("192.0.2.1", 80, "198.51.100.7", 40000);

	(void)state;
	assert_true(selects("src 192.0.2.1", &f));
	assert_false(selects("src 198.51.100.7", &f));
	assert_true(selects("dst 198.51.100.7", &f));
	assert_false(selects("dst 192.0.2.1", &f));
	assert_true(selects("src = 192.0.2.1", &f));
	assert_true(selects("dst == 198.51.100.7", &f));
	assert_true(selects("dst eq 198.51.100.7", &f));
}

static void a_prefix_selects_its_network(void **state)
{
	const struct ipsecapi_flow f = flow("192.0.2.1", 80, "198.51.100.129", 40000);

	(void)state;
	assert_true(selects("src 192.0.2.0/24", &f));
	assert_false(selects("src 192.0.3.0/24", &f));
	assert_true(selects("dst 198.51.100.128/25", &f));
	assert_false(selects("dst 198.51.100.0/25", &f));
	assert_true(selects("dst 198.51.100.129/32", &f));
	assert_false(selects("dst 198.51.100.128/32", &f));
	assert_true(selects("dst 0.0.0.0/0", &f));
}

static void a_host_with_a_port(void **state)
{
	const struct ipsecapi_flow f = flow("192.0.2.1", 80, "198.51.100.7", 40000);

	(void)state;
	assert_true(selects("src 192.0.2.1:80", &f));
	assert_false(selects("src 192.0.2.1:81", &f));
	assert_false(selects("src 192.0.2.2:80", &f));
	assert_true(selects("dst 198.51.100.0/24:40000", &f));
	assert_true(selects("src *:80", &f));
	assert_true(selects("src :80", &f));
	assert_false(selects("src *:40000", &f));
	assert_true(selects("src 192.0.2.1:*", &f));
	assert_true(selects("src *", &f));
}

static void ports_compare_as_ss_compares_them(void **state)
{
	const struct ipsecapi_flow f = flow("192.0.2.1", 80, "198.51.100.7", 40000);

	(void)state;
	assert_true(selects("sport = :80", &f));
	assert_true(selects("sport :80", &f));
	assert_true(selects("sport == :80", &f));
	assert_true(selects("sport eq :80", &f));
	assert_false(selects("sport = :40000", &f));
	assert_true(selects("dport = :40000", &f));
	assert_false(selects("dport = :80", &f));
	assert_true(selects("dport != :80", &f));
	assert_false(selects("dport ne :40000", &f));
	assert_false(selects("dport neq :40000", &f));
	assert_true(selects("dport > :39999", &f));
	assert_false(selects("dport gt :40000", &f));
	assert_true(selects("dport >= :40000", &f));
	assert_true(selects("dport ge :40000", &f));
	assert_false(selects("dport geq :40001", &f));
	assert_true(selects("sport < :81", &f));
	assert_false(selects("sport lt :80", &f));
	assert_true(selects("sport <= :80", &f));
	assert_true(selects("sport le :80", &f));
	assert_false(selects("sport leq :79", &f));
	assert_true(selects("sport = :*", &f));
}

static void ipv6_hosts_and_families(void **state)
{
	const struct ipsecapi_flow v6 = flow("2001:db8::1", 443, "2001:db8:1::2", 50000);
	const struct ipsecapi_flow v4 = flow("192.0.2.1", 443, "198.51.100.7", 50000);

	(void)state;
	assert_true(selects("src 2001:db8::1", &v6));
	assert_true(selects("src [2001:db8::1]", &v6));
	assert_true(selects("src [2001:db8::1]:443", &v6));
	assert_false(selects("src [2001:db8::1]:444", &v6));
	assert_true(selects("dst 2001:db8:1::/48", &v6));
	assert_false(selects("dst 2001:db8:2::/48", &v6));
	assert_true(selects("dst [2001:db8::/32]:50000", &v6));
	assert_true(selects("dst 2001:db8:1::2/127", &v6));
	/* An address of one family never selects a socket of the other. */
	assert_false(selects("src ::/0", &v4));
	assert_false(selects("src 0.0.0.0/0", &v6));
	/* A port alone selects both. */
	assert_true(selects("sport = :443", &v4));
	assert_true(selects("sport = :443", &v6));
}

static void conditions_join_by_and(void **state)
{
	const struct ipsecapi_flow f = flow("192.0.2.1", 80, "198.51.100.7", 40000);

	(void)state;
	assert_true(selects("src 192.0.2.1 and dport = :40000", &f));
	assert_false(selects("src 192.0.2.1 and dport = :40001", &f));
	assert_false(selects("src 192.0.2.2 and dport = :40000", &f));
	assert_true(selects("src 192.0.2.1 && sport = :80 & dst 198.51.100.7", &f));
	/* As in ss, no word between two conditions is and. */
	assert_true(selects("src 192.0.2.1 dport = :40000", &f));
	assert_false(selects("src 192.0.2.1 dport = :1", &f));
}

/* text is refused with EINVAL, naming token. */
static void refused(const char *text, const char *token)
{
	struct ss_filter *filter = (struct ss_filter *)&filter;
	char err[160] = "", quoted[80];

	errno = 0;
	assert_int_equal(ss_filter_create(text, &filter, err, sizeof(err)), -1);
	assert_int_equal(errno, EINVAL);
	assert_null(filter);
	snprintf(quoted, sizeof(quoted), "\"%s\"", token);
	if (strncmp(err, "filter: ", 8) != 0 || strstr(err, quoted) == NULL) {
		fail_msg("\"%s\": the message \"%s\" does not name %s", text, err, quoted);
	}
}

static void anything_else_is_refused_by_name(void **state)
{
	(void)state;
	refused("src 192.0.2.1 or dst 192.0.2.2", "or");
	refused("src 192.0.2.1 || dst 192.0.2.2", "||");
	refused("not src 192.0.2.1", "not");
	refused("! src 192.0.2.1", "!");
	refused("( sport = :22 )", "(");
	refused("state established", "state");
	refused("dev eth0", "dev");
	refused("fwmark = 1", "fwmark");
	refused("and src 192.0.2.1", "and");
	refused("src 192.0.2.1 and", "and");
	refused("src 192.0.2.1 and and dst 192.0.2.2", "and");
	refused("src", "src");
	refused("dport =", "dport");
	refused("src != 192.0.2.1", "!=");
	refused("src < 192.0.2.1", "<");
	refused("sport = 22", "22");
	refused("sport = :ssh", ":ssh");
	refused("sport = :65536", ":65536");
	refused("sport = :-1", ":-1");
	refused("sport = :", ":");
	refused("src 192.0.2.1:", "192.0.2.1:");
	refused("src 192.0.2.1/33", "192.0.2.1/33");
	refused("src 192.0.2.1/", "192.0.2.1/");
	refused("src 192.0.2/24", "192.0.2/24");
	refused("src host.example", "host.example");
	refused("src inet:192.0.2.1", "inet:192.0.2.1");
	refused("src [2001:db8::1", "[2001:db8::1");
	refused("src [2001:db8::1]x", "[2001:db8::1]x");
	refused("src [192.0.2.1]", "[192.0.2.1]");
	refused("src 2001:db8::1/129", "2001:db8::1/129");
	refused("src 2001:db8::zz", "2001:db8::zz");
	/* A token that cannot be printed is shown with ? in its place. */
	refused("src 192.0.2.1 \x01x", "?x");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_filter_selects_every_socket),
		cmocka_unit_test(src_and_dst_are_the_local_and_the_peers_end),
		cmocka_unit_test(a_prefix_selects_its_network),
		cmocka_unit_test(a_host_with_a_port),
		cmocka_unit_test(ports_compare_as_ss_compares_them),
		cmocka_unit_test(ipv6_hosts_and_families),
		cmocka_unit_test(conditions_join_by_and),
		cmocka_unit_test(anything_else_is_refused_by_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
