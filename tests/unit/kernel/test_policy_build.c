/* SPDX-License-Identifier: BSD-2-Clause */
/* How a pToken's demands become socket policy templates (socket_policy.c):
 * the table of ipsec_set_socket_pToken(3), case by case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>

#include "socket_policy.h"
#include "test_util.h"

#define D IPSEC_API_ATTR_DISABLE
#define E IPSEC_API_ATTR_ENABLE
#define A IPSEC_API_ATTR_ANY
#define LOW IPSEC_API_ATTR_LEVEL_LOW
#define MED IPSEC_API_ATTR_LEVEL_MEDIUM
#define HIGH IPSEC_API_ATTR_LEVEL_HIGH

/* A template as "proto:r" (required) or "proto:o" (optional), in order. */
struct row {
	uint16_t privacy, integrity, compression;
	const char *out, *in;
	enum ipsecapi_strength min_privacy, min_integrity;
};

static const struct row rows[] = {
	/* the explicit bypass */
	{ .privacy = D, .integrity = D, .compression = D, .out = "", .in = "",
	  .min_privacy = IPSECAPI_NONE, .min_integrity = IPSECAPI_NONE },
	{ .privacy = E, .integrity = E, .compression = D, .out = "esp:r", .in = "esp:r",
	  .min_privacy = IPSECAPI_LOW, .min_integrity = IPSECAPI_LOW },
	{ .privacy = HIGH, .integrity = MED, .compression = D, .out = "esp:r", .in = "esp:r",
	  .min_privacy = IPSECAPI_HIGH, .min_integrity = IPSECAPI_MEDIUM },
	/* ESP with NULL encryption */
	{ .privacy = D, .integrity = LOW, .compression = D, .out = "esp:r", .in = "esp:r",
	  .min_privacy = IPSECAPI_NONE, .min_integrity = IPSECAPI_LOW },
	{ .privacy = A, .integrity = E, .compression = D, .out = "esp:r", .in = "esp:r",
	  .min_privacy = IPSECAPI_NONE, .min_integrity = IPSECAPI_LOW },
	/* "use" */
	{ .privacy = A, .integrity = A, .compression = D, .out = "esp:o", .in = "esp:o",
	  .min_privacy = IPSECAPI_NONE, .min_integrity = IPSECAPI_NONE },
	{ .privacy = D, .integrity = A, .compression = D, .out = "esp:o", .in = "esp:o",
	  .min_privacy = IPSECAPI_NONE, .min_integrity = IPSECAPI_NONE },
	/* a fresh pToken */
	{ .privacy = A, .integrity = A, .compression = A, .out = "comp:o esp:o", .in = "comp:o esp:o",
	  .min_privacy = IPSECAPI_NONE, .min_integrity = IPSECAPI_NONE },
	{ .privacy = E, .integrity = E, .compression = E, .out = "comp:r esp:r", .in = "comp:o esp:r",
	  .min_privacy = IPSECAPI_LOW, .min_integrity = IPSECAPI_LOW },
	{ .privacy = D, .integrity = D, .compression = E, .out = "comp:r", .in = "comp:o",
	  .min_privacy = IPSECAPI_NONE, .min_integrity = IPSECAPI_NONE },
};

static void describe_policy(const struct ipsecapi_xfrm_policy *pol, char *buf, size_t size)
{
	uint32_t i;

	buf[0] = '\0';
	for (i = 0; i < pol->ntmpl; i++) {
		size_t len = strlen(buf);

		snprintf(buf + len, size - len, "%s%s:%s", i ? " " : "",
			 pol->tmpl[i].id.proto == IPPROTO_ESP ? "esp"
			 : pol->tmpl[i].id.proto == IPPROTO_COMP ? "comp" : "?",
			 pol->tmpl[i].optional ? "o" : "r");
	}
}

