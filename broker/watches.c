/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsecapid's latch watches (RFC 5660's ALERT) for applications that may
 * not follow the kernel's events: each connection's own, named by tags
 * the application chose.  The socket of a WATCH_LATCH request is held
 * only while it is answered; holding it longer would keep the connection
 * open after the application closed it.  Afterwards a latch is worked out
 * by the connection's flow and cookie, and the socket's destruction
 * (sock_diag) says CLOSED.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "ipsecapi.h"
#include "broker.h"
#include "broker_io.h"
#include "error.h"

int ipsecapid_watch(struct client *c, const struct ipsecapi_broker_msg *req, int fd,
		    struct ipsecapi_broker_msg *answer, const char *fn)
{
	struct ipsecapi_latch_entry e;

	if (ipsecapi_latch_table_by_tag(&c->watches, req->tag) != NULL) {
		return ipsecapi_fail(EEXIST, fn, "this connection watches a latch as %u already",
				     (unsigned)req->tag);
	}
	if (c->watches.n == IPSECAPID_MAX_WATCHES) {
		return ipsecapi_fail(ENOSPC, fn,
				     "the IPsec API broker watches at most %d latches for one "
				     "connection",
				     IPSECAPID_MAX_WATCHES);
	}
	if (ipsecapi_latch_entry_of(fd, &e, fn) != 0) {
		return -1;
	}
	e.fd = -1;
	e.tag = req->tag;
	e.news = false; /* the answer says it */
	if (ipsecapi_latch_table_add(&c->watches, &e, fn) != 0) {
		return -1;
	}
	answer->type = IPSECAPI_BROKER_LATCH_STATE;
	answer->tag = e.tag;
	answer->state = e.state;
	return 0;
}

int ipsecapid_unwatch(struct client *c, const struct ipsecapi_broker_msg *req,
		      struct ipsecapi_broker_msg *answer, const char *fn)
{
	struct ipsecapi_latch_entry *e = ipsecapi_latch_table_by_tag(&c->watches, req->tag);

	if (e == NULL) {
		return ipsecapi_fail(ENOENT, fn, "this connection watches no latch as %u",
				     (unsigned)req->tag);
	}
	ipsecapi_latch_table_remove(&c->watches, e);
	answer->type = IPSECAPI_BROKER_DONE;
	return 0;
}

void ipsecapid_touched(struct broker *b, int fd)
{
	uint64_t cookie;
	socklen_t len = sizeof(cookie);
	size_t i;

	if (getsockopt(fd, SOL_SOCKET, SO_COOKIE, &cookie, &len) != 0) {
		return;
	}
	for (i = 0; i < b->nclients; i++) {
		ipsecapi_latch_table_dirty(&b->clients[i].watches, cookie);
	}
}

static void all_dirty(void *data)
{
	struct broker *b = data;
	size_t i;

	for (i = 0; i < b->nclients; i++) {
		ipsecapi_latch_table_all_dirty(&b->clients[i].watches);
	}
}

static void destroyed(uint64_t cookie, void *data)
{
	struct broker *b = data;
	size_t i;

	for (i = 0; i < b->nclients; i++) {
		ipsecapi_latch_table_destroyed(&b->clients[i].watches, cookie);
	}
}

static void log_client(const struct client *c, const char *what)
{
	fprintf(stderr, "ipsecapid: pid %ld uid %ld: %s\n", (long)c->peer.pid, (long)c->peer.uid,
		what);
}

void ipsecapid_push_news(struct client *c)
{
	struct ipsecapi_latch_entry *e;
	struct ipsecapi_broker_msg m;

	memset(&m, 0, sizeof(m));
	m.type = IPSECAPI_BROKER_LATCH_EVENT;
	while (!c->gone && (e = ipsecapi_latch_table_news(&c->watches)) != NULL) {
		m.tag = e->tag;
		m.state = e->state;
		if (ipsecapi_broker_send(c->fd, &m, -1, "ipsecapid") != 0) {
			/* Later, when it has room; each watch's news is its
			 * latest state, so waiting costs no memory. */
			c->blocked = errno == EAGAIN || errno == EWOULDBLOCK;
			c->gone = !c->blocked;
			return;
		}
		ipsecapi_latch_table_reported(&c->watches, e);
		if (c->watches.n == 0) {
			c->last = ipsecapid_now(); /* idle from now on */
		}
	}
	c->blocked = false;
}

void ipsecapid_follow_latches(struct broker *b)
{
	const struct ipsecapi_latch_news news = { all_dirty, destroyed, b };
	char why[600];
	size_t i;

	if (ipsecapi_latch_events_take(b->events, &news, "ipsecapid") != 0) {
		/* Nothing is known any more: every watch ends. */
		snprintf(why, sizeof(why), "every latch watch ended: %s",
			 ipsecapi_last_reason("ipsecapid"));
		for (i = 0; i < b->nclients; i++) {
			b->clients[i].gone = b->clients[i].watches.n > 0;
		}
		fprintf(stderr, "ipsecapid: %s\n", why);
		return;
	}
	for (i = 0; i < b->nclients; i++) {
		struct client *c = &b->clients[i];

		if (c->gone) {
			continue;
		}
		if (ipsecapi_latch_table_refresh(&c->watches, true, NULL, "ipsecapid") != 0) {
			/* A state that cannot be worked out is not reported
			 * as the old one: the watch ends, and the client knows. */
			snprintf(why, sizeof(why), "latch watch ended: %s",
				 ipsecapi_last_reason("ipsecapid"));
			log_client(c, why);
			c->gone = true;
			continue;
		}
		if (!c->blocked) {
			ipsecapid_push_news(c);
		}
	}
}
