/* SPDX-License-Identifier: BSD-2-Clause */
#include <stddef.h>

#include "ipsecapi.h"

struct constant_name {
	uint32_t value;
	const char *name;
};

/* One entry per value; the -04 aliases share their -03 entry. */
static const struct constant_name constant_names[] = {
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
	{ .value = IPSEC_API_ATTR_endPointBinding, .name = "endPointBinding" },
	{ .value = IPSEC_API_ATTR_endPointBindingData, .name = "endPointBindingData" },
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

const char *ipsec_constant_name(uint32_t c)
{
	size_t i;

	for (i = 0; i < sizeof(constant_names) / sizeof(constant_names[0]); i++) {
		if (constant_names[i].value == c) {
			return constant_names[i].name;
		}
	}
	return NULL;
}
