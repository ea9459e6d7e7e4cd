/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One name per value: the API numbers all its constants in one space
 * (ipsecapi.h), so one table serves the levels, latch states, methods
 * and channel-binding types.  The names are ipsec-ss's interface
 * (ipsec-ss(8)): a new constant gets a new name here, not a changed one.
 */
#include <stddef.h>

#include <ipsecapi.h>

#include "ss_names.h"

static const struct {
	uint16_t value;
	const char *name;
} names[] = {
	{ IPSEC_API_ATTR_DISABLE, "disable" },
	{ IPSEC_API_ATTR_ENABLE, "enable" },
	{ IPSEC_API_ATTR_ANY, "any" },
	{ IPSEC_API_ATTR_LEVEL_LOW, "low" },
	{ IPSEC_API_ATTR_LEVEL_MEDIUM, "medium" },
	{ IPSEC_API_ATTR_LEVEL_HIGH, "high" },
	{ IPSEC_API_LATCH_LISTENER, "listener" },
	{ IPSEC_API_LATCH_ESTABLISHED, "established" },
	{ IPSEC_API_LATCH_BROKEN, "broken" },
	{ IPSEC_API_LATCH_CLOSED, "closed" },
	{ IPSEC_API_ATTR_authMeth_NONE, "none" },
	{ IPSEC_API_ATTR_authMeth_BTNS, "btns" },
	{ IPSEC_API_ATTR_authMeth_LEAPOFFAITH, "leap-of-faith" },
	{ IPSEC_API_ATTR_authMeth_PRESHAREDKEY, "preshared-key" },
	{ IPSEC_API_ATTR_authMeth_GROUPKEY, "group-key" },
	{ IPSEC_API_ATTR_authMeth_XAUTH, "xauth" },
	{ IPSEC_API_ATTR_authMeth_EAP, "eap" },
	{ IPSEC_API_ATTR_authMeth_PKIX_TRUSTED, "pkix-trusted" },
	{ IPSEC_API_ATTR_authMeth_PKIX_INLINE, "pkix-inline" },
	{ IPSEC_API_ATTR_authMeth_PKIX_OFFLINE, "pkix-offline" },
	{ IPSEC_API_CB_UNIQUE, "unique" },
	{ IPSEC_API_CB_END_POINT, "end-point" },
};

const char *ss_value_name(uint16_t value)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (names[i].value == value) {
			return names[i].name;
		}
	}
	return "unknown";
}
