/* SPDX-License-Identifier: BSD-2-Clause */
/* What a socket policy would loosen (override_check.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "core.h"
#include "kernel_view.h"
#include "override_check.h"
#include "xfrm_select.h"

struct check {
	const struct ipsecapi_flow *flow;
	bool connected;
	const struct ipsecapi_socket_policy *sp;
	char why[256];
	const char *fn;
};

static bool all_bits(uint32_t mask)
{
	return mask == ~0u;
}

/* Whether the policy's side of the socket (its source outbound, its
 * destination inbound) may be the socket's, whatever the remote end. */
static bool may_cover_socket(const struct xfrm_selector *sel, const struct ipsecapi_flow *flow,
			     uint8_t dir)
{
	struct ipsecapi_flow any = *flow;
	struct xfrm_selector local_side = *sel;
	bool out = dir == XFRM_POLICY_OUT;
	xfrm_address_t none;

	/* The remote side is left out of the match. */
	if (out) {
		local_side.prefixlen_d = 0;
		local_side.dport_mask = 0;
	} else {
		local_side.prefixlen_s = 0;
		local_side.sport_mask = 0;
	}
	memset(&none, 0, sizeof(none));
	if (memcmp(&flow->local, &none, sizeof(none)) == 0) {
		if (out) {
			local_side.prefixlen_s = 0;
		} else {
			local_side.prefixlen_d = 0;
		}
	}
	if (flow->local_port == 0) {
		if (out) {
			local_side.sport_mask = 0;
		} else {
			local_side.dport_mask = 0;
		}
	}
	return ipsecapi_selector_covers(&local_side, &any, dir);
}

/* Whether template t of an SPD policy is met by one of mine: the same
 * protocol, mode and reqid, required, with every algorithm it allows. */
static bool met_by(const struct xfrm_user_tmpl *t, const struct ipsecapi_xfrm_policy *mine)
{
	uint32_t i;

	if (!all_bits(t->aalgos) || !all_bits(t->ealgos) || !all_bits(t->calgos)) {
		return false; /* mine take every algorithm: fewer is more */
	}
	for (i = 0; i < mine->ntmpl; i++) {
		const struct xfrm_user_tmpl *m = &mine->tmpl[i];

		if (m->id.proto == t->id.proto && m->mode == t->mode && m->reqid == t->reqid &&
		    !m->optional) {
			return true;
		}
	}
	return false;
}

static int judge_policy(const struct ipsecapi_xfrm_policy *pol, void *data)
{
	struct check *c = data;
	const struct ipsecapi_xfrm_policy *mine;
	uint8_t dir = pol->info.dir;
	uint32_t i;

	if (dir > XFRM_POLICY_OUT || pol->info.sel.family != c->flow->family) {
		return 0; /* forwarding, a socket's own, or another family */
	}
	if (c->connected ? !ipsecapi_selector_covers(&pol->info.sel, c->flow, dir)
			 : !may_cover_socket(&pol->info.sel, c->flow, dir)) {
		return 0;
	}
	mine = dir == XFRM_POLICY_OUT ? &c->sp->out : &c->sp->in;
	if (pol->info.action != XFRM_POLICY_ALLOW) {
		snprintf(c->why, sizeof(c->why), "an %s SPD policy (priority %u) blocks the traffic",
			 dir == XFRM_POLICY_OUT ? "outbound" : "inbound", (unsigned)pol->info.priority);
		return 1;
	}
	for (i = 0; i < pol->ntmpl; i++) {
		const struct xfrm_user_tmpl *t = &pol->tmpl[i];

		if (!t->optional && !met_by(t, mine)) {
			snprintf(c->why, sizeof(c->why),
				 "an %s SPD policy (priority %u) requires %s in %s mode with reqid "
				 "%u%s, which this pToken does not",
				 dir == XFRM_POLICY_OUT ? "outbound" : "inbound",
				 (unsigned)pol->info.priority,
				 t->id.proto == IPPROTO_ESP  ? "ESP"
				 : t->id.proto == IPPROTO_AH ? "AH"
							     : "IPComp",
				 t->mode == XFRM_MODE_TRANSPORT ? "transport" : "tunnel",
				 (unsigned)t->reqid,
				 all_bits(t->aalgos) && all_bits(t->ealgos) && all_bits(t->calgos)
					 ? ""
					 : " and only some algorithms");
			return 1;
		}
	}
	return 0;
}

int ipsecapi_override_loosens_nothing(const struct ipsecapi_flow *flow, bool connected,
				      const struct ipsecapi_socket_policy *sp, const char *fn)
{
	struct ipsecapi_kernel_view *view;
	struct check c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.flow = flow;
	c.connected = connected;
	c.sp = sp;
	c.fn = fn;
	if (ipsecapi_view_open_live(&view, fn) != 0) {
		return -1;
	}
	rc = ipsecapi_view_policies(view, judge_policy, &c, fn);
	ipsecapi_view_close(view);
	if (rc < 0) {
		return -1;
	}
	if (rc > 0) {
		return ipsecapi_fail(EPERM, fn,
				     "through the IPsec API broker, a socket's policy may not loosen "
				     "the system's: %s",
				     c.why);
	}
	return 0;
}
