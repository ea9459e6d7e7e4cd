/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The connections that a latch watch follows, with the state last worked
 * out for each and whether its change is still to be reported.  The same
 * table serves a watch in this process, which works a latch out through
 * the socket's fd, and the broker, which holds no application's socket
 * past a request and works it out by the connection's flow and cookie.
 */
#ifndef IPSECAPI_LATCH_TABLE_H
#define IPSECAPI_LATCH_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel.h"

struct ipsecapi_latch_entry {
	int fd;                    /* the socket in this process, or -1 */
	uint32_t tag;              /* the broker's name for the watch */
	struct ipsecapi_flow flow; /* its cookie names the socket */
	uint16_t state;            /* IPSEC_API_LATCH_*, 0 for no latch */
	bool dirty;                /* to be worked out again */
	bool news;                 /* a change not reported yet */
	/* The socket's own policies require IPsec: what its guard after
	 * close repeats (after_close.h). */
	bool guarded;
	struct ipsecapi_guard guard;
};

struct ipsecapi_latch_table {
	struct ipsecapi_latch_entry *e;
	size_t n, cap;
};

void ipsecapi_latch_table_clear(struct ipsecapi_latch_table *t);

/* The connection of socket fd as a new entry (tag 0, news set), with its
 * latch's state now, through the same lookup as
 * ipsec_get_socket_pToken() (which latches a protected connection).  0,
 * or -1 with the error recorded for fn. */
int ipsecapi_latch_entry_of(int fd, struct ipsecapi_latch_entry *e, const char *fn);

/* Whether e's fd is still the socket that was watched (not closed, and
 * its number not taken by another socket since). */
bool ipsecapi_latch_entry_fd_holds(const struct ipsecapi_latch_entry *e);

/* Adds e: 0, or -1 with ENOMEM recorded for fn. */
int ipsecapi_latch_table_add(struct ipsecapi_latch_table *t, const struct ipsecapi_latch_entry *e,
			     const char *fn);
struct ipsecapi_latch_entry *ipsecapi_latch_table_by_fd(struct ipsecapi_latch_table *t, int fd);
struct ipsecapi_latch_entry *ipsecapi_latch_table_by_tag(struct ipsecapi_latch_table *t,
							 uint32_t tag);
void ipsecapi_latch_table_remove(struct ipsecapi_latch_table *t, struct ipsecapi_latch_entry *e);

/* A new state for e: news if it differs. */
void ipsecapi_latch_entry_set(struct ipsecapi_latch_entry *e, uint16_t state);

/* Every entry, or those of the socket with this cookie, to be worked out
 * again. */
void ipsecapi_latch_table_all_dirty(struct ipsecapi_latch_table *t);
void ipsecapi_latch_table_dirty(struct ipsecapi_latch_table *t, uint64_t cookie);
/* Whether e, once its socket is gone, gets a guard after close: a TCP
 * connection, not reported CLOSED yet, whose own policies required
 * IPsec. */
bool ipsecapi_latch_entry_needs_guard(const struct ipsecapi_latch_entry *e);

/* The socket with this cookie is gone: a TCP connection whose own
 * policies required IPsec gets its guard after close, before anything
 * else is done about it.  0, or -1 with the error recorded for fn. */
int ipsecapi_latch_table_guard(const struct ipsecapi_latch_table *t, uint64_t cookie,
			       const char *fn);

/* The socket with this cookie is gone: its entries are CLOSED. */
void ipsecapi_latch_table_destroyed(struct ipsecapi_latch_table *t, uint64_t cookie);

/*
 * Works every dirty entry out again.  Through its fd: a socket that is
 * gone or no longer connected (its fd closed, or now another socket) is
 * CLOSED, and a protected connection without a latch gets one.  Or, with
 * by_flow, by its flow and cookie, which latches nothing, from view (NULL:
 * asking the kernel for each); a latch that is no longer found there was
 * its socket's, which is gone: CLOSED.  0, or -1 with the error recorded
 * for fn (the entry stays dirty).
 */
int ipsecapi_latch_table_refresh(struct ipsecapi_latch_table *t, bool by_flow,
				 struct ipsecapi_kernel_view *view, const char *fn);

/* The first entry with news, or NULL. */
struct ipsecapi_latch_entry *ipsecapi_latch_table_news(struct ipsecapi_latch_table *t);
/* e's news reported: a CLOSED entry is forgotten. */
void ipsecapi_latch_table_reported(struct ipsecapi_latch_table *t, struct ipsecapi_latch_entry *e);

#endif
