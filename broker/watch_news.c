/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The end of ipsecapid's watches and their news to the client
 * (watches.h): what both the watch requests and the guards after close
 * (guards.c) use, kept apart from both.
 */
#include <errno.h>
#include <string.h>

#include "ipsecapi.h"
#include "broker_link.h"
#include "engine.h"
#include "watches.h"

void watches_forget(struct broker *b, struct client *c, uint64_t cookie)
{
	c->account->watches--;
	watched_cookies_remove(b->watched, cookie);
	if (c->watches.n == 0) {
		c->last = ipsecapid_now(); /* idle from now on */
	}
}

void watches_clear(struct broker *b, struct client *c)
{
	size_t i;

	for (i = 0; i < c->watches.n; i++) {
		c->account->watches--;
		watched_cookies_remove(b->watched, c->watches.e[i].flow.cookie);
	}
	ipsecapi_latch_table_clear(&c->watches);
}

void watches_push_news(struct broker *b, struct client *c)
{
	struct ipsecapi_latch_entry *e;
	struct ipsecapi_broker_msg m;

	memset(&m, 0, sizeof(m));
	m.type = IPSECAPI_BROKER_LATCH_EVENT;
	while (!c->gone && (e = ipsecapi_latch_table_news(&c->watches)) != NULL) {
		uint64_t cookie = e->flow.cookie;
		bool closed = e->state == IPSEC_API_LATCH_CLOSED;

		m.tag = e->tag;
		m.state = e->state;
		if (ipsecapi_broker_send(c->fd, &m, -1, "ipsecapid") != 0) {
			/* Later, when it has room; each watch's news is its
			 * latest state, so waiting costs no memory. */
			c->blocked = errno == EAGAIN || errno == EWOULDBLOCK;
			c->gone = !c->blocked;
			return;
		}
		ipsecapi_latch_table_reported(&c->watches, e); /* a CLOSED one goes */
		if (closed) {
			watches_forget(b, c, cookie);
		}
	}
	c->blocked = false;
}
