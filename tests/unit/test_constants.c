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
	{ IPSEC_API_ATTR_auditString, "auditString" },
	{ IPSEC_API_ATTR_authenticationMethod, "authenticationMethod" },
	{ IPSEC_API_ATTR_certificateAuthorityDN, "certificateAuthorityDN" },
	{ IPSEC_API_ATTR_certificateDN, "certificateDN" },
	{ IPSEC_API_ATTR_pubKeyID, "pubKeyID" },
	{ IPSEC_API_ATTR_channelBinding, "channelBinding" },
	{ IPSEC_API_ATTR_privacyProtection, "privacyProtection" },
	{ IPSEC_API_ATTR_integrityProtection, "integrityProtection" },
	{ IPSEC_API_ATTR_compression, "compression" },
	{ IPSEC_API_ATTR_iToken, "iToken" },
	{ IPSEC_API_ATTR_channelBindingType, "channelBindingType" },
	{ IPSEC_API_ATTR_channelBindingData, "channelBindingData" },
	{ IPSEC_API_ATTR_policyName, "policyName" },
	{ IPSEC_API_ATTR_remote_iToken, "remote_iToken" },
	{ IPSEC_API_ATTR_tunnelMode, "tunnelMode" },
	{ IPSEC_API_ATTR_ipoptionsProtected, "ipoptionsProtected" },
	{ IPSEC_API_ATTR_informationString, "informationString" },
	{ IPSEC_API_ATTR_latchState, "latchState" },
	{ IPSEC_API_ATTR_reqid, "reqid" },
	{ IPSEC_API_ATTR_authMeth_NONE, "authMeth_NONE" },
	{ IPSEC_API_ATTR_authMeth_BTNS, "authMeth_BTNS" },
	{ IPSEC_API_ATTR_authMeth_LEAPOFFAITH, "authMeth_LEAPOFFAITH" },
	{ IPSEC_API_ATTR_authMeth_PRESHAREDKEY, "authMeth_PRESHAREDKEY" },
	{ IPSEC_API_ATTR_authMeth_GROUPKEY, "authMeth_GROUPKEY" },
	{ IPSEC_API_ATTR_authMeth_XAUTH, "authMeth_XAUTH" },
	{ IPSEC_API_ATTR_authMeth_EAP, "authMeth_EAP" },
	{ IPSEC_API_ATTR_authMeth_PKIX_TRUSTED, "authMeth_PKIX_TRUSTED" },
	{ IPSEC_API_ATTR_authMeth_PKIX_INLINE, "authMeth_PKIX_INLINE" },
	{ IPSEC_API_ATTR_authMeth_PKIX_OFFLINE, "authMeth_PKIX_OFFLINE" },
	{ IPSEC_API_ATTR_DISABLE, "DISABLE" },
	{ IPSEC_API_ATTR_ENABLE, "ENABLE" },
	{ IPSEC_API_ATTR_ANY, "ANY" },
	{ IPSEC_API_ATTR_LEVEL_LOW, "LEVEL_LOW" },
	{ IPSEC_API_ATTR_LEVEL_MEDIUM, "LEVEL_MEDIUM" },
	{ IPSEC_API_ATTR_LEVEL_HIGH, "LEVEL_HIGH" },
	{ IPSEC_API_LATCH_LISTENER, "LATCH_LISTENER" },
	{ IPSEC_API_LATCH_ESTABLISHED, "LATCH_ESTABLISHED" },
	{ IPSEC_API_LATCH_BROKEN, "LATCH_BROKEN" },
	{ IPSEC_API_LATCH_CLOSED, "LATCH_CLOSED" },
	{ IPSEC_API_CB_UNIQUE, "CB_UNIQUE" },
	{ IPSEC_API_CB_END_POINT, "CB_END_POINT" },
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
