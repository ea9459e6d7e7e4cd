/* SPDX-License-Identifier: BSD-2-Clause */
#include "ipsecapi.h"
#include "attr_desc.h"
#include "token.h"

#define ATTR(id_, type_, domain_, writable_, compared_)                               \
	{ .id = (id_), .type = IPSECAPI_VT_##type_, .domain = IPSECAPI_DOM_##domain_, \
	  .writable = (writable_), .compared = (compared_) }
#define RW true
#define RO false
#define CMP true
#define NOCMP false

/* Identity is what the key manager authenticated and what the caller
 * demands of it; the audit text and the per-connection channel binding are
 * descriptions of one connection, not of the identity. */
static const struct ipsecapi_attr_desc itoken_attrs[] = {
	ATTR(IPSEC_API_ATTR_auditString, STRING, NONE, RO, NOCMP),
	ATTR(IPSEC_API_ATTR_authenticationMethod, U16, AUTH_METH, RO, CMP),
	ATTR(IPSEC_API_ATTR_certificateAuthorityDN, STRING, NONE, RO, CMP),
	ATTR(IPSEC_API_ATTR_certificateDN, STRING, NONE, RO, CMP),
	ATTR(IPSEC_API_ATTR_pubKeyID, BYTES, NONE, RO, CMP),
	ATTR(IPSEC_API_ATTR_channelBinding, STRING, NONE, RO, NOCMP),
	ATTR(IPSEC_API_ATTR_channelBindingType, U16, CB_TYPE, RO, NOCMP),
	ATTR(IPSEC_API_ATTR_channelBindingData, BYTES, NONE, RO, NOCMP),
	ATTR(IPSEC_API_ATTR_endPointBinding, STRING, NONE, RO, CMP),
	ATTR(IPSEC_API_ATTR_endPointBindingData, BYTES, NONE, RO, CMP),
	ATTR(IPSEC_API_ATTR_authMeth_NONE, U16, DEMAND, RW, CMP),
	ATTR(IPSEC_API_ATTR_authMeth_BTNS, U16, DEMAND, RW, CMP),
	ATTR(IPSEC_API_ATTR_authMeth_LEAPOFFAITH, U16, DEMAND, RW, CMP),
	ATTR(IPSEC_API_ATTR_authMeth_PRESHAREDKEY, U16, DEMAND, RW, CMP),
	ATTR(IPSEC_API_ATTR_authMeth_GROUPKEY, U16, DEMAND, RW, CMP),
	ATTR(IPSEC_API_ATTR_authMeth_XAUTH, U16, DEMAND, RW, CMP),
	ATTR(IPSEC_API_ATTR_authMeth_EAP, U16, DEMAND, RW, CMP),
	ATTR(IPSEC_API_ATTR_authMeth_PKIX_TRUSTED, U16, DEMAND, RW, CMP),
	ATTR(IPSEC_API_ATTR_authMeth_PKIX_INLINE, U16, DEMAND, RW, CMP),
	ATTR(IPSEC_API_ATTR_authMeth_PKIX_OFFLINE, U16, DEMAND, RW, CMP),
};

/* Section 2.3.5: creation time, performance, algorithms of one strength
 * and outer end-points may differ.  None of them is an attribute here (the
 * levels already abstract the algorithms); only the descriptive strings
 * mention them, so those are not compared. */
static const struct ipsecapi_attr_desc ptoken_attrs[] = {
	ATTR(IPSEC_API_ATTR_auditString, STRING, NONE, RO, NOCMP),
	ATTR(IPSEC_API_ATTR_privacyProtection, U16, LEVEL, RW, CMP),
	ATTR(IPSEC_API_ATTR_integrityProtection, U16, LEVEL, RW, CMP),
	ATTR(IPSEC_API_ATTR_compression, U16, DEMAND, RW, CMP),
	ATTR(IPSEC_API_ATTR_iToken, ITOKEN, NONE, RW, CMP),
	ATTR(IPSEC_API_ATTR_policyName, STRING, NONE, RW, CMP),
	ATTR(IPSEC_API_ATTR_remote_iToken, ITOKEN, NONE, RW, CMP),
	ATTR(IPSEC_API_ATTR_tunnelMode, U16, DEMAND, RW, CMP),
	ATTR(IPSEC_API_ATTR_ipoptionsProtected, U16, ON_OFF, RO, CMP),
	ATTR(IPSEC_API_ATTR_informationString, STRING, NONE, RO, NOCMP),
	ATTR(IPSEC_API_ATTR_latchState, U16, LATCH, RO, CMP),
	/* Which key-manager connection serves the demands: a means, not a
	 * property of the protection. */
	ATTR(IPSEC_API_ATTR_reqid, U32, NONE, RW, NOCMP),
};

const struct ipsecapi_token_kind ipsecapi_itoken_kind = {
	.magic = IPSECAPI_ITOKEN_MAGIC,
	.name = "iToken",
	.a_name = "an iToken",
	.attrs = itoken_attrs,
	.nattrs = sizeof(itoken_attrs) / sizeof(itoken_attrs[0]),
};

const struct ipsecapi_token_kind ipsecapi_ptoken_kind = {
	.magic = IPSECAPI_PTOKEN_MAGIC,
	.name = "pToken",
	.a_name = "a pToken",
	.attrs = ptoken_attrs,
	.nattrs = sizeof(ptoken_attrs) / sizeof(ptoken_attrs[0]),
};

int ipsecapi_attr_index(const struct ipsecapi_token_kind *kind, uint32_t id)
{
	size_t i;

	for (i = 0; i < kind->nattrs; i++) {
		if (kind->attrs[i].id == id) {
			return (int)i;
		}
	}
	return -1;
}

bool ipsecapi_value_allowed(enum ipsecapi_value_domain domain, uint16_t v)
{
	switch (domain) {
	case IPSECAPI_DOM_DEMAND:
		return v >= IPSEC_API_ATTR_DISABLE && v <= IPSEC_API_ATTR_ANY;
	case IPSECAPI_DOM_LEVEL:
		return v >= IPSEC_API_ATTR_DISABLE && v <= IPSEC_API_ATTR_LEVEL_HIGH;
	case IPSECAPI_DOM_ON_OFF:
		return v == IPSEC_API_ATTR_DISABLE || v == IPSEC_API_ATTR_ENABLE;
	case IPSECAPI_DOM_AUTH_METH:
		return v >= IPSEC_API_ATTR_authMeth_NONE &&
		       v <= IPSEC_API_ATTR_authMeth_PKIX_OFFLINE;
	case IPSECAPI_DOM_LATCH:
		return v >= IPSEC_API_LATCH_LISTENER && v <= IPSEC_API_LATCH_CLOSED;
	case IPSECAPI_DOM_CB_TYPE:
		return v == IPSEC_API_CB_UNIQUE || v == IPSEC_API_CB_END_POINT;
	case IPSECAPI_DOM_NONE:
		break;
	}
	return false;
}

bool ipsecapi_attr_has_default(const struct ipsecapi_attr_desc *d)
{
	return d->type == IPSECAPI_VT_U16 && d->writable;
}

const char *ipsecapi_name(uint32_t id)
{
	const char *name = ipsec_constant_name(id);

	return name ? name : "unknown";
}
