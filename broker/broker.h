/* SPDX-License-Identifier: BSD-2-Clause */
/* ipsecapid's state, shared by its parts: the connections it serves
 * (ipsecapid.c), the requests it answers (requests.c) and the latches it
 * watches for them (watches.c). */
#ifndef IPSECAPID_BROKER_H
#define IPSECAPID_BROKER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <time.h>

#include "broker_proto.h"
#include "latch_events.h"
#include "latch_table.h"

struct client {
	int fd;
	struct ucred peer;
	time_t last;                         /* of the last request, or the connection */
	struct ipsecapi_latch_table watches; /* tags are the client's */
	bool blocked;                        /* its news wait for room in its socket */
	bool gone;                           /* to be closed */
};

struct broker {
	int listener;
	struct ipsecapi_latch_events *events;
	struct client *clients;
	size_t nclients, max_clients, max_per_user;
	int idle_timeout;
};

/* Seconds on a clock that only goes forward. */
time_t ipsecapid_now(void);

/* The most latches one connection may watch. */
#define IPSECAPID_MAX_WATCHES 16384

/* Answers one request of client c, about socket fd (-1 for one that
 * carries none), in this process (never through a broker: this is the
 * broker), and logs it.  0, or -1 if the answer could not go. */
int ipsecapid_serve(struct broker *b, struct client *c, const struct ipsecapi_broker_msg *req,
		    int fd);

/* Watching latches for clients.  WATCH_LATCH and UNWATCH_LATCH, into
 * *answer: 0, or -1 with the error recorded for fn. */
int ipsecapid_watch(struct client *c, const struct ipsecapi_broker_msg *req, int fd,
		    struct ipsecapi_broker_msg *answer, const char *fn);
int ipsecapid_unwatch(struct client *c, const struct ipsecapi_broker_msg *req,
		      struct ipsecapi_broker_msg *answer, const char *fn);
/* A request may latch socket fd: every watch of it is worked out again
 * once the requests in hand are answered. */
void ipsecapid_touched(struct broker *b, int fd);
/* The kernel's news taken in, every watch that it concerns worked out
 * again (by flow: the broker holds no application's socket) and the
 * changes sent.  A client whose watches cannot be worked out, or who does
 * not take its news, is marked gone. */
void ipsecapid_follow_latches(struct broker *b);
/* Sends client c's news while its socket has room. */
void ipsecapid_push_news(struct client *c);

#endif
