/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsec_get_socket_pToken() on the kernel: the socket's flow, the policy
 * that governs each direction, the SAs that serve its templates, and the
 * pToken that says what they give.  Protection is reported only where a
 * policy requires it and a live SA provides it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>

#include "ipsecapi.h"
#include "alg_strength.h"
#include "channel_binding.h"
#include "error.h"
#include "flow.h"
#include "km.h"
#include "latch.h"
#include "listener.h"
#include "socket_policy.h"
#include "socket_query.h"
#include "socket_set.h"
#include "token.h"
#include "xfrm_nl.h"
#include "xfrm_select.h"

struct direction {
	uint8_t dir; /* XFRM_POLICY_OUT or _IN */
	struct ipsecapi_policy_choice choice;
	bool from_socket; /* the socket's own policy, which overrides the SPD */
	size_t nsa;
	struct ipsecapi_xfrm_sa sa[IPSECAPI_XFRM_MAX_DEPTH]; /* one per required template */
	bool complete;  /* every required template has a live SA */
	enum ipsecapi_strength privacy, integrity;
	bool compressed, tunnel, ah;
	uint8_t qop[IPSECAPI_XFRM_MAX_DEPTH][IPSECAPI_QOP_LEN]; /* of each SA in sa */
	bool mixed; /* live SAs of different parameters fit a template: a conflict */
};

struct query {
	struct ipsecapi_flow flow;
	struct ipsecapi_nl *nl;
	struct direction out, in;
	struct ipsecapi_record_search records;
	int fd; /* the socket, to latch; -1 for a check that changes nothing */
	uint16_t latch_state; /* IPSEC_API_LATCH_*, or 0 for no latch */
	bool socket_policies; /* the walk met sockets' policies */
	struct ipsecapi_km_peer km; /* the key manager's word on the peer */
	bool km_asked;
	const char *fn;
};

/* The key manager's word on the peer of the SAs found, asked once. */
static const struct ipsecapi_km_peer *km_of(struct query *q)
{
	if (!q->km_asked) {
		ipsecapi_km_lookup(q->out.sa, q->out.nsa, q->in.sa, q->in.nsa, &q->km, q->fn);
		q->km_asked = true;
	}
	return &q->km;
}

/* km_of(), for a latch bound to the peer.  charon lists a CHILD_SA's SPIs
 * only once it has installed it, so the SAs of a rekey may be in the
 * kernel a moment before charon owns them: charon is asked again a few
 * times (up to 370 ms) before the SAs are taken as not its, which would
 * break the latch. */
static const struct ipsecapi_km_peer *km_settled(struct query *q)
{
	static const long pause_ms[] = { 20, 50, 100, 200 };
	size_t i;

	for (i = 0; km_of(q)->status == 0 && i < sizeof(pause_ms) / sizeof(pause_ms[0]); i++) {
		struct timespec ts = { 0, pause_ms[i] * 1000000L };

		nanosleep(&ts, NULL);
		q->km_asked = false;
	}
	return km_of(q);
}

static int offer_policy(const struct ipsecapi_xfrm_policy *pol, void *data)
{
	struct query *q = data;

	ipsecapi_policy_offer(&q->out.choice, pol, &q->flow, XFRM_POLICY_OUT);
	ipsecapi_policy_offer(&q->in.choice, pol, &q->flow, XFRM_POLICY_IN);
	ipsecapi_record_search_offer(&q->records, pol);
	q->socket_policies |= pol->info.dir >= XFRM_POLICY_MAX;
	/* The socket's own policies override the SPD (for traffic of their
	 * family), and the kernel lists the newest first: once both are
	 * found, the rest does not matter. */
	return q->records.own_found[XFRM_POLICY_OUT] && q->records.own_found[XFRM_POLICY_IN] &&
	       q->records.own_policy[XFRM_POLICY_OUT].info.sel.family == q->flow.family &&
	       q->records.own_policy[XFRM_POLICY_IN].info.sel.family == q->flow.family;
}

/* The socket policy recorded for this socket replaces the SPD's choice,
 * as the kernel's lookup does, when its family is the flow's. */
