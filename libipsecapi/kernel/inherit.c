/* SPDX-License-Identifier: BSD-2-Clause */
/* What an accepted connection inherited (inherit.h). */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

#include "core.h"
#include "inherit.h"
#include "policy_census.h"
#include "socket_table.h"
#include "xfrm_select.h"

struct inheritance {
	const struct ipsecapi_flow *flow;
	struct ipsecapi_socket_table before, after; /* the port's sockets, around the dump */
	struct ipsecapi_census census;
	uint64_t listeners[IPSECAPI_CENSUS_KEPT - 1];
	size_t nlisteners;
	const char *fn;
};

static int unknown(const struct inheritance *h, const char *why)
{
	return ipsecapi_fail(ENOTUNIQ, h->fn,
			     "which socket policy the connection to port %u holds cannot be told: "
			     "%s; set the connection's own pToken",
			     (unsigned)h->flow->local_port, why);
}

static const struct ipsecapi_socket_entry *find_either(const struct inheritance *h, uint64_t cookie)
{
	const struct ipsecapi_socket_entry *e = ipsecapi_socket_table_find(&h->after, cookie);

	return e != NULL ? e : ipsecapi_socket_table_find(&h->before, cookie);
}

static int offer(const struct ipsecapi_xfrm_policy *pol, void *data)
{
	ipsecapi_census_offer(data, pol);
	return 0;
}

/* The listeners on the port, whose policies the census keeps. */
static int note_listeners(struct inheritance *h)
{
	size_t i;

	for (i = 0; i < h->before.n; i++) {
		if (h->before.e[i].state != TCP_LISTEN) {
			continue;
		}
		if (h->nlisteners == sizeof(h->listeners) / sizeof(h->listeners[0])) {
			return unknown(h, "too many sockets listen on it");
		}
		h->listeners[h->nlisteners++] = h->before.e[i].cookie;
	}
	return 0;
}

/* Whether any socket on the port without policies of its own could hold
 * a copy of a listener that has since gone. */
static int left_behind(struct inheritance *h, bool *found)
{
	struct ipsecapi_socket_table all;
	bool ask_all = false;
	size_t i;

	*found = false;
	memset(&all, 0, sizeof(all));
	for (i = 0; i < h->census.ngroups && !*found; i++) {
		const struct ipsecapi_owner *o = &h->census.groups[i].owner;

		if ((o->proto != IPPROTO_TCP && o->proto != 0) || find_either(h, o->cookie) != NULL) {
			continue;
		}
		/* Its owner is not on this port now: gone, if it was. */
		if (o->port == h->flow->local_port) {
			*found = true;
		} else if (o->port == 0) {
			ask_all = true;
		}
	}
	if (*found || !ask_all) {
		return 0;
	}
	/* Owners whose port was not known when their policy was set: alive
	 * anywhere, or gone. */
	if (ipsecapi_tcp_sockets(0, &all, h->fn) != 0) {
		return -1;
	}
	for (i = 0; i < h->census.ngroups && !*found; i++) {
		const struct ipsecapi_owner *o = &h->census.groups[i].owner;

		*found = (o->proto == IPPROTO_TCP || o->proto == 0) && o->port == 0 &&
			 ipsecapi_socket_table_find(&all, o->cookie) == NULL;
	}
	ipsecapi_socket_table_clear(&all);
	return 0;
}

/* The connections on the port that hold no policy of their own (each
 * holds at most one copy per direction), and of those the ones that wait
 * in a listener's queue. */
static size_t holders(const struct inheritance *h, size_t *queued)
{
	const struct ipsecapi_socket_table *t[2] = { &h->before, &h->after };
	size_t n = 0, i, k;

	*queued = 0;
	for (k = 0; k < 2; k++) {
		for (i = 0; i < t[k]->n; i++) {
			const struct ipsecapi_socket_entry *e = &t[k]->e[i];

			if (!ipsecapi_socket_entry_full(e) ||
			    ipsecapi_census_group(&h->census, e->cookie) != NULL ||
			    (k == 1 && ipsecapi_socket_table_find(&h->before, e->cookie) != NULL)) {
				continue;
			}
			n++;
			*queued += ipsecapi_socket_entry_queued(e);
		}
	}
	return n;
}

/* The listeners' copies, counted against the connections that could hold
 * them. */
