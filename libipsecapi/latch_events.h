/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel's news that may change a connection latch: XFRM events (SA,
 * expiry, policy), after which a latch is worth working out again, and the
 * destruction of sockets (sock_diag), after which a connection is CLOSED.
 * Both need CAP_NET_ADMIN in this process's network namespace.
 *
 * The XFRM messages themselves are never read: an SA notification carries
 * the SA's keys, and which connection an SA serves takes the full lookup
 * anyway.  Each one is received into a single octet and discarded.
 */
#ifndef IPSECAPI_LATCH_EVENTS_H
#define IPSECAPI_LATCH_EVENTS_H

#include <stdint.h>

struct ipsecapi_latch_events;

/* The kernel's groups joined: 0 and *out, or -1 with errno (EPERM without
 * CAP_NET_ADMIN) and the reason recorded for fn. */
int ipsecapi_latch_events_open(struct ipsecapi_latch_events **out, const char *fn);
void ipsecapi_latch_events_close(struct ipsecapi_latch_events *ev);

/* The two sockets to poll for input (non-blocking, close-on-exec). */
void ipsecapi_latch_events_fds(const struct ipsecapi_latch_events *ev, int fds[2]);

struct ipsecapi_latch_news {
	/* Every latch may have changed: XFRM events came, or some were lost.
	 * If destructions were lost, this is set too. */
	void (*changed)(void *data);
	/* The socket with this cookie is gone. */
	void (*destroyed)(uint64_t cookie, void *data);
	void *data;
};

/* Takes in every event that is waiting and tells news about it.  0, or -1
 * with the error recorded for fn. */
int ipsecapi_latch_events_take(struct ipsecapi_latch_events *ev,
			       const struct ipsecapi_latch_news *news, const char *fn);

#endif
