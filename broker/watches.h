/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsecapid's latch watches (RFC 5660's ALERT) for applications that may
 * not follow the kernel's events: each connection's own, named by tags
 * the application chose, on the main thread.  Working a watched latch
 * out again is refresh.c's, on a worker; a new watch's first state is
 * the watch request's (requests.c).  Each watch counts against its user's
 * --max-watches-per-user, and its socket's cookie is followed
 * (watched_cookies.h) while some watch has it.
 */
#ifndef IPSECAPID_WATCHES_H
#define IPSECAPID_WATCHES_H

#include <stdbool.h>
#include <stdint.h>

#include "broker.h"
#include "broker_link.h"

/* Reserves a watch of the socket with cookie for client c, whose request
 * is about to be worked out: 0, or -1 with the error (ENOSPC at a limit,
 * ENOMEM) recorded for fn. */
int watches_reserve(struct broker *b, struct client *c, uint32_t tag, uint64_t cookie,
		    const char *fn);
/* Gives back a reservation that did not become a watch. */
void watches_unreserve(struct broker *b, struct account *a, uint64_t cookie);

/* The reserved watch becomes entry e of client c (its answer tells its
 * state).  If every latch may have changed since e was worked out
 * (stale), it is worked out again; if its socket is gone meanwhile
 * (socket_gone), it ends as watches_destroyed() says. */
void watches_add(struct broker *b, struct client *c, const struct ipsecapi_latch_entry *e,
		 bool stale, bool socket_gone);

/* UNWATCH_LATCH, into *answer: 0, or -1 with ENOENT recorded for fn. */
int watches_unwatch(struct broker *b, struct client *c, uint32_t tag,
		    struct ipsecapi_broker_msg *answer, const char *fn);

/* A CLOSED watch of the socket with cookie left client c. */
void watches_forget(struct broker *b, struct client *c, uint64_t cookie);
/* Every watch of client c ends (it is being closed). */
void watches_clear(struct broker *b, struct client *c);

/* A request may have latched, or changed the policy of, the socket with
 * cookie: its watches are worked out again. */
void watches_touched(struct broker *b, uint64_t cookie);
/* The socket with cookie is gone: its watches are CLOSED, but those of a
 * TCP connection whose own policies required IPsec, which are CLOSED once
 * their guard after close is in place (guards.h: a job queued for the
 * workers). */
void watches_destroyed(struct broker *b, uint64_t cookie);
/* b->all_changed: every watch is to be worked out again. */
void watches_mark_all_changed(struct broker *b);

/* Whether some watch of c waits to be worked out. */
bool watches_dirty(const struct client *c);

/* Sends client c's news while its socket has room. */
void watches_push_news(struct broker *b, struct client *c);

#endif
