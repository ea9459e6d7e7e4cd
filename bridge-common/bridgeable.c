/* SPDX-License-Identifier: BSD-2-Clause */
#include "bridgeable.h"

static uint16_t u16_attr(const void *token, uint32_t attr)
{
	uint16_t v = 0;
	void *val = &v;
	uint32_t len = sizeof(v);

	return ipsec_get_token_attr(token, attr, &len, &val) == 0 ? v : 0;
}

static bool at_least_medium(uint16_t level)
{
	return level == IPSEC_API_ATTR_LEVEL_MEDIUM || level == IPSEC_API_ATTR_LEVEL_HIGH;
}

bool btns_bridgeable(const ipsec_pToken_t p)
{
	return u16_attr(p, IPSEC_API_ATTR_latchState) == IPSEC_API_LATCH_ESTABLISHED &&
	       at_least_medium(u16_attr(p, IPSEC_API_ATTR_privacyProtection)) &&
	       at_least_medium(u16_attr(p, IPSEC_API_ATTR_integrityProtection));
}