static void each_row_gives_its_templates(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		ipsec_pToken_t p = ipsec_create_pToken();
		struct ipsecapi_socket_policy sp;
		uint32_t reqid = 7;
		struct ipsecapi_owner owner = { .cookie = 0x0102030405060708ull, .port = 4433,
						.proto = IPPROTO_TCP }, read;
		char out[64], in[64];

		assert_int_equal(set_u16(p, IPSEC_API_ATTR_privacyProtection, r->privacy), 0);
		assert_int_equal(set_u16(p, IPSEC_API_ATTR_integrityProtection, r->integrity), 0);
		assert_int_equal(set_u16(p, IPSEC_API_ATTR_compression, r->compression), 0);
		assert_int_equal(ipsec_set_token_attr(p, IPSEC_API_ATTR_reqid, 4, &reqid), 0);
		assert_int_equal(ipsecapi_socket_policy_build((struct ipsecapi_token *)p, AF_INET6, &owner, &sp,
							      "test"),
				 0);
		describe_policy(&sp.out, out, sizeof(out));
		describe_policy(&sp.in, in, sizeof(in));
		print_message("row %zu: out \"%s\", in \"%s\"\n", i, out, in);
		assert_string_equal(out, r->out);
		assert_string_equal(in, r->in);
		assert_int_equal(sp.min_privacy, r->min_privacy);
		assert_int_equal(sp.min_integrity, r->min_integrity);
		assert_int_equal(sp.out.info.dir, XFRM_POLICY_OUT);
		assert_int_equal(sp.in.info.dir, XFRM_POLICY_IN);
		assert_int_equal(sp.out.info.action, XFRM_POLICY_ALLOW);
		assert_int_equal(sp.out.info.sel.family, AF_INET6);
		/* The selector matches every packet of the family. */
		assert_int_equal(sp.out.info.sel.prefixlen_d, 0);
		assert_int_equal(sp.out.info.sel.prefixlen_s, 0);
		assert_int_equal(sp.out.info.sel.dport_mask | sp.out.info.sel.sport_mask, 0);
		assert_int_equal(sp.out.info.sel.proto, 0);
		if (sp.out.ntmpl > 0) {
			assert_int_equal(sp.out.tmpl[sp.out.ntmpl - 1].reqid, 7);
			assert_int_equal(sp.out.tmpl[0].mode, XFRM_MODE_TRANSPORT);
			assert_int_equal(sp.out.tmpl[0].family, AF_INET6);
		}
		/* As the kernel lists it, the policy names its socket, with its
		 * protocol and port, in ports whose masks make them ignored. */
		sp.out.info.dir = IPSECAPI_SOCKET_POLICY_OUT;
		assert_true(ipsecapi_socket_policy_owner(&sp.out, &read));
		assert_true(read.cookie == 0x0102030405060708ull);
		assert_int_equal(read.port, 4433);
		assert_int_equal(read.proto, IPPROTO_TCP);
		ipsec_free_pToken(p);
	}
}

static void foreign_socket_policies_have_no_owner(void **state)
{
	struct ipsecapi_xfrm_policy pol;
	struct ipsecapi_owner owner;

	(void)state;
	memset(&pol, 0, sizeof(pol));
	pol.info.dir = IPSECAPI_SOCKET_POLICY_OUT; /* an IKE daemon's bypass, say */
	pol.info.sel.family = AF_INET;
	assert_false(ipsecapi_socket_policy_owner(&pol, &owner));
	memcpy(&pol.info.sel.daddr, "BTNS\002", 5); /* a later version */
	assert_false(ipsecapi_socket_policy_owner(&pol, &owner));
	memcpy(&pol.info.sel.daddr, "BTNS\001", 5);
	pol.info.dir = XFRM_POLICY_OUT; /* an SPD policy */
	assert_false(ipsecapi_socket_policy_owner(&pol, &owner));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_row_gives_its_templates),
		cmocka_unit_test(foreign_socket_policies_have_no_owner),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