static int take_socket_policy(struct query *q, struct direction *d)
{
	const struct ipsecapi_xfrm_policy *pol;
	int found = ipsecapi_record_search_result(&q->records, d->dir, &pol, q->fn);

	if (found <= 0 || pol->info.sel.family != q->flow.family) {
		return found;
	}
	d->choice.found = true;
	d->choice.policy = *pol;
	d->choice.policy.info.dir = d->dir;
	d->from_socket = true;
	return 0;
}

static int offer_record(const struct ipsecapi_xfrm_policy *pol, void *data)
{
	ipsecapi_record_search_offer(&((struct query *)data)->records, pol);
	return 0;
}

/* The policies of both directions, from one dump (of nothing, in the BTNS
 * deployment, where IKE traps install no policy in the SPD).  Only a
 * socket without a record of its own, which may be a connection accepted
 * from a listener that has one, costs a second walk, for the listener's;
 * and only when sockets hold policies at all. */
static int find_policies(struct query *q)
{
	uint64_t listener;
	int has_listener;

	ipsecapi_record_search_start(&q->records, q->flow.cookie, NULL);
	if (ipsecapi_xfrm_policies(q->nl, offer_policy, q, q->fn) < 0) {
		return -1;
	}
	if (q->socket_policies && !q->records.own_found[XFRM_POLICY_OUT] &&
	    !q->records.own_found[XFRM_POLICY_IN]) {
		has_listener = ipsecapi_listener_cookie(&q->flow, &listener, q->fn);
		if (has_listener < 0) {
			return -1;
		}
		if (has_listener > 0) {
			q->records.has_listener = true;
			q->records.listener = listener;
			if (ipsecapi_xfrm_policies(q->nl, offer_record, q, q->fn) < 0) {
				return -1;
			}
		}
	}
	if (take_socket_policy(q, &q->out) < 0 || take_socket_policy(q, &q->in) < 0) {
		return -1;
	}
	return 0;
}

struct sa_pick {
	const struct xfrm_user_tmpl *tmpl;
	const struct ipsecapi_flow *flow;
	uint8_t dir;
	struct ipsecapi_xfrm_sa *best;
	uint8_t *best_qop;
	bool found;
	bool failed;
	bool mixed;
};

/* Keeps the newest live SA that fits the template, with its keys, and
 * notes whether the fitting SAs differ in their parameters. */
static int pick_sa(const struct ipsecapi_xfrm_sa *sa, void *data)
{
	struct sa_pick *p = data;
	uint8_t *keys = NULL, qop[IPSECAPI_QOP_LEN];

	if (ipsecapi_sa_is_larval(sa) || !ipsecapi_sa_fits(sa, p->tmpl, p->flow, p->dir)) {
		return 0;
	}
	if (ipsecapi_sa_qop(sa, qop) != 0) {
		p->failed = true;
		return 1;
	}
	if (p->found && memcmp(qop, p->best_qop, IPSECAPI_QOP_LEN) != 0) {
		p->mixed = true;
	}
	if (p->found && !ipsecapi_sa_newer(sa, p->best)) {
		return 0;
	}
	if (sa->keys.len != 0) {
		keys = malloc(sa->keys.len);
		if (keys == NULL) {
			p->failed = true;
			return 1;
		}
		memcpy(keys, sa->keys.bytes, sa->keys.len);
	}
	ipsecapi_xfrm_sa_clear(p->best);
	*p->best = *sa;
	p->best->keys.bytes = keys;
	memcpy(p->best_qop, qop, IPSECAPI_QOP_LEN);
	p->found = true;
	return 0;
}

static void judge_sa(struct direction *d, const struct ipsecapi_xfrm_sa *sa)
{
	enum ipsecapi_strength privacy = ipsecapi_sa_privacy(sa);
	enum ipsecapi_strength integrity = ipsecapi_sa_integrity(sa);

	d->privacy = privacy > d->privacy ? privacy : d->privacy;
	d->integrity = integrity > d->integrity ? integrity : d->integrity;
	d->compressed |= sa->info.id.proto == IPPROTO_COMP;
	d->ah |= sa->info.id.proto == IPPROTO_AH;
	d->tunnel |= sa->info.mode == XFRM_MODE_TUNNEL;
}

