/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The lookup of a query (query.h): the policy that governs each
 * direction of a flow and how sure that is (direction.h), the SAs that
 * may carry it, and the peer the key manager names.  Protection counts
 * only where the kernel's own enforcement is certain: where the kernel's
 * choice cannot be told, the answer is "not protected" with the reason.
 * Nothing here writes to the kernel.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"
#include "query.h"

static struct ipsecapi_direction *direction(struct ipsecapi_query *q, uint8_t dir)
{
	return dir == XFRM_POLICY_OUT ? &q->out : &q->in;
}

/* The key manager's word on the peer of the SAs found, asked once. */
const struct ipsecapi_km_peer *ipsecapi_query_peer(struct ipsecapi_query *q)
{
	if (!q->km_asked) {
		ipsecapi_km_of_host()->peer_of(q->out.sas.sa, q->out.sas.nsa, q->in.sas.sa,
					       q->in.sas.nsa, &q->km, q->fn);
		q->km_asked = true;
	}
	return &q->km;
}

/* ipsecapi_query_peer(), for a latch bound to the peer: a key manager may install SAs
 * a moment before it owns them, so it is asked again after each of its
 * pauses before the SAs are taken as not its, which would break the
 * latch. */
const struct ipsecapi_km_peer *ipsecapi_query_peer_settled(struct ipsecapi_query *q)
{
	const long *pause_ms = ipsecapi_km_of_host()->settle_pauses_ms;

	for (; ipsecapi_query_peer(q)->status == 0 && *pause_ms != 0; pause_ms++) {
		struct timespec ts = { .tv_sec = 0, .tv_nsec = *pause_ms * 1000000L };

		nanosleep(&ts, NULL);
		q->km_asked = false;
	}
	return ipsecapi_query_peer(q);
}

bool ipsecapi_query_own_found(const struct ipsecapi_query *q, uint8_t dir)
{
	const struct ipsecapi_xfrm_policy *p = ipsecapi_census_kept(&q->census, q->flow.cookie, dir);

	/* The kernel applies a socket policy only to traffic of its family. */
	return p != NULL && p->info.sel.family == q->flow.family;
}

static int offer_policy(const struct ipsecapi_xfrm_policy *pol, void *data)
{
	struct ipsecapi_query *q = data;

	ipsecapi_policy_offer(&q->spd[XFRM_POLICY_OUT], pol, &q->flow, XFRM_POLICY_OUT);
	ipsecapi_policy_offer(&q->spd[XFRM_POLICY_IN], pol, &q->flow, XFRM_POLICY_IN);
	ipsecapi_census_offer(&q->census, pol);
	/* The socket's own policies override the SPD, and the kernel lists
	 * the newest first: once both are found, the rest does not matter. */
	return ipsecapi_query_own_found(q, XFRM_POLICY_OUT) &&
	       ipsecapi_query_own_found(q, XFRM_POLICY_IN);
}

static void take_policy(struct ipsecapi_direction *d, enum ipsecapi_policy_source source,
			const struct ipsecapi_xfrm_policy *pol)
{
	d->source = source;
	d->policy = *pol;
	d->policy.info.dir = d->dir;
}

/* Whether policies this library set on TCP sockets exist at all, one of
 * which a listener may have passed on. */
static bool listeners_may_have_passed(const struct ipsecapi_query *q)
{
	size_t i;

	if (q->flow.proto != IPPROTO_TCP) {
		return false;
	}
	for (i = 0; i < q->census.ngroups; i++) {
		uint8_t proto = q->census.groups[i].owner.proto;

		if (proto == IPPROTO_TCP || proto == 0) {
			return true;
		}
	}
	return false;
}

/* A connection without policies of its own may hold its listener's. */
static int take_inherited(struct ipsecapi_query *q)
{
	struct ipsecapi_xfrm_policy out, in;
	int rc;

	if (!listeners_may_have_passed(q)) {
		return 0;
	}
	rc = ipsecapi_inherited_policies(q->view, &q->flow, &out, &in, q->fn);
	if (rc <= 0) {
		return rc;
	}
	if (out.info.sel.family == q->flow.family) {
		take_policy(&q->out, IPSECAPI_FROM_LISTENER, &out);
	}
	if (in.info.sel.family == q->flow.family) {
		take_policy(&q->in, IPSECAPI_FROM_LISTENER, &in);
	}
	return 0;
}

/* The SPD's policy for a direction no socket policy governs, unless the
 * kernel's choice cannot be told or the route skips the SPD. */
