/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The news that may change a connection latch: the kernel's XFRM events
 * (SA, expiry, policy) and the key manager's (km.h), after which a latch
 * is worth working out again, and the destruction of sockets (sock_diag),
 * after which a connection is CLOSED.  The kernel's need CAP_NET_ADMIN in
 * this process's network namespace; the key manager is followed when it
 * can be reached, and looked for again at later news when it could not.
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

/* The one fd to poll for input (an epoll instance of the sockets). */
int ipsecapi_latch_events_fd(const struct ipsecapi_latch_events *ev);

struct ipsecapi_latch_news {
	/* Every latch may have changed: XFRM or the key manager's events
	 * came, some were lost, or the key manager went or came back.  If
	 * destructions were lost, this is set too. */
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
