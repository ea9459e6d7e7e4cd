/* SPDX-License-Identifier: BSD-2-Clause */
/* The numbering of the header: one value per name, one meaning per value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "test_util.h"

struct named {
	uint32_t value;
	const char *name;
};

/* Every distinct constant of the header, with the name it must print as. */
static const struct named constants[] = {
	{ .value = IPSEC_API_ATTR_auditString, .name = "auditString" },
	{ .value = IPSEC_API_ATTR_authenticationMethod, .name = "authenticationMethod" },
	{ .value = IPSEC_API_ATTR_certificateAuthorityDN, .name = "certificateAuthorityDN" },
	{ .value = IPSEC_API_ATTR_certificateDN, .name = "certificateDN" },
	{ .value = IPSEC_API_ATTR_pubKeyID, .name = "pubKeyID" },
	{ .value = IPSEC_API_ATTR_channelBinding, .name = "channelBinding" },
	{ .value = IPSEC_API_ATTR_privacyProtection, .name = "privacyProtection" },
	{ .value = IPSEC_API_ATTR_integrityProtection, .name = "integrityProtection" },
	{ .value = IPSEC_API_ATTR_compression, .name = "compression" },
	{ .value = IPSEC_API_ATTR_iToken, .name = "iToken" },
	{ .value = IPSEC_API_ATTR_channelBindingType, .name = "channelBindingType" },
	{ .value = IPSEC_API_ATTR_channelBindingData, .name = "channelBindingData" },
	{ .value = IPSEC_API_ATTR_policyName, .name = "policyName" },
	{ .value = IPSEC_API_ATTR_remote_iToken, .name = "remote_iToken" },
	{ .value = IPSEC_API_ATTR_tunnelMode, .name = "tunnelMode" },
	{ .value = IPSEC_API_ATTR_ipoptionsProtected, .name = "ipoptionsProtected" },
	{ .value = IPSEC_API_ATTR_informationString, .name = "informationString" },
	{ .value = IPSEC_API_ATTR_latchState, .name = "latchState" },
	{ .value = IPSEC_API_ATTR_reqid, .name = "reqid" },
	{ .value = IPSEC_API_ATTR_authMeth_NONE, .name = "authMeth_NONE" },
	{ .value = IPSEC_API_ATTR_authMeth_BTNS, .name = "authMeth_BTNS" },
	{ .value = IPSEC_API_ATTR_authMeth_LEAPOFFAITH, .name = "authMeth_LEAPOFFAITH" },
	{ .value = IPSEC_API_ATTR_authMeth_PRESHAREDKEY, .name = "authMeth_PRESHAREDKEY" },
	{ .value = IPSEC_API_ATTR_authMeth_GROUPKEY, .name = "authMeth_GROUPKEY" },
	{ .value = IPSEC_API_ATTR_authMeth_XAUTH, .name = "authMeth_XAUTH" },
	{ .value = IPSEC_API_ATTR_authMeth_EAP, .name = "authMeth_EAP" },
	{ .value = IPSEC_API_ATTR_authMeth_PKIX_TRUSTED, .name = "authMeth_PKIX_TRUSTED" },
	{ .value = IPSEC_API_ATTR_authMeth_PKIX_INLINE, .name = "authMeth_PKIX_INLINE" },
	{ .value = IPSEC_API_ATTR_authMeth_PKIX_OFFLINE, .name = "authMeth_PKIX_OFFLINE" },
	{ .value = IPSEC_API_ATTR_DISABLE, .name = "DISABLE" },
	{ .value = IPSEC_API_ATTR_ENABLE, .name = "ENABLE" },
	{ .value = IPSEC_API_ATTR_ANY, .name = "ANY" },
	{ .value = IPSEC_API_ATTR_LEVEL_LOW, .name = "LEVEL_LOW" },
	{ .value = IPSEC_API_ATTR_LEVEL_MEDIUM, .name = "LEVEL_MEDIUM" },
	{ .value = IPSEC_API_ATTR_LEVEL_HIGH, .name = "LEVEL_HIGH" },
	{ .value = IPSEC_API_LATCH_LISTENER, .name = "LATCH_LISTENER" },
	{ .value = IPSEC_API_LATCH_ESTABLISHED, .name = "LATCH_ESTABLISHED" },
	{ .value = IPSEC_API_LATCH_BROKEN, .name = "LATCH_BROKEN" },
	{ .value = IPSEC_API_LATCH_CLOSED, .name = "LATCH_CLOSED" },
	{ .value = IPSEC_API_CB_UNIQUE, .name = "CB_UNIQUE" },
	{ .value = IPSEC_API_CB_END_POINT, .name = "CB_END_POINT" },
};