static int prove(struct inheritance *h, const struct ipsecapi_socket_entry *self,
		 struct ipsecapi_xfrm_policy *out, struct ipsecapi_xfrm_policy *in)
{
	const struct ipsecapi_xfrm_policy *first[2] = { NULL, NULL };
	long copies[2] = { 0, 0 }, queued = 0, hidden;
	size_t i, listed_queued, users = holders(h, &listed_queued);
	uint8_t dir;

	for (i = 0; i < h->nlisteners; i++) {
		const struct ipsecapi_census_group *g = ipsecapi_census_group(&h->census, h->listeners[i]);
		const struct ipsecapi_socket_entry *l = find_either(h, h->listeners[i]);
		const struct ipsecapi_socket_entry *later = ipsecapi_socket_table_find(&h->after, h->listeners[i]);

		/* The larger of its two queues: a listener gone by the second list
		 * has only the first. */
		queued += later != NULL && later->queued > l->queued ? later->queued : l->queued;
		if (g == NULL) {
			continue;
		}
		if (l->uid != self->uid) {
			return unknown(h, "a socket of another user listens on it with a policy");
		}
		for (dir = XFRM_POLICY_IN; dir <= XFRM_POLICY_OUT; dir++) {
			const struct ipsecapi_xfrm_policy *p = ipsecapi_census_kept(&h->census, h->listeners[i], dir);

			if (g->differs[dir] || p == NULL) {
				return unknown(h, "its listener's policy changed after connections were "
						  "accepted");
			}
			if (first[dir] != NULL && !ipsecapi_policy_same_demands(first[dir], p)) {
				return unknown(h, "listeners with different policies share it");
			}
			first[dir] = p;
			copies[dir] += (long)g->copies[dir] - 1; /* one is the listener's own */
		}
	}
	if (first[XFRM_POLICY_OUT] == NULL) {
		return 0;
	}
	/* A connection reset while it waited in a queue leaves the list but
	 * keeps its copy until it is accepted. */
	hidden = queued > (long)listed_queued ? queued - (long)listed_queued : 0;
	if (copies[XFRM_POLICY_OUT] - hidden < (long)users ||
	    copies[XFRM_POLICY_IN] - hidden < (long)users) {
		return unknown(h, "its listener's policy has fewer copies than there are connections "
				  "that could hold one (some were accepted before it was set)");
	}
	*out = *first[XFRM_POLICY_OUT];
	*in = *first[XFRM_POLICY_IN];
	return 1;
}

int ipsecapi_inherited_policies(struct ipsecapi_kernel_view *view, const struct ipsecapi_flow *flow,
				struct ipsecapi_xfrm_policy *out, struct ipsecapi_xfrm_policy *in,
				const char *fn)
{
	struct ipsecapi_kernel_view *live = NULL;
	struct inheritance h;
	const struct ipsecapi_socket_entry *self;
	bool gone;
	int rc = -1;

	/* The count holds only for policies read between the two lists of
	 * sockets: a snapshot read earlier will not do. */
	if (ipsecapi_view_fd(view) < 0) {
		if (ipsecapi_view_open_live(&live, fn) != 0) {
			return -1;
		}
		view = live;
	}

	memset(&h, 0, sizeof(h));
	h.flow = flow;
	h.fn = fn;
	/* The port's sockets before and after the policies are read: a
	 * connection born or ended in between is counted either way. */
	if (ipsecapi_tcp_sockets(flow->local_port, &h.before, fn) != 0 || note_listeners(&h) != 0) {
		goto out;
	}
	ipsecapi_census_start(&h.census, flow->cookie, h.listeners, h.nlisteners);
	if (ipsecapi_view_policies(view, offer, &h.census, fn) < 0 ||
	    ipsecapi_census_finish(&h.census, fn) != 0 ||
	    ipsecapi_tcp_sockets(flow->local_port, &h.after, fn) != 0) {
		goto out;
	}
	self = find_either(&h, flow->cookie);
	if (self == NULL) {
		rc = ipsecapi_fail(ENOTCONN, fn, "the connection is gone");
		goto out;
	}
	rc = prove(&h, self, out, in);
	if (rc == 0 && left_behind(&h, &gone) != 0) {
		rc = -1;
	} else if (rc == 0 && gone) {
		rc = unknown(&h, "a listener that had a policy closed, and connections it accepted "
				 "may still hold copies");
	}
out:
	ipsecapi_view_close(live);
	ipsecapi_census_clear(&h.census);
	ipsecapi_socket_table_clear(&h.before);
	ipsecapi_socket_table_clear(&h.after);
	return rc;
}
