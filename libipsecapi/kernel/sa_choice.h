/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The SAs that may carry one direction of a flow under the policy that
 * governs it, and the protection the weakest of them gives.  The kernel
 * picks one SA per template outbound (the newest that is not dying, which
 * user space cannot tell) and accepts a packet inbound under any SA that
 * passes its checks; so every such SA counts, and SAs that disagree
 * (other parameters, or inbound another sender) give no protection at all.
 */
#ifndef IPSECAPI_SA_CHOICE_H
#define IPSECAPI_SA_CHOICE_H

#include <stdbool.h>
#include <stddef.h>

#include "alg_strength.h"
#include "flow.h"
#include "kernel_view.h"
#include "latch.h"
#include "xfrm_msg.h"

struct ipsecapi_sa_choice {
	uint8_t dir; /* XFRM_POLICY_OUT or _IN */
	/* Per required template, the SA taken as the connection's (the
	 * newest; inbound, the newest from the peer), for its channel
	 * binding and its latch, and its parameters' digest. */
	size_t nsa;
	struct ipsecapi_xfrm_sa sa[IPSECAPI_XFRM_MAX_DEPTH];
	uint8_t qop[IPSECAPI_XFRM_MAX_DEPTH][IPSECAPI_QOP_LEN];
	bool complete; /* every required template has a live SA */
	bool conflict; /* SAs of other parameters, or another sender's, fit too */
	/* What the weakest SAs that may carry the traffic give: nothing
	 * unless complete and without conflict. */
	enum ipsecapi_strength privacy, integrity;
	bool compressed, tunnel, ah;
};

/* Finds the SAs for each required template of pol (an optional template
 * may carry traffic in clear, so it never counts).  With any_source,
 * outbound SAs from any local address count (a datagram whose source the
 * kernel picks); with keep_keys the SAs taken keep their keys.  0, or -1
 * with the error recorded for fn. */
int ipsecapi_sa_choice_find(struct ipsecapi_kernel_view *view, const struct ipsecapi_xfrm_policy *pol,
			    const struct ipsecapi_flow *flow, uint8_t dir, bool any_source,
			    bool keep_keys, struct ipsecapi_sa_choice *c, const char *fn);

/* Releases the keys of the SAs taken. */
void ipsecapi_sa_choice_clear(struct ipsecapi_sa_choice *c);

#endif