/* The SAs of one direction: for each required template, the SA the kernel
 * would use.  An optional template ("use") may carry traffic in clear, so
 * it never counts as protection. */
static int find_sas(struct query *q, struct direction *d)
{
	const struct ipsecapi_xfrm_policy *pol = &d->choice.policy;
	uint32_t i;

	d->complete = d->choice.found && pol->info.action == XFRM_POLICY_ALLOW && pol->ntmpl > 0;
	for (i = 0; d->complete && i < pol->ntmpl; i++) {
		const struct xfrm_user_tmpl *t = &pol->tmpl[i];
		struct sa_pick p = { t, &q->flow, d->dir, &d->sa[d->nsa], d->qop[d->nsa],
				     false, false, false };
		xfrm_address_t src, dst;

		if (t->optional) {
			continue;
		}
		ipsecapi_template_endpoints(t, &q->flow, d->dir, &src, &dst);
		if (ipsecapi_xfrm_sas_between(q->nl, t->family != 0 ? t->family : q->flow.family, &src,
					      &dst, t->id.proto, true, pick_sa, &p, q->fn) < 0) {
			return -1;
		}
		if (p.failed) {
			return ipsecapi_fail(ENOMEM, q->fn, "no memory for the SAs of a connection");
		}
		d->mixed |= p.mixed;
		if (!p.found) {
			d->complete = false;
			break;
		}
		judge_sa(d, &d->sa[d->nsa]);
		d->nsa++;
	}
	if (!d->complete) {
		d->privacy = d->integrity = IPSECAPI_NONE;
		d->compressed = d->tunnel = d->ah = false;
	}
	return 0;
}

static const char *proto_name(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_ESP:
		return "esp";
	case IPPROTO_AH:
		return "ah";
	case IPPROTO_COMP:
		return "comp";
	}
	return "?";
}

static void append(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len + 1 >= size) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

static void describe_alg(char *buf, size_t size, const struct ipsecapi_xfrm_alg *alg)
{
	if (!alg->present) {
		return;
	}
	append(buf, size, " %s", alg->name);
	if (alg->key_bits != 0) {
		append(buf, size, " %u-bit key", (unsigned)alg->key_bits);
	}
	if (alg->icv_bits != 0) {
		append(buf, size, " %u-bit ICV", (unsigned)alg->icv_bits);
	}
}

/* One direction of the audit text: the policy, and each SA's protocol,
 * mode, transforms and end-points; never a key or an SPI. */
static void describe_direction(char *buf, size_t size, const struct direction *d)
{
	const struct ipsecapi_xfrm_policy *pol = &d->choice.policy;
	char src[64], dst[64];
	size_t i;

	append(buf, size, "%s: ", d->dir == XFRM_POLICY_OUT ? "out" : "in");
	if (!d->choice.found) {
		append(buf, size, "no policy, in clear");
		return;
	}
	if (d->from_socket) {
		append(buf, size, "socket policy");
	} else {
		append(buf, size, "policy priority %u", (unsigned)pol->info.priority);
	}
	if (pol->info.action != XFRM_POLICY_ALLOW) {
		append(buf, size, " blocks the traffic");
		return;
	}
	if (pol->ntmpl == 0) {
		append(buf, size, " lets it pass in clear");
		return;
	}
	if (!d->complete) {
		append(buf, size, ", a required SA is missing (traffic held back)");
		return;
	}
	if (d->nsa == 0) {
		append(buf, size, " uses IPsec only if an SA exists, else passes it in clear");
		return;
	}
	for (i = 0; i < d->nsa; i++) {
		const struct ipsecapi_xfrm_sa *sa = &d->sa[i];

		ipsecapi_flow_address(sa->info.family, &sa->info.saddr, src, sizeof(src));
		ipsecapi_flow_address(sa->info.family, &sa->info.id.daddr, dst, sizeof(dst));
		append(buf, size, "%s %s %s", i == 0 ? "," : ";", proto_name(sa->info.id.proto),
		       sa->info.mode == XFRM_MODE_TUNNEL ? "tunnel" : "transport");
		describe_alg(buf, size, &sa->aead);
		describe_alg(buf, size, &sa->crypt);
		describe_alg(buf, size, &sa->auth);
		describe_alg(buf, size, &sa->comp);
		append(buf, size, " %s > %s reqid %u", src, dst, (unsigned)sa->info.reqid);
	}
}

