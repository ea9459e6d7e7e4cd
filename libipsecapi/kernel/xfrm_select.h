/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel's choices, made again in user space: which policy governs a
 * flow (xfrm_policy_lookup) and which SAs may carry its packets
 * (xfrm_state_find outbound; xfrm_input with xfrm_state_ok inbound).  The
 * kernel has no call that answers "what protects this socket", so the
 * library asks for the candidates and decides as the kernel would; where
 * the kernel's choice hinges on what user space cannot see, it says so
 * instead of guessing.
 */
#ifndef IPSECAPI_XFRM_SELECT_H
#define IPSECAPI_XFRM_SELECT_H

#include <stdbool.h>

#include "flow.h"
#include "xfrm_msg.h"

/* Whether sel covers the flow's packets in direction dir (XFRM_POLICY_OUT:
 * local to remote; XFRM_POLICY_IN: remote to local), its interface left
 * aside. */
bool ipsecapi_selector_covers(const struct xfrm_selector *sel, const struct ipsecapi_flow *flow,
			      uint8_t dir);

/* The SPD policy the kernel applies to a flow, picked from a walk over
 * every policy, in the dump's order (newest first). */
struct ipsecapi_policy_choice {
	bool found;
	struct ipsecapi_xfrm_policy policy;
	/* An equally ranked policy that demands something else also covers
	 * the flow: which one wins depends on the kernel's lists. */
	bool tie_differs;
	/* A policy that covers the flow only on what user space cannot see
	 * (an interface, an XFRM interface, a mark netfilter may set, a
	 * sub-policy) ranks as well or better: unseen says which. */
	const char *unseen;
	uint32_t unseen_priority;
};

void ipsecapi_policy_choice_start(struct ipsecapi_policy_choice *choice);

/* Offers pol: kept if it is an SPD policy of direction dir covering the
 * flow that beats the choice so far (a lower priority value; of equal ones
 * the older, as the kernel ranks them). */
void ipsecapi_policy_offer(struct ipsecapi_policy_choice *choice,
			   const struct ipsecapi_xfrm_policy *pol, const struct ipsecapi_flow *flow,
			   uint8_t dir);

/* NULL when the choice is the kernel's, else why it cannot be told. */
const char *ipsecapi_policy_doubt(const struct ipsecapi_policy_choice *choice);

/* Whether two policies demand the same of the kernel (action and
 * templates). */
bool ipsecapi_policy_same_demands(const struct ipsecapi_xfrm_policy *a,
				  const struct ipsecapi_xfrm_policy *b);

/* The end-points of the SAs that template t asks for, in direction dir:
 * the flow's addresses in transport mode, the template's in tunnel mode. */
void ipsecapi_template_endpoints(const struct xfrm_user_tmpl *t, const struct ipsecapi_flow *flow,
				 uint8_t dir, xfrm_address_t *src, xfrm_address_t *dst);

/* Whether the kernel may use sa for template t of a policy with mark
 * policy_mark, for the flow in direction dir.  Outbound as xfrm_state_find
 * picks: the flow's end-points, reqid equal; with any_source, from any
 * local address (a datagram whose source is the kernel's to choose).
 * Inbound as the kernel accepts a packet: addressed to the flow's local
 * end, reqid equal unless the template's is 0, and in transport mode from
 * any source (the kernel checks none), as long as the SA's selector covers
 * the flow. */
bool ipsecapi_sa_fits(const struct ipsecapi_xfrm_sa *sa, const struct xfrm_user_tmpl *t,
		      const struct xfrm_mark *policy_mark, const struct ipsecapi_flow *flow,
		      uint8_t dir, bool any_source);

/* A larval SA (an ACQUIRE's or ALLOCSPI's) carries no traffic yet. */
bool ipsecapi_sa_is_larval(const struct ipsecapi_xfrm_sa *sa);

/* Whether a should be preferred to b, as the kernel prefers the newest. */
bool ipsecapi_sa_newer(const struct ipsecapi_xfrm_sa *a, const struct ipsecapi_xfrm_sa *b);

#endif
