/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsecapid's state, shared by its parts.  The main thread owns all of it
 * and does only I/O: it accepts and reads connections (clients.c,
 * ipsecapid.c), checks what a request may ask (requests.c), and writes
 * answers and latch news (watches.c).  What may wait on the kernel or the
 * key manager runs on the workers (workers.h) as jobs that carry copies
 * of what they need and come back to the main thread: the requests
 * (requests.c) and the watches' refresh (refresh.c).  A job names its
 * client by slot and id, so that one that disconnected meanwhile is
 * simply not found.
 */
#ifndef IPSECAPID_BROKER_H
#define IPSECAPID_BROKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <time.h>

#include "accounting.h"
#include "engine.h"
#include "options.h"
#include "subuid.h"
#include "watched_cookies.h"
#include "workers.h"

struct client {
	bool in_use;
	uint64_t id;                         /* never reused */
	int fd;
	struct ucred peer;
	struct account *account;             /* the user it counts against */
	time_t last;                         /* of the last answer, request or connection */
	struct ipsecapi_latch_table watches; /* tags are the client's */
	bool busy;                           /* a request of it is with the workers */
	uint64_t busy_cookie;                /* the socket of a watch request in progress */
	bool busy_socket_gone;               /* which was destroyed meanwhile */
	bool refreshing;                     /* its watches are being worked out */
	bool dirt;                           /* some watch waits to be worked out */
	bool blocked;                        /* its news waits for room in its socket */
	bool gone;                           /* to be closed */
};

struct broker {
	const struct broker_options *opt;
	size_t max_clients;                  /* the option's, within the descriptors' limit */
	struct client *clients;              /* max_clients slots */
	size_t *active, nactive;             /* the slots in use */
	size_t *free_slots, nfree;
	uint64_t next_id;
	struct accounts accounts;
	struct subuid_ranges subuids;
	struct watched_cookies *watched;
	uint64_t change_seq;                 /* counts the news that every latch may have changed */
	bool all_changed;                    /* such news, not yet marked on the watches */
	bool dirt_pending;                   /* some client's watches wait to be worked out */
	int64_t next_refresh_ms;             /* the earliest the next refresh may start */
	struct job *ready;                   /* made by the main thread's handlers (guards after
						close), for the workers; linked by next */
};

/* Seconds on a clock that only goes forward; the same in milliseconds,
 * and as a fraction. */
time_t ipsecapid_now(void);
int64_t ipsecapid_now_ms(void);
double ipsecapid_seconds(void);

/* The most latches one connection may watch. */
#define IPSECAPID_MAX_WATCHES 16384

/* Requests and refreshes of one user in progress at once: its slow ones
 * hold one worker, never all of them. */
#define IPSECAPID_RUNNING_PER_USER 1

/* While events keep coming, the watches are worked out again at most this
 * often (each time from one dump of the kernel's state shared by all). */
#define IPSECAPID_REFRESH_INTERVAL_MS 50

/* clients.c: the broker's connections. */

/* An empty broker of max_clients slots for options o: 0, or -1 without
 * memory. */
int broker_init(struct broker *b, const struct broker_options *o, size_t max_clients);
/* Drops every client and frees what b holds. */
void broker_clear(struct broker *b);

/* Serves connection fd of peer if the broker and the peer's user have
 * room for it (each refusal is logged): the new client, or NULL (the
 * caller closes fd). */
struct client *broker_add_client(struct broker *b, int fd, const struct ucred *peer);

/* The client in slot whose id is id, or NULL if it has gone. */
struct client *broker_client(struct broker *b, size_t slot, uint64_t id);
size_t broker_slot_of(const struct broker *b, const struct client *c);

/* Marks the clients idle past the timeout gone: not those whose request
 * is in progress, nor those that watch latches (they wait for news; the
 * per-user limits bound them). */
void broker_expire_idle(struct broker *b);
/* Closes the clients marked gone. */
void broker_drop_gone(struct broker *b);

/* Queues job for the workers (b->ready). */
void broker_queue_job(struct broker *b, struct job *job);
/* The jobs queued, oldest first, linked by next; the queue is empty
 * after. */
struct job *broker_take_ready_jobs(struct broker *b);

/* The log's words for a peer: "pid P uid U", with the user charged if it
 * is another (a subordinate uid's range owner). */
void broker_describe_peer(const struct client *c, char *out, size_t size);

#endif
