/* SPDX-License-Identifier: BSD-2-Clause */
#include <stddef.h>

#include "ipsecapi.h"

struct constant_name {
	uint32_t value;
	const char *name;
};

/* One entry per value; the -04 aliases share their -03 entry. */
static const struct constant_name constant_names[] = {
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
	{ IPSEC_API_ATTR_endPointBinding, "endPointBinding" },
	{ IPSEC_API_ATTR_endPointBindingData, "endPointBindingData" },
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
