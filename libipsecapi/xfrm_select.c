/* SPDX-License-Identifier: BSD-2-Clause */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "xfrm_select.h"

/* The first prefixlen bits of a and b agree (addr4_match, addr_match). */
static bool prefix_match(uint16_t family, const xfrm_address_t *a, const xfrm_address_t *b,
			 uint8_t prefixlen)
{
	unsigned bits = family == AF_INET ? 32 : 128;
	const uint8_t *x = (const uint8_t *)a, *y = (const uint8_t *)b;
	unsigned whole, rest;

	if (prefixlen > bits) {
		return false;
	}
	whole = prefixlen / 8u;
	rest = prefixlen % 8u;
	if (memcmp(x, y, whole) != 0) {
		return false;
	}
	return rest == 0 || ((x[whole] ^ y[whole]) & (0xffu << (8 - rest)) & 0xffu) == 0;
}

bool ipsecapi_selector_covers(const struct xfrm_selector *sel, const struct ipsecapi_flow *flow,
			      uint8_t dir)
{
	bool out = dir == XFRM_POLICY_OUT;
	const xfrm_address_t *src = out ? &flow->local : &flow->remote;
	const xfrm_address_t *dst = out ? &flow->remote : &flow->local;
	uint16_t sport = htons(out ? flow->local_port : flow->remote_port);
	uint16_t dport = htons(out ? flow->remote_port : flow->local_port);

	return sel->family == flow->family &&
	       prefix_match(flow->family, &sel->saddr, src, sel->prefixlen_s) &&
	       prefix_match(flow->family, &sel->daddr, dst, sel->prefixlen_d) &&
	       ((sport ^ sel->sport) & sel->sport_mask) == 0 &&
	       ((dport ^ sel->dport) & sel->dport_mask) == 0 &&
	       (sel->proto == 0 || sel->proto == flow->proto) &&
	       sel->ifindex == 0; /* an interface-bound selector needs the route; see the man page */
}

static bool mark_matches(const struct xfrm_mark *m, uint32_t mark)
{
	return (mark & m->m) == m->v;
}

void ipsecapi_policy_offer(struct ipsecapi_policy_choice *choice,
			   const struct ipsecapi_xfrm_policy *pol, const struct ipsecapi_flow *flow,
			   uint8_t dir)
{
	if (pol->info.dir != dir || pol->type != XFRM_POLICY_TYPE_MAIN || pol->if_id != 0 ||
	    !mark_matches(&pol->mark, flow->mark) ||
	    !ipsecapi_selector_covers(&pol->info.sel, flow, dir)) {
		return;
	}
	if (choice->found && choice->policy.info.priority <= pol->info.priority) {
		return;
	}
	choice->found = true;
	choice->policy = *pol;
}

void ipsecapi_template_endpoints(const struct xfrm_user_tmpl *t, const struct ipsecapi_flow *flow,
				 uint8_t dir, xfrm_address_t *src, xfrm_address_t *dst)
{
	bool out = dir == XFRM_POLICY_OUT;

	if (t->mode == XFRM_MODE_TUNNEL || t->mode == XFRM_MODE_BEET) {
		*src = t->saddr;
		*dst = t->id.daddr;
	} else {
		*src = out ? flow->local : flow->remote;
		*dst = out ? flow->remote : flow->local;
	}
}

bool ipsecapi_sa_is_larval(const struct ipsecapi_xfrm_sa *sa)
{
	return sa->info.id.spi == 0 ||
	       (!sa->aead.present && !sa->crypt.present && !sa->auth.present && !sa->comp.present);
}

bool ipsecapi_sa_fits(const struct ipsecapi_xfrm_sa *sa, const struct xfrm_user_tmpl *t,
		      const struct ipsecapi_flow *flow, uint8_t dir)
{
	xfrm_address_t src, dst;
	uint16_t family = t->family != 0 ? t->family : flow->family;
	size_t alen = family == AF_INET ? 4 : 16;

	ipsecapi_template_endpoints(t, flow, dir, &src, &dst);
	if (sa->info.family != family || sa->info.id.proto != t->id.proto ||
	    sa->info.mode != t->mode || (t->id.spi != 0 && t->id.spi != sa->info.id.spi) ||
	    memcmp(&sa->info.id.daddr, &dst, alen) != 0 || memcmp(&sa->info.saddr, &src, alen) != 0 ||
	    (sa->info.flags & XFRM_STATE_WILDRECV) != 0 || sa->if_id != 0 ||
	    !mark_matches(&sa->mark, flow->mark)) {
		return false;
	}
	/* Outbound the reqid must be equal (xfrm_state_find); inbound a
	 * template's reqid 0 takes any SA (xfrm_state_ok). */
	if (dir == XFRM_POLICY_OUT ? sa->info.reqid != t->reqid
				   : (t->reqid != 0 && sa->info.reqid != t->reqid)) {
		return false;
	}
	/* An SA bound to a selector serves only the traffic it covers. */
	return sa->info.sel.family == AF_UNSPEC || ipsecapi_selector_covers(&sa->info.sel, flow, dir);
}

bool ipsecapi_sa_newer(const struct ipsecapi_xfrm_sa *a, const struct ipsecapi_xfrm_sa *b)
{
	return a->info.curlft.add_time > b->info.curlft.add_time;
}
