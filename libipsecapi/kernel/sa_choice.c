/* SPDX-License-Identifier: BSD-2-Clause */
/* The SAs of one direction of a flow (sa_choice.h). */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core.h"
#include "sa_choice.h"
#include "xfrm_select.h"

struct sa_pick {
	const struct xfrm_user_tmpl *tmpl;
	const struct xfrm_mark *mark;
	const struct ipsecapi_flow *flow;
	uint8_t dir;
	bool any_source, keep_keys;
	struct ipsecapi_xfrm_sa *taken;
	uint8_t *taken_qop;
	bool found, taken_from_peer, conflict;
	enum ipsecapi_strength privacy, integrity; /* the weakest of those that fit */
	int err;
};

/* An inbound transport SA from the peer itself (the kernel accepts others
 * too, which is a conflict). */
static bool from_peer(const struct sa_pick *p, const struct ipsecapi_xfrm_sa *sa)
{
	size_t alen = sa->info.family == AF_INET ? 4 : 16;

	return p->dir == XFRM_POLICY_OUT || p->tmpl->mode != XFRM_MODE_TRANSPORT ||
	       memcmp(&sa->info.saddr, &p->flow->remote, alen) == 0;
}

/* Whether sa replaces the one taken: the newest, inbound the peer's first. */
static bool takes_over(const struct sa_pick *p, const struct ipsecapi_xfrm_sa *sa, bool peers)
{
	if (!p->found) {
		return true;
	}
	if (peers != p->taken_from_peer) {
		return peers;
	}
	return ipsecapi_sa_newer(sa, p->taken);
}

static int take_sa(struct sa_pick *p, const struct ipsecapi_xfrm_sa *sa, const uint8_t *qop)
{
	uint8_t *keys = NULL;

	if (p->keep_keys && sa->keys.len != 0) {
		keys = malloc(sa->keys.len);
		if (keys == NULL) {
			p->err = ENOMEM;
			return 1;
		}
		memcpy(keys, sa->keys.bytes, sa->keys.len);
	}
	ipsecapi_xfrm_sa_clear(p->taken);
	*p->taken = *sa;
	p->taken->keys.bytes = keys;
	p->taken->keys.len = keys != NULL ? sa->keys.len : 0;
	memcpy(p->taken_qop, qop, IPSECAPI_QOP_LEN);
	return 0;
}

static int pick_sa(const struct ipsecapi_xfrm_sa *sa, void *data)
{
	struct sa_pick *p = data;
	uint8_t qop[IPSECAPI_QOP_LEN];
	enum ipsecapi_strength privacy, integrity;
	bool peers;

	if (ipsecapi_sa_is_larval(sa) ||
	    !ipsecapi_sa_fits(sa, p->tmpl, p->mark, p->flow, p->dir, p->any_source)) {
		return 0;
	}
	if (ipsecapi_sa_qop(sa, qop) != 0) {
		p->err = ENOMEM;
		return 1;
	}
	privacy = ipsecapi_sa_privacy(sa);
	integrity = ipsecapi_sa_integrity(sa);
	peers = from_peer(p, sa);
	if (p->found) {
		p->conflict |= memcmp(qop, p->taken_qop, IPSECAPI_QOP_LEN) != 0 ||
			       peers != p->taken_from_peer;
		p->privacy = privacy < p->privacy ? privacy : p->privacy;
		p->integrity = integrity < p->integrity ? integrity : p->integrity;
	} else {
		p->privacy = privacy;
		p->integrity = integrity;
	}
	if (!takes_over(p, sa, peers)) {
		return 0;
	}
	if (take_sa(p, sa, qop) != 0) {
		return 1;
	}
	p->found = true;
	p->taken_from_peer = peers;
	return 0;
}

/* The SAs the kernel may use for template t: outbound those to the peer,
 * inbound every one addressed to us (transport mode checks no sender). */
static int walk_template(struct ipsecapi_kernel_view *view, const struct xfrm_user_tmpl *t,
			 struct sa_pick *p, const char *fn)
{
	xfrm_address_t src, dst;
	bool any = p->dir == XFRM_POLICY_OUT ? p->any_source : t->mode == XFRM_MODE_TRANSPORT;

	ipsecapi_template_endpoints(t, p->flow, p->dir, &src, &dst);
	return ipsecapi_view_sas(view, t->family != 0 ? t->family : p->flow->family,
				 any ? NULL : &src, &dst, t->id.proto, p->keep_keys, pick_sa, p, fn);
}

static void count(struct ipsecapi_sa_choice *c, const struct sa_pick *p)
{
	const struct ipsecapi_xfrm_sa *sa = &c->sa[c->nsa];

	/* ESP over IPComp: the direction gives what its strongest
	 * transform's weakest SAs give. */
	c->privacy = p->privacy > c->privacy ? p->privacy : c->privacy;
	c->integrity = p->integrity > c->integrity ? p->integrity : c->integrity;
	c->compressed |= sa->info.id.proto == IPPROTO_COMP;
	c->ah |= sa->info.id.proto == IPPROTO_AH;
	c->tunnel |= sa->info.mode == XFRM_MODE_TUNNEL;
	c->conflict |= p->conflict;
	c->nsa++;
}

int ipsecapi_sa_choice_find(struct ipsecapi_kernel_view *view, const struct ipsecapi_xfrm_policy *pol,
			    const struct ipsecapi_flow *flow, uint8_t dir, bool any_source,
			    bool keep_keys, struct ipsecapi_sa_choice *c, const char *fn)
{
	uint32_t i;

	memset(c, 0, sizeof(*c));
	c->dir = dir;
	c->complete = pol->info.action == XFRM_POLICY_ALLOW && pol->ntmpl > 0;
	for (i = 0; c->complete && i < pol->ntmpl; i++) {
		const struct xfrm_user_tmpl *t = &pol->tmpl[i];
		struct sa_pick p;

		if (t->optional) {
			continue;
		}
		memset(&p, 0, sizeof(p));
		p.tmpl = t;
		p.mark = &pol->mark;
		p.flow = flow;
		p.dir = dir;
		p.any_source = any_source;
		p.keep_keys = keep_keys;
		p.taken = &c->sa[c->nsa];
		p.taken_qop = c->qop[c->nsa];
		if (walk_template(view, t, &p, fn) < 0) {
			ipsecapi_sa_choice_clear(c);
			return -1;
		}
		if (p.err != 0) {
			ipsecapi_sa_choice_clear(c);
			return ipsecapi_fail(p.err, fn, "no memory for the SAs of a connection");
		}
		if (!p.found) {
			c->complete = false;
			break;
		}
		count(c, &p);
	}
	if (!c->complete || c->conflict) {
		c->privacy = c->integrity = IPSECAPI_NONE;
	}
	if (!c->complete) {
		c->compressed = c->tunnel = c->ah = false;
	}
	return 0;
}

void ipsecapi_sa_choice_clear(struct ipsecapi_sa_choice *c)
{
	size_t i;

	for (i = 0; i < IPSECAPI_XFRM_MAX_DEPTH; i++) {
		ipsecapi_xfrm_sa_clear(&c->sa[i]);
	}
}
