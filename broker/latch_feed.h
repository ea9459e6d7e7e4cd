/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel's and charon's news about latches (latch_events.h), read on
 * a thread of its own: taking it in may wait on charon (looking for it
 * again waits up to the VICI timeout), which must not hold up the main
 * thread.  The thread keeps what it read for the main thread, which polls
 * latch_feed_fd() and takes it: whether every latch may have changed, and
 * the destruction of watched sockets only (watched_cookies.h).
 */
#ifndef IPSECAPID_LATCH_FEED_H
#define IPSECAPID_LATCH_FEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "watched_cookies.h"

struct latch_feed;

struct latch_feed_news {
	bool started;        /* the events are followed from now on */
	bool start_failed;   /* they cannot be: why says why */
	bool changed;        /* every latch may have changed */
	bool failed;         /* reading them failed: why says why */
	char why[600];
	uint64_t *destroyed; /* cookies of watched sockets that are gone; the caller frees it */
	size_t ndestroyed;
};

/* Starts the thread, which opens the events: 0, or -1 with errno. */
int latch_feed_start(struct latch_feed **out, struct watched_cookies *watched);

/* Readable when news waits. */
int latch_feed_fd(const struct latch_feed *f);

/* The news since the last call. */
void latch_feed_take(struct latch_feed *f, struct latch_feed_news *news);

/* Ends the thread (it may be waiting on charon) and frees f. */
void latch_feed_stop(struct latch_feed *f);

#endif
