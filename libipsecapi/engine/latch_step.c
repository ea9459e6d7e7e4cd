/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The one step of a query that writes (query.h): latching a connection
 * protected beyond doubt, which RFC 5660 does on the first query.
 */
#include "query.h"

/* Latches a protected connection (RFC 5660): the policies that govern it,
 * certainly, pinned to the socket with the digest of its SAs' parameters,
 * so that later changes to the SPD pass it by and changes to its SAs
 * show. */
static int pin_policies(struct ipsecapi_query *q, const struct ipsecapi_latch_record *now)
{
	struct ipsecapi_xfrm_policy out, in;
	struct ipsecapi_owner owner;

	ipsecapi_owner_of_flow(&q->flow, &owner);
	ipsecapi_socket_policy_pin(&q->out.policy, XFRM_POLICY_OUT, q->flow.family, &owner, now,
				   &out);
	ipsecapi_socket_policy_pin(&q->in.policy, XFRM_POLICY_IN, q->flow.family, &owner, now, &in);
	/* The walk that found the governing policies found the socket's own
	 * ones too: nothing to look up again. */
	return ipsecapi_socket_install(q->fd, &q->flow, &out, &in, &q->census, false, q->fn);
}

int ipsecapi_query_latch(struct ipsecapi_query *q)
{
	if (!q->latch_due) {
		return 0;
	}
	if (pin_policies(q, &q->latch_now) != 0) {
		return -1;
	}
	q->latch_due = false;
	q->latch_state = IPSEC_API_LATCH_ESTABLISHED;
	return 0;
}
