/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A latch watch that the broker keeps, for a process that may not follow
 * the kernel's events itself (it lacks CAP_NET_ADMIN): the library's side
 * of a connection of its own to the broker, on which the broker reports
 * the changes of the latches it was asked to watch (broker_proto.h).
 *
 * The watch's table has the application's fd of each socket and the tag
 * the broker knows it by.  Tags are never reused on a connection, so a
 * late event for a watch that was removed is known as such and dropped.
 */
#ifndef IPSECAPI_BROKER_WATCH_H
#define IPSECAPI_BROKER_WATCH_H

#include <stdint.h>

#include "engine.h"

struct ipsecapi_broker_watch {
	int sock;          /* the connection, non-blocking; -1 while none is needed */
	uint32_t next_tag;
	unsigned connections; /* made so far: a new one is polled anew */
};

/* Connects: 0, or -1 with EPERM and why the broker could not be reached
 * recorded for fn. */
int ipsecapi_broker_watch_open(struct ipsecapi_broker_watch *bw, const char *fn);
void ipsecapi_broker_watch_close(struct ipsecapi_broker_watch *bw);

/* Takes in the events that are waiting, and sees whether a watched fd is
 * now another socket (CLOSED).  0, or -1 with the error recorded for fn:
 * ECONNRESET once the broker ended a connection that watched open
 * connections, after which their latches' states are not known.  (One
 * that watched none is closed quietly, and made again when needed.) */
int ipsecapi_broker_watch_take(struct ipsecapi_broker_watch *bw, struct ipsecapi_latch_table *t,
			       const char *fn);

/* Asks the broker to watch socket fd, and adds it to t with its state now
 * as news.  0, or -1 with the broker's error (or the library's, for a
 * descriptor it refuses before asking). */
int ipsecapi_broker_watch_add(struct ipsecapi_broker_watch *bw, struct ipsecapi_latch_table *t,
			      int fd, const char *fn);

/* Asks the broker to stop watching e's socket, and removes e from t. */
int ipsecapi_broker_watch_remove(struct ipsecapi_broker_watch *bw, struct ipsecapi_latch_table *t,
				 struct ipsecapi_latch_entry *e, const char *fn);

#endif
