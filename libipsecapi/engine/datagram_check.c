/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Whether the kernel will enforce a demand on a socket's traffic: the SAs
 * that may carry it against the levels demanded, and a datagram's demand
 * against the socket's own policy.  The SPD is never trusted for a
 * datagram: which of its policies applies to one datagram depends on
 * what the library cannot see.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>

#include "core.h"
#include "datagram_check.h"
#include "query.h"

static const char *level_name(enum ipsecapi_strength s)
{
	return ipsec_constant_name(ipsecapi_strength_value(s));
}

/* A demanded strength in words: "any" for none, "at least LEVEL_LOW". */
static void demand_words(enum ipsecapi_strength s, char *out, size_t size)
{
	if (s == IPSECAPI_NONE) {
		snprintf(out, size, "any");
	} else {
		snprintf(out, size, "at least %s", level_name(s));
	}
}

/* The SAs of one direction, if there are any yet, against the demanded
 * levels: every SA that may carry it must meet them. */
static int meets(const struct ipsecapi_sa_choice *c, enum ipsecapi_strength min_privacy,
		 enum ipsecapi_strength min_integrity, const char *what, const char *fn)
{
	char privacy[32], integrity[32];

	if (!c->complete) {
		return 0;
	}
	if (c->conflict) {
		return ipsecapi_fail(EPROTO, fn,
				     "SAs of different parameters%s may carry %s, and the kernel "
				     "would use any of them",
				     c->dir == XFRM_POLICY_IN ? ", or from another sender," : "", what);
	}
	if (c->privacy >= min_privacy && c->integrity >= min_integrity) {
		return 0;
	}
	demand_words(min_privacy, privacy, sizeof(privacy));
	demand_words(min_integrity, integrity, sizeof(integrity));
	return ipsecapi_fail(EPROTO, fn,
			     "the SA in place for %s gives privacy %s and integrity %s, less than "
			     "the privacy %s and integrity %s demanded, and the kernel would use it",
			     what, level_name(c->privacy), level_name(c->integrity), privacy,
			     integrity);
}

int ipsecapi_socket_sas_meet(const struct ipsecapi_flow *flow,
			     const struct ipsecapi_socket_policy *sp, const char *fn)
{
	struct ipsecapi_query *q = ipsecapi_query_new(flow, -1, NULL, fn);
	int rc = -1;

	if (q == NULL) {
		return -1;
	}
	if (ipsecapi_sa_choice_find(q->view, &sp->out, flow, XFRM_POLICY_OUT, false, false,
				    &q->out.sas, fn) == 0 &&
	    ipsecapi_sa_choice_find(q->view, &sp->in, flow, XFRM_POLICY_IN, false, false, &q->in.sas,
				    fn) == 0 &&
	    meets(&q->out.sas, sp->min_privacy, sp->min_integrity, "outbound traffic", fn) == 0 &&
	    meets(&q->in.sas, sp->min_privacy, sp->min_integrity, "inbound traffic", fn) == 0) {
		rc = 0;
	}
	ipsecapi_query_free(q);
	return rc;
}

/* Whether a policy makes the kernel protect what it covers: it lets the
 * traffic through and requires an ESP or AH SA. */
static bool requires_protection(const struct ipsecapi_xfrm_policy *pol)
{
	uint32_t i;

	if (pol->info.action != XFRM_POLICY_ALLOW) {
		return false;
	}
	for (i = 0; i < pol->ntmpl; i++) {
		if (!pol->tmpl[i].optional &&
		    (pol->tmpl[i].id.proto == IPPROTO_ESP || pol->tmpl[i].id.proto == IPPROTO_AH)) {
			return true;
		}
	}
	return false;
}

/* Whether the template that protects names the demanded reqid. */
static bool names_reqid(const struct ipsecapi_xfrm_policy *pol, uint32_t reqid)
{
	uint32_t i;

	for (i = 0; i < pol->ntmpl; i++) {
		if (!pol->tmpl[i].optional && pol->tmpl[i].reqid != reqid) {
			return false;
		}
	}
	return true;
}

int ipsecapi_datagram_enforced(const struct ipsecapi_flow *flow, bool source_known,
			       const struct ipsecapi_datagram_demand *want, const char *fn)
{
	struct ipsecapi_query *q = ipsecapi_query_new(flow, -1, NULL, fn);
	const struct ipsecapi_xfrm_policy *own;
	char to[64];
	int rc = -1;

	if (q == NULL) {
		return -1;
	}
	ipsecapi_flow_endpoint(flow->family, &flow->remote, flow->remote_port, to, sizeof(to));
	if (ipsecapi_query_read_policies(q) != 0) {
		goto out;
	}
	/* Only the socket's own policy binds the kernel for this very
	 * datagram, whatever the SPD holds and whatever source and route the
	 * kernel picks for it. */
	own = ipsecapi_query_own_found(q, XFRM_POLICY_OUT)
		      ? ipsecapi_census_kept(&q->census, flow->cookie, XFRM_POLICY_OUT)
		      : NULL;
	if (own == NULL || !requires_protection(own)) {
		ipsecapi_fail(EPROTO, fn,
			      "a datagram to %s could leave unprotected: the socket's own policy "
			      "does not require IPsec for %s traffic, and nothing else makes the "
			      "kernel enforce it for this datagram; set a pToken that demands it "
			      "on the socket first (ipsec_set_socket_pToken)",
			      to, flow->family == AF_INET ? "IPv4" : "IPv6");
		goto out;
	}
	if (want->reqid != 0 && !names_reqid(own, want->reqid)) {
		ipsecapi_fail(EPROTO, fn,
			      "the socket's policy names another reqid than the %u demanded for a "
			      "datagram to %s",
			      (unsigned)want->reqid, to);
		goto out;
	}
	if (ipsecapi_sa_choice_find(q->view, own, flow, XFRM_POLICY_OUT, !source_known, false,
				    &q->out.sas, fn) == 0 &&
	    meets(&q->out.sas, want->min_privacy, want->min_integrity, "the datagram", fn) == 0) {
		rc = 0;
	}
out:
	ipsecapi_query_free(q);
	return rc;
}
