/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsec_get_socket_pToken() on the kernel: the socket's flow, the policy
 * that governs each direction, the SAs that may carry it, and the pToken
 * that says what they give.  Protection is reported only where the
 * kernel's own enforcement is certain (direction.h): where the kernel's
 * choice cannot be told, the answer is "not protected" with the reason,
 * and nothing is latched.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>

#include "ipsecapi.h"
#include "channel_binding.h"
#include "core.h"
#include "direction.h"
#include "kernel.h"
#include "km.h"
#include "peer_itoken.h"
#include "socket_query.h"
#include "socket_set.h"

struct query {
	struct ipsecapi_flow flow;
	struct ipsecapi_kernel_view *view;
	bool view_borrowed;
	struct ipsecapi_direction out, in;
	struct ipsecapi_policy_choice spd[2]; /* by XFRM_POLICY_IN and _OUT */
	struct ipsecapi_census census;        /* keeps the socket's own policies */
	struct ipsecapi_route_facts route;
	bool route_known;
	bool keep_keys;                       /* for the channel binding */
	int fd;                               /* the socket, to latch; -1 to change nothing */
	uint16_t latch_state;                 /* IPSEC_API_LATCH_*, or 0 for no latch */
	struct ipsecapi_km_peer km;           /* the key manager's word on the peer */
	bool km_asked;
	const char *fn;
};

static struct ipsecapi_direction *direction(struct query *q, uint8_t dir)
{
	return dir == XFRM_POLICY_OUT ? &q->out : &q->in;
}

/* The key manager's word on the peer of the SAs found, asked once. */
static const struct ipsecapi_km_peer *km_of(struct query *q)
{
	if (!q->km_asked) {
		ipsecapi_km_of_host()->peer_of(q->out.sas.sa, q->out.sas.nsa, q->in.sas.sa,
					       q->in.sas.nsa, &q->km, q->fn);
		q->km_asked = true;
	}
	return &q->km;
}

/* km_of(), for a latch bound to the peer: a key manager may install SAs
 * a moment before it owns them, so it is asked again after each of its
 * pauses before the SAs are taken as not its, which would break the
 * latch. */
static const struct ipsecapi_km_peer *km_settled(struct query *q)
{
	const long *pause_ms = ipsecapi_km_of_host()->settle_pauses_ms;

	for (; km_of(q)->status == 0 && *pause_ms != 0; pause_ms++) {
		struct timespec ts = { .tv_sec = 0, .tv_nsec = *pause_ms * 1000000L };

		nanosleep(&ts, NULL);
		q->km_asked = false;
	}
	return km_of(q);
}

static bool own_found(const struct query *q, uint8_t dir)
{
	const struct ipsecapi_xfrm_policy *p = ipsecapi_census_kept(&q->census, q->flow.cookie, dir);

	/* The kernel applies a socket policy only to traffic of its family. */
	return p != NULL && p->info.sel.family == q->flow.family;
}

static int offer_policy(const struct ipsecapi_xfrm_policy *pol, void *data)
{
	struct query *q = data;

	ipsecapi_policy_offer(&q->spd[XFRM_POLICY_OUT], pol, &q->flow, XFRM_POLICY_OUT);
	ipsecapi_policy_offer(&q->spd[XFRM_POLICY_IN], pol, &q->flow, XFRM_POLICY_IN);
	ipsecapi_census_offer(&q->census, pol);
	/* The socket's own policies override the SPD, and the kernel lists
	 * the newest first: once both are found, the rest does not matter. */
	return own_found(q, XFRM_POLICY_OUT) && own_found(q, XFRM_POLICY_IN);
}

static void take(struct ipsecapi_direction *d, enum ipsecapi_policy_source source,
		 const struct ipsecapi_xfrm_policy *pol)
{
	d->source = source;
	d->policy = *pol;
	d->policy.info.dir = d->dir;
}

/* Whether policies this library set on TCP sockets exist at all, one of
 * which a listener may have passed on. */
static bool listeners_may_have_passed(const struct query *q)
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
static int take_inherited(struct query *q)
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
		take(&q->out, IPSECAPI_FROM_LISTENER, &out);
	}
	if (in.info.sel.family == q->flow.family) {
		take(&q->in, IPSECAPI_FROM_LISTENER, &in);
	}
	return 0;
}

