/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel's choices, made again in user space: which policy governs a
 * flow (xfrm_policy_lookup) and which SAs serve its templates
 * (xfrm_state_find outbound, xfrm_state_ok inbound).  The kernel has no
 * call that answers "what protects this socket", so the library asks for
 * the candidates and decides as the kernel would.
 */
#ifndef IPSECAPI_XFRM_SELECT_H
#define IPSECAPI_XFRM_SELECT_H

#include <stdbool.h>

#include "flow.h"
#include "xfrm_msg.h"

/* Whether sel covers the flow's packets in direction dir (XFRM_POLICY_OUT:
 * local to remote; XFRM_POLICY_IN: remote to local). */
bool ipsecapi_selector_covers(const struct xfrm_selector *sel, const struct ipsecapi_flow *flow,
			      uint8_t dir);

/* The policy the kernel would apply, picked from a walk over candidates. */
struct ipsecapi_policy_choice {
	bool found;
	struct ipsecapi_xfrm_policy policy;
};

/* Offers pol: kept if it is an SPD policy of direction dir covering the
 * flow (mark included) and beats the choice so far (lower priority value;
 * on a tie the earlier one, as the kernel's insertion order decides). */
void ipsecapi_policy_offer(struct ipsecapi_policy_choice *choice,
			   const struct ipsecapi_xfrm_policy *pol, const struct ipsecapi_flow *flow,
			   uint8_t dir);

/* The end-points of the SAs that template t asks for, in direction dir:
 * the flow's addresses in transport mode, the template's in tunnel mode. */
void ipsecapi_template_endpoints(const struct xfrm_user_tmpl *t, const struct ipsecapi_flow *flow,
				 uint8_t dir, xfrm_address_t *src, xfrm_address_t *dst);

/* Whether sa can serve template t for the flow in direction dir. */
bool ipsecapi_sa_fits(const struct ipsecapi_xfrm_sa *sa, const struct xfrm_user_tmpl *t,
		      const struct ipsecapi_flow *flow, uint8_t dir);

/* A larval SA (an ACQUIRE's or ALLOCSPI's) carries no traffic yet. */
bool ipsecapi_sa_is_larval(const struct ipsecapi_xfrm_sa *sa);

/* Whether a should be preferred to b, as the kernel prefers the newest. */
bool ipsecapi_sa_newer(const struct ipsecapi_xfrm_sa *a, const struct ipsecapi_xfrm_sa *b);

#endif