#define NCONSTANTS (sizeof(constants) / sizeof(constants[0]))

static void every_value_has_one_meaning(void **state)
{
	size_t i, j;

	(void)state;
	for (i = 0; i < NCONSTANTS; i++) {
		assert_true(constants[i].value != 0);
		/* The draft's values travel as 2 octets. */
		assert_true(constants[i].value <= UINT16_MAX);
		for (j = i + 1; j < NCONSTANTS; j++) {
			assert_int_not_equal(constants[i].value, constants[j].value);
		}
	}
}

static void ranges_separate_the_roles(void **state)
{
	(void)state;
	/* The collisions the draft's figures have. */
	assert_int_not_equal(IPSEC_API_ATTR_authenticationMethod, IPSEC_API_ATTR_authMeth_BTNS);
	assert_int_not_equal(IPSEC_API_ATTR_auditString, IPSEC_API_ATTR_authMeth_NONE);
	assert_int_not_equal(IPSEC_API_ATTR_privacyProtection, IPSEC_API_ATTR_authMeth_NONE);
	assert_true(IPSEC_API_ATTR_latchState < 0x100);
	assert_true(IPSEC_API_ATTR_authMeth_NONE >= 0x101 && IPSEC_API_ATTR_authMeth_PKIX_OFFLINE <= 0x1ff);
	assert_true(IPSEC_API_ATTR_DISABLE >= 0x201 && IPSEC_API_ATTR_LEVEL_HIGH <= 0x2ff);
	assert_true(IPSEC_API_LATCH_LISTENER >= 0x301 && IPSEC_API_LATCH_CLOSED <= 0x3ff);
	assert_true(IPSEC_API_CB_UNIQUE >= 0x401 && IPSEC_API_CB_END_POINT <= 0x4ff);
}

static void aliases_equal_the_draft_names(void **state)
{
	(void)state;
	assert_int_equal(IPSEC_API_ATTR_authMeth_LEAFOFFAITH, IPSEC_API_ATTR_authMeth_LEAPOFFAITH);
	assert_int_equal(IPSEC_API_ATTR_privacyProtected, IPSEC_API_ATTR_privacyProtection);
	assert_int_equal(IPSEC_API_ATTR_integrityProtected, IPSEC_API_ATTR_integrityProtection);
	assert_int_equal(IPSEC_API_ATTR_compressionAvailable, IPSEC_API_ATTR_compression);
	assert_int_equal(IPSEC_API_ATTR_local_iToken, IPSEC_API_ATTR_remote_iToken);
}

static void names_round_trip(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NCONSTANTS; i++) {
		assert_string_equal(ipsec_constant_name(constants[i].value), constants[i].name);
	}
	assert_null(ipsec_constant_name(0));
	assert_null(ipsec_constant_name(0x0007));
	assert_null(ipsec_constant_name(0x010b));
	assert_null(ipsec_constant_name(0x10001));
	assert_null(ipsec_constant_name(UINT32_MAX));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_value_has_one_meaning),
		cmocka_unit_test(ranges_separate_the_roles),
		cmocka_unit_test(aliases_equal_the_draft_names),
		cmocka_unit_test(names_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