/* The SPD's policy for a direction no socket policy governs, unless the
 * kernel's choice cannot be told or the route skips the SPD. */
static int take_spd(struct query *q, struct ipsecapi_direction *d)
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
		take(d, IPSECAPI_FROM_SPD, &c->policy);
	}
	return 0;
}

/* One walk of the policies: the socket's own (kept in the census) and
 * the SPD's choices. */
static int read_policies(struct query *q)
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
static int find_policies(struct query *q)
{
	uint8_t dir;

	if (read_policies(q) != 0) {
		return -1;
	}
	for (dir = XFRM_POLICY_IN; dir <= XFRM_POLICY_OUT; dir++) {
		if (own_found(q, dir)) {
			take(direction(q, dir), IPSECAPI_FROM_SOCKET,
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

static int find_sas(struct query *q, struct ipsecapi_direction *d)
{
	if (d->source != IPSECAPI_FROM_SOCKET && d->source != IPSECAPI_FROM_LISTENER &&
	    d->source != IPSECAPI_FROM_SPD) {
		return 0;
	}
	return ipsecapi_sa_choice_find(q->view, &d->policy, &q->flow, d->dir, false, q->keep_keys,
				       &d->sas, q->fn);
}

static enum ipsecapi_strength weaker(enum ipsecapi_strength a, enum ipsecapi_strength b)
{
	return a < b ? a : b;
}

/* What the connection gets both ways: nothing unless both directions are
 * protected beyond doubt. */
static bool both_protected(const struct query *q)
{
	return ipsecapi_direction_protected(&q->out) && ipsecapi_direction_protected(&q->in);
}

static enum ipsecapi_strength privacy_of(const struct query *q)
{
	return both_protected(q) ? weaker(q->out.sas.privacy, q->in.sas.privacy) : IPSECAPI_NONE;
}

static enum ipsecapi_strength integrity_of(const struct query *q)
{
	return both_protected(q) ? weaker(q->out.sas.integrity, q->in.sas.integrity)
				 : IPSECAPI_NONE;
}

static int fill_u16(void *token, uint32_t attr, uint16_t v)
{
	return ipsecapi_token_fill(token, attr, sizeof(v), &v);
}

static int fill_str(void *token, uint32_t attr, const char *s)
{
	return ipsecapi_token_fill(token, attr, (uint32_t)strlen(s) + 1, s);
}

/* The peer as the kernel knows it: an address, and the unique channel
 * binding of the SA pair when both directions are protected. */
static int fill_peer(struct query *q, ipsec_pToken_t p, bool protected_both)
{
	ipsec_iToken_t peer = ipsec_create_iToken();
	const struct ipsecapi_xfrm_sa *out[IPSECAPI_XFRM_MAX_DEPTH], *in[IPSECAPI_XFRM_MAX_DEPTH];
	uint8_t value[IPSECAPI_CB_VALUE_LEN];
	char where[64];
	size_t i;
	int rc = -1;

	if (peer == NULL) {
		return -1;
	}
	ipsecapi_flow_endpoint(q->flow.family, &q->flow.remote, q->flow.remote_port, where,
			       sizeof(where));
	if (ipsecapi_peer_itoken_fill(protected_both ? km_of(q) : NULL, where, peer, q->fn) != 0) {
		goto out;
	}
	if (protected_both) {
		for (i = 0; i < q->out.sas.nsa; i++) {
			out[i] = &q->out.sas.sa[i];
		}
		for (i = 0; i < q->in.sas.nsa; i++) {
			in[i] = &q->in.sas.sa[i];
		}
		if (ipsecapi_cb_unique(out, q->out.sas.nsa, in, q->in.sas.nsa, value, q->fn) != 0 ||
		    ipsecapi_cb_fill(peer, IPSEC_API_CB_UNIQUE, IPSECAPI_CB_UNIQUE_PREFIX, value,
				     q->fn) != 0) {
			goto out;
		}
	}
	rc = ipsec_set_token_attr(p, IPSEC_API_ATTR_iToken, sizeof(peer), &peer);
out:
	explicit_bzero(value, sizeof(value));
	ipsec_free_iToken(peer);
	return rc;
}

/* The traffic the protection is about: the governing outbound SPD
 * policy's selector, the ports and protocol of a socket policy's, else
 * the flow itself. */
static int fill_selector(struct query *q, ipsec_pToken_t p)
{
	struct ipsecapi_selector sel;
	bool spd = q->out.source == IPSECAPI_FROM_SPD;

	memset(&sel, 0, sizeof(sel));
	if (spd || q->out.source == IPSECAPI_FROM_SOCKET || q->out.source == IPSECAPI_FROM_LISTENER) {
		const struct xfrm_selector *s = &q->out.policy.info.sel;

		sel.family = (uint8_t)s->family;
		sel.proto = s->proto;
		sel.src_prefixlen = s->prefixlen_s;
		sel.dst_prefixlen = s->prefixlen_d;
		sel.src_port = (uint16_t)(ntohs(s->sport) & ntohs(s->sport_mask));
		sel.dst_port = (uint16_t)(ntohs(s->dport) & ntohs(s->dport_mask));
		if (spd) { /* a socket policy's addresses hold its owner */
			memcpy(sel.src, &s->saddr, sizeof(sel.src));
			memcpy(sel.dst, &s->daddr, sizeof(sel.dst));
		}
	} else {
		sel.family = (uint8_t)q->flow.family;
		sel.proto = q->flow.proto;
		sel.src_prefixlen = sel.dst_prefixlen = q->flow.family == AF_INET ? 32 : 128;
		sel.src_port = q->flow.local_port;
		sel.dst_port = q->flow.remote_port;
		memcpy(sel.src, &q->flow.local, sizeof(sel.src));
		memcpy(sel.dst, &q->flow.remote, sizeof(sel.dst));
	}
	return ipsecapi_ptoken_set_selector(p, &sel);
}

static const char *proto_word(uint8_t proto)
{
	return proto == IPPROTO_TCP ? "tcp" : proto == IPPROTO_UDP ? "udp" : "sctp";
}

static int build_ptoken(struct query *q, ipsec_pToken_t p)
{
	enum ipsecapi_strength privacy = privacy_of(q), integrity = integrity_of(q);
	bool both = both_protected(q);
	const struct ipsecapi_route_facts *route = q->route_known ? &q->route : NULL;
	char audit[1400], info[160], local[64], remote[64];

	ipsecapi_flow_endpoint(q->flow.family, &q->flow.local, q->flow.local_port, local, sizeof(local));
	ipsecapi_flow_endpoint(q->flow.family, &q->flow.remote, q->flow.remote_port, remote,
			       sizeof(remote));
	snprintf(audit, sizeof(audit), "%s %s > %s; ", proto_word(q->flow.proto), local, remote);
	ipsecapi_describe_direction(audit, sizeof(audit), &q->out, route);
	ipsecapi_append(audit, sizeof(audit), "; ");
	ipsecapi_describe_direction(audit, sizeof(audit), &q->in, route);
	snprintf(info, sizeof(info), "%s", !both ? "Not protected by IPsec in both directions"
				 : privacy != IPSECAPI_NONE ? "Encrypted and authenticated by IPsec"
				 : integrity != IPSECAPI_NONE ? "Authenticated, not encrypted, by IPsec"
							      : "Carried by IPsec without protection");
	if (fill_u16(p, IPSEC_API_ATTR_privacyProtection, ipsecapi_strength_value(privacy)) != 0 ||
	    fill_u16(p, IPSEC_API_ATTR_integrityProtection, ipsecapi_strength_value(integrity)) != 0 ||
	    fill_u16(p, IPSEC_API_ATTR_compression, both && q->out.sas.compressed && q->in.sas.compressed
								? IPSEC_API_ATTR_ENABLE
								: IPSEC_API_ATTR_DISABLE) != 0 ||
	    fill_u16(p, IPSEC_API_ATTR_tunnelMode, both && q->out.sas.tunnel && q->in.sas.tunnel
							   ? IPSEC_API_ATTR_ENABLE
							   : IPSEC_API_ATTR_DISABLE) != 0 ||
	    fill_u16(p, IPSEC_API_ATTR_ipoptionsProtected,
		     both && (q->out.sas.tunnel || q->out.sas.ah) && (q->in.sas.tunnel || q->in.sas.ah)
			     ? IPSEC_API_ATTR_ENABLE
			     : IPSEC_API_ATTR_DISABLE) != 0 ||
	    fill_str(p, IPSEC_API_ATTR_auditString, audit) != 0 ||
	    fill_str(p, IPSEC_API_ATTR_informationString, info) != 0 || fill_selector(q, p) != 0 ||
	    (q->latch_state != 0 && fill_u16(p, IPSEC_API_ATTR_latchState, q->latch_state) != 0)) {
		return -1;
	}
	return fill_peer(q, p, both && privacy + integrity > IPSECAPI_NONE);
}

/* Latches a protected connection (RFC 5660): the policies that govern it,
 * certainly, pinned to the socket with the digest of its SAs' parameters,
 * so that later changes to the SPD pass it by and changes to its SAs
 * show. */
static int latch(struct query *q, const struct ipsecapi_latch_record *now)
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

/* The latch's state: ESTABLISHED while the SAs are congruent with what it
 * latched, BROKEN when one is missing or conflicts; a connection that is
 * protected beyond doubt and has no latch gets one. */
static int evaluate_latch(struct query *q)
{
	struct ipsecapi_latch_record held, now;
	bool conflict = q->out.sas.conflict || q->in.sas.conflict;
	uint8_t sa_qop[IPSECAPI_QOP_LEN];
	const char *identity = "";

	memset(&held, 0, sizeof(held));
	memset(&now, 0, sizeof(now));
	if (q->out.source == IPSECAPI_FROM_SOCKET) {
		ipsecapi_socket_policy_latch_of(&q->out.policy, &held);
	}
	now.privacy = (uint8_t)privacy_of(q);
	now.integrity = (uint8_t)integrity_of(q);
	now.latched = both_protected(q) && now.privacy + now.integrity > IPSECAPI_NONE;
	if (now.latched) {
		if (ipsecapi_connection_qop((const uint8_t(*)[IPSECAPI_QOP_LEN])q->out.sas.qop,
					    q->out.sas.nsa,
					    (const uint8_t(*)[IPSECAPI_QOP_LEN])q->in.sas.qop,
					    q->in.sas.nsa, sa_qop) != 0) {
			return ipsecapi_fail(ENOMEM, q->fn, "cannot digest the SAs of a connection");
		}
		identity = (held.latched && held.identity_bound ? km_settled(q) : km_of(q))->identity;
		memcpy(now.qop, sa_qop, sizeof(sa_qop));
		now.identity_bound = identity[0] != '\0';
		if (now.identity_bound && ipsecapi_latch_bind_identity(now.qop, identity) != 0) {
			return ipsecapi_fail(ENOMEM, q->fn, "cannot digest the peer of a connection");
		}
	}
	if (held.latched) {
		/* A latch bound to the peer holds while the key manager names the
		 * same peer; one that the key manager cannot name now breaks
		 * (never a stale answer).  One made without the key manager's
		 * word compares the SAs only. */
		const uint8_t *expect = held.identity_bound ? now.qop : sa_qop;
		bool peer_holds = !held.identity_bound || now.identity_bound;

		q->latch_state = now.latched && !conflict && peer_holds &&
						 now.privacy == held.privacy &&
						 now.integrity == held.integrity &&
						 memcmp(expect, held.qop, IPSECAPI_QOP_LEN) == 0
					 ? IPSEC_API_LATCH_ESTABLISHED
					 : IPSEC_API_LATCH_BROKEN;
		return 0;
	}
	if (!now.latched || q->fd < 0) {
		return 0;
	}
	if (latch(q, &now) != 0) {
		return -1;
	}
	q->latch_state = IPSEC_API_LATCH_ESTABLISHED;
	return 0;
}

static struct query *query_new(const struct ipsecapi_flow *flow, int fd,
			       struct ipsecapi_kernel_view *view, const char *fn)
{
	struct query *q = calloc(1, sizeof(*q));

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

static void query_free(struct query *q)
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

/* Policies, SAs and the latch (made only when q->fd is set). */
static int work_out(struct query *q)
{
	if (find_policies(q) != 0 || find_sas(q, &q->out) != 0 || find_sas(q, &q->in) != 0) {
		return -1;
	}
	return evaluate_latch(q);
}

/* The full query, and the pToken that says what the kernel gives. */
static int answer(struct query *q, ipsec_pToken_t *out)
{
	ipsec_pToken_t p;

	q->keep_keys = true;
	if (work_out(q) != 0) {
		return -1;
	}
	p = ipsec_create_pToken();
	if (p == NULL || build_ptoken(q, p) != 0) {
		ipsec_free_pToken(p);
		return -1;
	}
	*out = p;
	return 0;
}

int ipsecapi_socket_protection(int fd, ipsec_pToken_t *out, const char *fn)
{
	struct ipsecapi_flow flow;
	struct query *q;
	int rc;

	if (ipsecapi_flow_from_fd(fd, &flow, fn) != 0 || (q = query_new(&flow, fd, NULL, fn)) == NULL) {
		return -1;
	}
	/* The namespace is that of the netlink socket that the answer comes
	 * through. */
	rc = ipsecapi_same_netns(fd, ipsecapi_view_fd(q->view), fn) == 0 ? answer(q, out) : -1;
	query_free(q);
	return rc;
}

int ipsecapi_flow_protection(const struct ipsecapi_flow *flow, ipsec_pToken_t *out, const char *fn)
{
	struct query *q = query_new(flow, -1, NULL, fn);
	int rc;

	if (q == NULL) {
		return -1;
	}
	rc = answer(q, out);
	query_free(q);
	return rc;
}

static void facts_of(const struct query *q, struct ipsecapi_latch_facts *facts)
{
	bool socket_policies = q->out.source == IPSECAPI_FROM_SOCKET ||
			       q->out.source == IPSECAPI_FROM_LISTENER;

	memset(facts, 0, sizeof(*facts));
	facts->state = q->latch_state;
	/* A latch made now pinned the governing policies to the socket. */
	facts->own = socket_policies || q->latch_state != 0;
	if (facts->own) {
		facts->out = q->out.policy;
		facts->in = q->in.policy;
	}
}

int ipsecapi_socket_latch_facts(int fd, struct ipsecapi_latch_facts *facts, const char *fn)
{
	struct ipsecapi_flow flow;
	struct query *q;
	int rc;

	if (ipsecapi_flow_from_fd(fd, &flow, fn) != 0 || (q = query_new(&flow, fd, NULL, fn)) == NULL) {
		return -1;
	}
	rc = ipsecapi_same_netns(fd, ipsecapi_view_fd(q->view), fn) == 0 ? work_out(q) : -1;
	if (rc == 0) {
		facts_of(q, facts);
	}
	query_free(q);
	return rc;
}

int ipsecapi_flow_latch_facts(struct ipsecapi_kernel_view *view, const struct ipsecapi_flow *flow,
			      struct ipsecapi_latch_facts *facts, const char *fn)
{
	struct query *q = query_new(flow, -1, view, fn);
	int rc;

	if (q == NULL) {
		return -1;
	}
	rc = work_out(q);
	if (rc == 0) {
		facts_of(q, facts);
	}
	query_free(q);
	return rc;
}

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
	struct query *q = query_new(flow, -1, NULL, fn);
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
	query_free(q);
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
	struct query *q = query_new(flow, -1, NULL, fn);
	const struct ipsecapi_xfrm_policy *own;
	char to[64];
	int rc = -1;

	if (q == NULL) {
		return -1;
	}
	ipsecapi_flow_endpoint(flow->family, &flow->remote, flow->remote_port, to, sizeof(to));
	if (read_policies(q) != 0) {
		goto out;
	}
	/* Only the socket's own policy binds the kernel for this very
	 * datagram, whatever the SPD holds and whatever source and route the
	 * kernel picks for it. */
	own = own_found(q, XFRM_POLICY_OUT)
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
	query_free(q);
	return rc;
}