static enum ipsecapi_strength weaker(enum ipsecapi_strength a, enum ipsecapi_strength b)
{
	return a < b ? a : b;
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
	if (ipsecapi_km_fill(protected_both ? km_of(q) : NULL, where, peer, q->fn) != 0) {
		goto out;
	}
	if (protected_both) {
		for (i = 0; i < q->out.nsa; i++) {
			out[i] = &q->out.sa[i];
		}
		for (i = 0; i < q->in.nsa; i++) {
			in[i] = &q->in.sa[i];
		}
		if (ipsecapi_cb_unique(out, q->out.nsa, in, q->in.nsa, value, q->fn) != 0 ||
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

/* The traffic the protection is about: the governing outbound policy's
 * selector, else the flow itself. */
static int fill_selector(struct query *q, ipsec_pToken_t p)
{
	struct ipsecapi_selector sel;

	memset(&sel, 0, sizeof(sel));
	if (q->out.choice.found) {
		const struct xfrm_selector *s = &q->out.choice.policy.info.sel;

		sel.family = (uint8_t)s->family;
		sel.proto = s->proto;
		sel.src_prefixlen = s->prefixlen_s;
		sel.dst_prefixlen = s->prefixlen_d;
		sel.src_port = (uint16_t)(ntohs(s->sport) & ntohs(s->sport_mask));
		sel.dst_port = (uint16_t)(ntohs(s->dport) & ntohs(s->dport_mask));
		if (!q->out.from_socket) { /* a socket policy's addresses hold its owner */
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

static int build_ptoken(struct query *q, ipsec_pToken_t p)
{
	enum ipsecapi_strength privacy = weaker(q->out.privacy, q->in.privacy);
	enum ipsecapi_strength integrity = weaker(q->out.integrity, q->in.integrity);
	bool both = q->out.complete && q->in.complete;
	char audit[1024], info[160], local[64], remote[64];

	ipsecapi_flow_endpoint(q->flow.family, &q->flow.local, q->flow.local_port, local, sizeof(local));
	ipsecapi_flow_endpoint(q->flow.family, &q->flow.remote, q->flow.remote_port, remote,
			       sizeof(remote));
	snprintf(audit, sizeof(audit), "%s %s > %s; ",
		 q->flow.proto == IPPROTO_TCP ? "tcp" : q->flow.proto == IPPROTO_UDP ? "udp" : "sctp",
		 local, remote);
	describe_direction(audit, sizeof(audit), &q->out);
	append(audit, sizeof(audit), "; ");
	describe_direction(audit, sizeof(audit), &q->in);
	snprintf(info, sizeof(info), "%s", !both ? "Not protected by IPsec in both directions"
				 : privacy != IPSECAPI_NONE ? "Encrypted and authenticated by IPsec"
				 : integrity != IPSECAPI_NONE ? "Authenticated, not encrypted, by IPsec"
							      : "Carried by IPsec without protection");
	if (fill_u16(p, IPSEC_API_ATTR_privacyProtection, ipsecapi_strength_value(privacy)) != 0 ||
	    fill_u16(p, IPSEC_API_ATTR_integrityProtection, ipsecapi_strength_value(integrity)) != 0 ||
	    fill_u16(p, IPSEC_API_ATTR_compression, both && q->out.compressed && q->in.compressed
								? IPSEC_API_ATTR_ENABLE
								: IPSEC_API_ATTR_DISABLE) != 0 ||
	    fill_u16(p, IPSEC_API_ATTR_tunnelMode, both && q->out.tunnel && q->in.tunnel
							   ? IPSEC_API_ATTR_ENABLE
							   : IPSEC_API_ATTR_DISABLE) != 0 ||
	    fill_u16(p, IPSEC_API_ATTR_ipoptionsProtected,
		     both && (q->out.tunnel || q->out.ah) && (q->in.tunnel || q->in.ah)
			     ? IPSEC_API_ATTR_ENABLE
			     : IPSEC_API_ATTR_DISABLE) != 0 ||
	    fill_str(p, IPSEC_API_ATTR_auditString, audit) != 0 ||
	    fill_str(p, IPSEC_API_ATTR_informationString, info) != 0 || fill_selector(q, p) != 0 ||
	    (q->latch_state != 0 && fill_u16(p, IPSEC_API_ATTR_latchState, q->latch_state) != 0)) {
		return -1;
	}
	return fill_peer(q, p, both && privacy + integrity > IPSECAPI_NONE);
}

/* Latches a protected connection (RFC 5660): its policies, SPD or its
 * own, pinned to the socket with the digest of its SAs' parameters, so
 * that later changes to the SPD pass it by and changes to its SAs show. */
static int latch(struct query *q, const struct ipsecapi_latch_record *now)
{
	struct ipsecapi_xfrm_policy out, in;

	ipsecapi_socket_policy_pin(&q->out.choice.policy, XFRM_POLICY_OUT, q->flow.family,
				   q->flow.cookie, now, &out);
	ipsecapi_socket_policy_pin(&q->in.choice.policy, XFRM_POLICY_IN, q->flow.family,
				   q->flow.cookie, now, &in);
	/* The walk that found the governing policies found the socket's own
	 * ones too: nothing to look up again. */
	return ipsecapi_socket_install(q->fd, &q->flow, &out, &in, &q->records, false, q->fn);
}

/* The latch's state: ESTABLISHED while the SAs are congruent with what it
 * latched, BROKEN when one is missing or conflicts; a protected connection
 * without a latch gets one. */
static int evaluate_latch(struct query *q)
{
	struct ipsecapi_latch_record held, now;
	enum ipsecapi_strength privacy = weaker(q->out.privacy, q->in.privacy);
	enum ipsecapi_strength integrity = weaker(q->out.integrity, q->in.integrity);
	bool conflict = q->out.mixed || q->in.mixed;
	uint8_t sa_qop[IPSECAPI_QOP_LEN];
	char identity[600] = "";

	memset(&held, 0, sizeof(held));
	memset(&now, 0, sizeof(now));
	if (q->out.from_socket) {
		ipsecapi_socket_policy_latch_of(&q->out.choice.policy, &held);
	}
	now.latched = q->out.complete && q->in.complete && privacy + integrity > IPSECAPI_NONE;
	now.privacy = (uint8_t)privacy;
	now.integrity = (uint8_t)integrity;
	if (now.latched) {
		if (ipsecapi_connection_qop((const uint8_t(*)[IPSECAPI_QOP_LEN])q->out.qop,
					    q->out.nsa,
					    (const uint8_t(*)[IPSECAPI_QOP_LEN])q->in.qop, q->in.nsa,
					    sa_qop) != 0) {
			return ipsecapi_fail(ENOMEM, q->fn, "cannot digest the SAs of a connection");
		}
		ipsecapi_km_identity(held.latched && held.identity_bound ? km_settled(q) : km_of(q),
				     identity, sizeof(identity));
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
	if (conflict) {
		/* No latch is made while conflicting SAs exist (RFC 5660, 2.3). */
		q->latch_state = IPSEC_API_LATCH_BROKEN;
		return 0;
	}
	if (latch(q, &now) != 0) {
		return -1;
	}
	q->latch_state = IPSEC_API_LATCH_ESTABLISHED;
	return 0;
}

static void clear_direction(struct direction *d)
{
	size_t i;

	for (i = 0; i < IPSECAPI_XFRM_MAX_DEPTH; i++) {
		ipsecapi_xfrm_sa_clear(&d->sa[i]);
	}
}

static struct query *query_new(const struct ipsecapi_flow *flow, int fd, const char *fn)
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
	if (flow != NULL) {
		q->flow = *flow;
	}
	if (ipsecapi_nl_open(&q->nl, fn) != 0) {
		free(q);
		return NULL;
	}
	return q;
}

static void query_free(struct query *q)
{
	int err = errno;

	ipsecapi_nl_close(q->nl);
	clear_direction(&q->out);
	clear_direction(&q->in);
	free(q);
	errno = err;
}

/* The full query: policies, SAs, the latch (when q->fd is set), and the
 * pToken that says what they give. */
static int answer(struct query *q, ipsec_pToken_t *out)
{
	ipsec_pToken_t p;

	if (find_policies(q) != 0 || find_sas(q, &q->out) != 0 || find_sas(q, &q->in) != 0 ||
	    evaluate_latch(q) != 0) {
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

	if (ipsecapi_flow_from_fd(fd, &flow, fn) != 0 || (q = query_new(&flow, fd, fn)) == NULL) {
		return -1;
	}
	/* The namespace is that of the netlink socket that the answer comes
	 * through. */
	rc = ipsecapi_same_netns(fd, ipsecapi_nl_fd(q->nl), fn) == 0 ? answer(q, out) : -1;
	query_free(q);
	return rc;
}

int ipsecapi_flow_protection(const struct ipsecapi_flow *flow, ipsec_pToken_t *out, const char *fn)
{
	struct query *q = query_new(flow, -1, fn);
	int rc;

	if (q == NULL) {
		return -1;
	}
	rc = answer(q, out);
	query_free(q);
	return rc;
}

static const char *level_name(enum ipsecapi_strength s)
{
	return ipsec_constant_name(ipsecapi_strength_value(s));
}

/* One direction's SA, if there is one yet, against the demanded levels. */
static int meets(const struct query *q, const struct direction *d,
		 const struct ipsecapi_socket_policy *sp)
{
	if (!d->complete || (d->privacy >= sp->min_privacy && d->integrity >= sp->min_integrity)) {
		return 0;
	}
	return ipsecapi_fail(EPROTO, q->fn,
			     "the %s SA in place gives privacy %s and integrity %s, less than the "
			     "%s and %s demanded, and the kernel would use it",
			     d->dir == XFRM_POLICY_OUT ? "outbound" : "inbound",
			     level_name(d->privacy), level_name(d->integrity),
			     level_name(sp->min_privacy), level_name(sp->min_integrity));
}

int ipsecapi_socket_sas_meet(const struct ipsecapi_flow *flow,
			     const struct ipsecapi_socket_policy *sp, const char *fn)
{
	struct query *q = query_new(flow, -1, fn);
	int rc = -1;

	if (q == NULL) {
		return -1;
	}
	q->out.choice.found = q->in.choice.found = true;
	q->out.choice.policy = sp->out;
	q->in.choice.policy = sp->in;
	if (find_sas(q, &q->out) == 0 && find_sas(q, &q->in) == 0 && meets(q, &q->out, sp) == 0 &&
	    meets(q, &q->in, sp) == 0) {
		rc = 0;
	}
	query_free(q);
	return rc;
}

/* Whether the outbound policy of d requires IPsec: a template that is not
 * optional, so that nothing leaves in clear. */
static bool requires_ipsec(const struct direction *d)
{
	const struct ipsecapi_xfrm_policy *pol = &d->choice.policy;
	uint32_t i;

	if (!d->choice.found || pol->info.action != XFRM_POLICY_ALLOW) {
		return false;
	}
	for (i = 0; i < pol->ntmpl; i++) {
		if (!pol->tmpl[i].optional) {
			return true;
		}
	}
	return false;
}

int ipsecapi_flow_sends_protected(const struct ipsecapi_flow *flow,
				  enum ipsecapi_strength min_privacy,
				  enum ipsecapi_strength min_integrity, const char *fn)
{
	struct ipsecapi_socket_policy want;
	struct query *q = query_new(flow, -1, fn);
	char to[64];
	int rc = -1;

	if (q == NULL) {
		return -1;
	}
	memset(&want, 0, sizeof(want));
	want.min_privacy = min_privacy;
	want.min_integrity = min_integrity;
	ipsecapi_flow_endpoint(flow->family, &flow->remote, flow->remote_port, to, sizeof(to));
	if (find_policies(q) != 0 || find_sas(q, &q->out) != 0) {
		goto out;
	}
	if (!requires_ipsec(&q->out)) {
		ipsecapi_fail(EPROTO, fn,
			      "a datagram to %s would leave unprotected: no policy requires IPsec "
			      "for it (set a pToken on the socket)",
			      to);
		goto out;
	}
	rc = meets(q, &q->out, &want);
out:
	query_free(q);
	return rc;
}
