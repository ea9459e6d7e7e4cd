/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Working the watched latches out again after the kernel's events, on the
 * workers.  A refresh takes one dump of the kernel's state (a snapshot:
 * every policy and SA, read once) that the watches of every user share,
 * instead of a full query per watch; each user's watches are one job in
 * that user's lane, so that one user's many or slow watches delay no one
 * else's news.  The jobs work on copies of the watches, and their results
 * are matched to the watches by client and tag when they come back: a
 * watch removed meanwhile is passed by, and one marked again meanwhile is
 * worked out again next time.
 */
#ifndef IPSECAPID_REFRESH_H
#define IPSECAPID_REFRESH_H

#include <stdint.h>

#include "broker.h"
#include "workers.h"

/* If watches wait to be worked out and the last refresh started at least
 * IPSECAPID_REFRESH_INTERVAL_MS before now_ms, the jobs of a new one, one
 * per user (linked by next), each charged to its user until it is done;
 * else NULL. */
struct job *refresh_begin(struct broker *b, int64_t now_ms);

/* How long the main loop may sleep before refresh_begin() has work: -1
 * for as long as it likes. */
int refresh_wait_ms(const struct broker *b, int64_t now_ms);

#endif
