/* SPDX-License-Identifier: BSD-2-Clause */
#include <stddef.h>

#include <ipsecapi.h>

#include "sa_strength.h"

#define SSF_HIGH 256   /* LEVEL_HIGH: a 256-bit key */
#define SSF_MEDIUM 128 /* LEVEL_MEDIUM: 128 or 192 bits, so at least 128 */

uint32_t btns_ssf_of_privacy(uint16_t level)
{
	switch (level) {
	case IPSEC_API_ATTR_LEVEL_HIGH:
		return SSF_HIGH;
	case IPSEC_API_ATTR_LEVEL_MEDIUM:
		return SSF_MEDIUM;
	default:
		return 0;
	}
}

uint32_t btns_sa_ssf(int socket)
{
	ipsec_pToken_t p = NULL;
	uint16_t level = 0;
	void *val = &level;
	uint32_t len = sizeof(level), ssf = 0;

	if (socket < 0 || ipsec_get_socket_pToken(socket, &p) != 0) {
		return 0;
	}
	if (ipsec_get_token_attr(p, IPSEC_API_ATTR_privacyProtection, &len, &val) == 0 &&
	    len == sizeof(level)) {
		ssf = btns_ssf_of_privacy(level);
	}
	ipsec_free_pToken(p);
	return ssf;
}
