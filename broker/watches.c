/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsecapid's latch watches (watches.h).  The socket of a WATCH_LATCH
 * request is held only while it is answered; holding it longer would keep
 * the connection open after the application closed it.  Afterwards a latch
 * is worked out by the connection's flow and cookie, and the socket's
 * destruction (sock_diag) says CLOSED.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ipsecapi.h"
#include "broker_link.h"
#include "engine.h"
#include "guards.h"
#include "watches.h"

int watches_reserve(struct broker *b, struct client *c, uint32_t tag, uint64_t cookie,
		    const char *fn)
{
	if (ipsecapi_latch_table_by_tag(&c->watches, tag) != NULL) {
		return ipsecapi_fail(EEXIST, fn, "this connection watches a latch as %u already",
				     (unsigned)tag);
	}
	if (c->watches.n >= IPSECAPID_MAX_WATCHES) {
		return ipsecapi_fail(ENOSPC, fn,
				     "the IPsec API broker watches at most %d latches for one "
				     "connection",
				     IPSECAPID_MAX_WATCHES);
	}
	if (c->account->watches >= b->opt->max_watches_per_user) {
		return ipsecapi_fail(ENOSPC, fn,
				     "the IPsec API broker watches at most %zu latches for one user "
				     "(ipsecapid --max-watches-per-user), and uid %ld has as many",
				     b->opt->max_watches_per_user, (long)c->account->uid);
	}
	if (watched_cookies_add(b->watched, cookie) != 0) {
		return ipsecapi_fail(ENOMEM, fn, "no memory to watch one more socket");
	}
	c->account->watches++;
	return 0;
}

void watches_unreserve(struct broker *b, struct account *a, uint64_t cookie)
{
	a->watches--;
	watched_cookies_remove(b->watched, cookie);
}

static void set_dirt(struct broker *b, struct client *c)
{
	c->dirt = watches_dirty(c);
	b->dirt_pending |= c->dirt;
}

void watches_add(struct broker *b, struct client *c, const struct ipsecapi_latch_entry *e,
		 bool stale, bool socket_gone)
{
	struct ipsecapi_latch_entry *added;

	/* Without memory for it the connection goes: its application learns
	 * that its watches are no longer known. */
	if (ipsecapi_latch_table_add(&c->watches, e, "ipsecapid") != 0) {
		watches_forget(b, c, e->flow.cookie);
		c->gone = true;
		return;
	}
	added = &c->watches.e[c->watches.n - 1];
	if (socket_gone) {
		struct guard_job *guards = NULL;

		if (!ipsecapi_latch_entry_needs_guard(added) || guards_add(&guards, b, c, added) != 0) {
			ipsecapi_latch_entry_set(added, IPSEC_API_LATCH_CLOSED);
		}
		guards_queue(b, guards);
	} else if (stale) {
		added->dirty = true;
		set_dirt(b, c);
	}
}

int watches_unwatch(struct broker *b, struct client *c, uint32_t tag,
		    struct ipsecapi_broker_msg *answer, const char *fn)
{
	struct ipsecapi_latch_entry *e = ipsecapi_latch_table_by_tag(&c->watches, tag);
	uint64_t cookie;

	if (e == NULL) {
		return ipsecapi_fail(ENOENT, fn, "this connection watches no latch as %u",
				     (unsigned)tag);
	}
	cookie = e->flow.cookie;
	ipsecapi_latch_table_remove(&c->watches, e);
	watches_forget(b, c, cookie);
	answer->type = IPSECAPI_BROKER_DONE;
	return 0;
}

bool watches_dirty(const struct client *c)
{
	size_t i;

	for (i = 0; i < c->watches.n; i++) {
		if (c->watches.e[i].dirty) {
			return true;
		}
	}
	return false;
}

void watches_touched(struct broker *b, uint64_t cookie)
{
	size_t i;

	/* Most requests are about sockets that no one watches. */
	if (cookie == 0 || !watched_cookies_has(b->watched, cookie)) {
		return;
	}
	for (i = 0; i < b->nactive; i++) {
		struct client *c = &b->clients[b->active[i]];

		ipsecapi_latch_table_dirty(&c->watches, cookie);
		set_dirt(b, c);
	}
}

void watches_destroyed(struct broker *b, uint64_t cookie)
{
	struct guard_job *guards = NULL;
	size_t i, j;

	for (i = 0; i < b->nactive; i++) {
		struct client *c = &b->clients[b->active[i]];

		if (c->busy && c->busy_cookie == cookie) {
			c->busy_socket_gone = true; /* its watch is still being worked out */
		}
		for (j = 0; j < c->watches.n; j++) {
			struct ipsecapi_latch_entry *e = &c->watches.e[j];

			if (e->flow.cookie != cookie) {
				continue;
			}
			if (!ipsecapi_latch_entry_needs_guard(e) || guards_add(&guards, b, c, e) != 0) {
				/* Without memory for its guard, it goes without. */
				ipsecapi_latch_entry_set(e, IPSEC_API_LATCH_CLOSED);
			}
		}
		if (ipsecapi_latch_table_news(&c->watches) != NULL && !c->blocked) {
			watches_push_news(b, c);
		}
	}
	guards_queue(b, guards);
}

void watches_mark_all_changed(struct broker *b)
{
	size_t i;

	if (!b->all_changed) {
		return;
	}
	b->all_changed = false;
	for (i = 0; i < b->nactive; i++) {
		struct client *c = &b->clients[b->active[i]];

		ipsecapi_latch_table_all_dirty(&c->watches);
		set_dirt(b, c);
	}
}