static int take_spd(struct ipsecapi_query *q, struct ipsecapi_direction *d)
{
	const struct ipsecapi_policy_choice *c = &q->spd[d->dir];
	bool out = d->dir == XFRM_POLICY_OUT;

	d->doubt = ipsecapi_policy_doubt(c);
	if (!c->found && d->doubt == NULL) {
		return 0;
	}
	if (!q->route_known) {
		if (ipsecapi_route_facts(&q->flow, &q->route, q->fn) != 0) {
			return -1;
		}
		q->route_known = true;
	}
	if (out ? !q->route.spd_out : !q->route.spd_in) {
		d->doubt = NULL; /* whatever the SPD says, the kernel does not ask it */
		d->source = IPSECAPI_ROUTE_SKIPS;
		return 0;
	}
	if (!out && q->route.in_unknown && d->doubt == NULL) {
		d->doubt = "an interface that skips inbound policy checks may take its packets";
	}
	if (d->doubt == NULL) {
		take_policy(d, IPSECAPI_FROM_SPD, &c->policy);
	}
	return 0;
}

int ipsecapi_query_read_policies(struct ipsecapi_query *q)
{
	ipsecapi_census_start(&q->census, q->flow.cookie, NULL, 0);
	ipsecapi_policy_choice_start(&q->spd[XFRM_POLICY_OUT]);
	ipsecapi_policy_choice_start(&q->spd[XFRM_POLICY_IN]);
	if (ipsecapi_view_policies(q->view, offer_policy, q, q->fn) < 0) {
		return -1;
	}
	return ipsecapi_census_finish(&q->census, q->fn);
}

/* The policy of each direction: the socket's own, else its listener's
 * copy, else the SPD's. */
static int find_policies(struct ipsecapi_query *q)
{
	uint8_t dir;

	if (ipsecapi_query_read_policies(q) != 0) {
		return -1;
	}
	for (dir = XFRM_POLICY_IN; dir <= XFRM_POLICY_OUT; dir++) {
		if (ipsecapi_query_own_found(q, dir)) {
			take_policy(direction(q, dir), IPSECAPI_FROM_SOCKET,
				    ipsecapi_census_kept(&q->census, q->flow.cookie, dir));
		}
	}
	if (q->out.source == IPSECAPI_NO_POLICY && q->in.source == IPSECAPI_NO_POLICY &&
	    take_inherited(q) != 0) {
		return -1;
	}
	for (dir = XFRM_POLICY_IN; dir <= XFRM_POLICY_OUT; dir++) {
		struct ipsecapi_direction *d = direction(q, dir);

		if (d->source == IPSECAPI_NO_POLICY && take_spd(q, d) != 0) {
			return -1;
		}
	}
	return 0;
}

static int find_sas(struct ipsecapi_query *q, struct ipsecapi_direction *d)
{
	if (d->source != IPSECAPI_FROM_SOCKET && d->source != IPSECAPI_FROM_LISTENER &&
	    d->source != IPSECAPI_FROM_SPD) {
		return 0;
	}
	return ipsecapi_sa_choice_find(q->view, &d->policy, &q->flow, d->dir, false, q->keep_keys,
				       &d->sas, q->fn);
}

int ipsecapi_query_lookup(struct ipsecapi_query *q)
{
	if (find_policies(q) != 0 || find_sas(q, &q->out) != 0 || find_sas(q, &q->in) != 0) {
		return -1;
	}
	return 0;
}

static enum ipsecapi_strength weaker(enum ipsecapi_strength a, enum ipsecapi_strength b)
{
	return a < b ? a : b;
}

bool ipsecapi_query_both_protected(const struct ipsecapi_query *q)
{
	return ipsecapi_direction_protected(&q->out) && ipsecapi_direction_protected(&q->in);
}

enum ipsecapi_strength ipsecapi_query_privacy(const struct ipsecapi_query *q)
{
	return ipsecapi_query_both_protected(q) ? weaker(q->out.sas.privacy, q->in.sas.privacy)
						: IPSECAPI_NONE;
}

enum ipsecapi_strength ipsecapi_query_integrity(const struct ipsecapi_query *q)
{
	return ipsecapi_query_both_protected(q)
		       ? weaker(q->out.sas.integrity, q->in.sas.integrity)
		       : IPSECAPI_NONE;
}

struct ipsecapi_query *ipsecapi_query_new(const struct ipsecapi_flow *flow, int fd,
					  struct ipsecapi_kernel_view *view, const char *fn)
{
	struct ipsecapi_query *q = calloc(1, sizeof(*q));

	if (q == NULL) {
		ipsecapi_fail(ENOMEM, fn, "no memory for a query");
		return NULL;
	}
	q->fn = fn;
	q->fd = fd;
	q->out.dir = XFRM_POLICY_OUT;
	q->in.dir = XFRM_POLICY_IN;
	q->flow = *flow;
	q->view = view;
	q->view_borrowed = view != NULL;
	if (view == NULL && ipsecapi_view_open_live(&q->view, fn) != 0) {
		free(q);
		return NULL;
	}
	return q;
}

void ipsecapi_query_free(struct ipsecapi_query *q)
{
	int err = errno;

	if (!q->view_borrowed) {
		ipsecapi_view_close(q->view);
	}
	ipsecapi_sa_choice_clear(&q->out.sas);
	ipsecapi_sa_choice_clear(&q->in.sas);
	ipsecapi_census_clear(&q->census);
	free(q);
	errno = err;
}
