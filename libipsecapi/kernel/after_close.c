/* SPDX-License-Identifier: BSD-2-Clause */
/* A closed connection's guard in the SPD (after_close.h). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "after_close.h"
#include "xfrm_nl.h"

static bool requires(const struct ipsecapi_xfrm_policy *pol)
{
	uint32_t i;

	for (i = 0; pol->info.action == XFRM_POLICY_ALLOW && i < pol->ntmpl; i++) {
		if (!pol->tmpl[i].optional) {
			return true;
		}
	}
	return false;
}

static bool side_of(const struct ipsecapi_xfrm_policy *pol, struct ipsecapi_guard_side *side)
{
	if (pol->ntmpl > IPSECAPI_GUARD_TEMPLATES) {
		return false;
	}
	memset(side, 0, sizeof(*side));
	side->action = pol->info.action;
	side->ntmpl = (uint8_t)pol->ntmpl;
	memcpy(side->tmpl, pol->tmpl, pol->ntmpl * sizeof(pol->tmpl[0]));
	return true;
}

bool ipsecapi_guard_of(const struct ipsecapi_xfrm_policy *out,
		       const struct ipsecapi_xfrm_policy *in, struct ipsecapi_guard *g)
{
	return (requires(out) || requires(in)) && side_of(out, &g->out) && side_of(in, &g->in);
}

/* The flow's exact selector in direction dir, with what side demands. */
static void policy_of(const struct ipsecapi_flow *flow, const struct ipsecapi_guard_side *side,
		      uint8_t dir, struct ipsecapi_xfrm_policy *p)
{
	struct xfrm_selector *sel = &p->info.sel;
	bool out = dir == XFRM_POLICY_OUT;

	memset(p, 0, sizeof(*p));
	sel->family = flow->family;
	sel->proto = flow->proto;
	sel->saddr = out ? flow->local : flow->remote;
	sel->daddr = out ? flow->remote : flow->local;
	sel->prefixlen_s = sel->prefixlen_d = flow->family == AF_INET ? 32 : 128;
	sel->sport = htons(out ? flow->local_port : flow->remote_port);
	sel->dport = htons(out ? flow->remote_port : flow->local_port);
	sel->sport_mask = sel->dport_mask = 0xffff;
	p->info.dir = dir;
	p->info.action = side->action;
	p->info.priority = 0; /* before any other that covers the flow */
	p->info.lft.soft_byte_limit = p->info.lft.hard_byte_limit = XFRM_INF;
	p->info.lft.soft_packet_limit = p->info.lft.hard_packet_limit = XFRM_INF;
	p->info.lft.hard_add_expires_seconds = IPSECAPI_AFTER_CLOSE_SECONDS;
	p->type = XFRM_POLICY_TYPE_MAIN;
	p->ntmpl = side->ntmpl;
	memcpy(p->tmpl, side->tmpl, side->ntmpl * sizeof(side->tmpl[0]));
}

int ipsecapi_after_close_guard(const struct ipsecapi_flow *flow, const struct ipsecapi_guard *g,
			       const char *fn)
{
	struct ipsecapi_xfrm_policy out, in;
	struct ipsecapi_nl *nl = NULL;
	int rc = -1;

	policy_of(flow, &g->out, XFRM_POLICY_OUT, &out);
	policy_of(flow, &g->in, XFRM_POLICY_IN, &in);
	/* Inbound first: nothing may come in clear once something may go out
	 * protected. */
	if (ipsecapi_nl_open(&nl, fn) == 0 && ipsecapi_xfrm_policy_update(nl, &in, fn) == 0 &&
	    ipsecapi_xfrm_policy_update(nl, &out, fn) == 0) {
		rc = 0;
	}
	ipsecapi_nl_close(nl);
	return rc;
}
