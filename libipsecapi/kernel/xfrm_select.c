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

	return prefix_match(flow->family, &sel->saddr, src, sel->prefixlen_s) &&
	       prefix_match(flow->family, &sel->daddr, dst, sel->prefixlen_d) &&
	       ((sport ^ sel->sport) & sel->sport_mask) == 0 &&
	       ((dport ^ sel->dport) & sel->dport_mask) == 0 &&
	       (sel->proto == 0 || sel->proto == flow->proto);
}

static bool mark_matches(const struct xfrm_mark *m, uint32_t mark)
{
	return (mark & m->m) == m->v;
}

void ipsecapi_policy_choice_start(struct ipsecapi_policy_choice *choice)
{
	memset(choice, 0, sizeof(*choice));
}

/* What a covering policy's match hinges on that user space cannot see, and
 * how it ranks against the rest: NULL for a policy that plainly applies. */
static const char *unseen_condition(const struct ipsecapi_xfrm_policy *pol, uint32_t *rank)
{
	*rank = pol->info.priority;
	if (pol->type != XFRM_POLICY_TYPE_MAIN) {
		*rank = 0; /* the kernel looks sub-policies up first */
		return "a sub-policy covers it";
	}
	if (pol->if_id != 0) {
		*rank = 0; /* a second lookup, if a route leads to its XFRM interface */
		return "a policy of an XFRM interface covers it";
	}
	if (pol->info.sel.ifindex != 0) {
		return "a policy bound to an interface covers it, and the route decides";
	}
	if (pol->mark.m != 0) {
		return "a policy that matches a packet mark covers it, and netfilter may mark";
	}
	return NULL;
}

void ipsecapi_policy_offer(struct ipsecapi_policy_choice *choice,
			   const struct ipsecapi_xfrm_policy *pol, const struct ipsecapi_flow *flow,
			   uint8_t dir)
{
	const char *unseen;
	uint32_t rank;

	if (pol->info.dir != dir || pol->info.sel.family != flow->family ||
	    (pol->mark.m == 0 && pol->mark.v != 0) ||
	    !ipsecapi_selector_covers(&pol->info.sel, flow, dir)) {
		return;
	}
	unseen = unseen_condition(pol, &rank);
	if (unseen != NULL) {
		if (choice->unseen == NULL || rank < choice->unseen_priority) {
			choice->unseen = unseen;
			choice->unseen_priority = rank;
		}
		return;
	}
	if (choice->found && choice->policy.info.priority < pol->info.priority) {
		return;
	}
	/* The dump lists the newest first; of equal priorities the kernel
	 * takes the older, except where its hash chains reorder them after an
	 * update: only a tie that changes nothing is certain. */
	if (choice->found && choice->policy.info.priority == pol->info.priority) {
		choice->tie_differs |= !ipsecapi_policy_same_demands(&choice->policy, pol);
	} else {
		choice->tie_differs = false;
	}
	choice->found = true;
	choice->policy = *pol;
}

const char *ipsecapi_policy_doubt(const struct ipsecapi_policy_choice *choice)
{
	if (choice->unseen != NULL &&
	    (!choice->found || choice->unseen_priority <= choice->policy.info.priority)) {
		return choice->unseen;
	}
	if (choice->tie_differs) {
		return "policies of equal priority that demand different things cover it, and "
		       "which one the kernel applies cannot be told";
	}
	return NULL;
}

bool ipsecapi_policy_same_demands(const struct ipsecapi_xfrm_policy *a,
				  const struct ipsecapi_xfrm_policy *b)
{
	uint32_t i;

	if (a->info.action != b->info.action || a->ntmpl != b->ntmpl ||
	    a->info.sel.family != b->info.sel.family) {
		return false;
	}
	for (i = 0; i < a->ntmpl; i++) {
		const struct xfrm_user_tmpl *x = &a->tmpl[i], *y = &b->tmpl[i];

		if (x->id.proto != y->id.proto || x->id.spi != y->id.spi || x->reqid != y->reqid ||
		    x->mode != y->mode || x->optional != y->optional || x->family != y->family ||
		    memcmp(&x->id.daddr, &y->id.daddr, sizeof(x->id.daddr)) != 0 ||
		    memcmp(&x->saddr, &y->saddr, sizeof(x->saddr)) != 0) {
			return false;
		}
	}
	return true;
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
		      const struct xfrm_mark *policy_mark, const struct ipsecapi_flow *flow,
		      uint8_t dir, bool any_source)
{
	xfrm_address_t src, dst;
	uint16_t family = t->family != 0 ? t->family : flow->family;
	size_t alen = family == AF_INET ? 4 : 16;
	bool out = dir == XFRM_POLICY_OUT;
	bool tunnel = t->mode != XFRM_MODE_TRANSPORT;

	ipsecapi_template_endpoints(t, flow, dir, &src, &dst);
	if (sa->info.family != family || sa->info.id.proto != t->id.proto ||
	    sa->info.mode != t->mode || (t->id.spi != 0 && t->id.spi != sa->info.id.spi) ||
	    memcmp(&sa->info.id.daddr, &dst, alen) != 0) {
		return false;
	}
	if (out) {
		/* xfrm_state_find: the reqid, the source, the policy's mark
		 * and no XFRM interface. */
		if (sa->info.reqid != t->reqid || (sa->info.flags & XFRM_STATE_WILDRECV) != 0 ||
		    sa->if_id != 0 || !mark_matches(&sa->mark, policy_mark->v & policy_mark->m) ||
		    (!any_source && memcmp(&sa->info.saddr, &src, alen) != 0)) {
			return false;
		}
	} else if ((t->reqid != 0 && sa->info.reqid != t->reqid) ||
		   (tunnel && memcmp(&sa->info.saddr, &src, alen) != 0)) {
		/* xfrm_state_ok: a template's reqid 0 takes any SA, and only
		 * a tunnel's addresses are compared; the SA was found by its
		 * destination and SPI alone. */
		return false;
	}
	/* An SA bound to a selector serves, and is accepted for, only the
	 * traffic it covers. */
	return sa->info.sel.family == AF_UNSPEC || ipsecapi_selector_covers(&sa->info.sel, flow, dir);
}

bool ipsecapi_sa_newer(const struct ipsecapi_xfrm_sa *a, const struct ipsecapi_xfrm_sa *b)
{
	return a->info.curlft.add_time > b->info.curlft.add_time;
}
