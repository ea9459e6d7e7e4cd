/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where the API's calls are carried out: the kernel, for a process that
 * it lets use XFRM in the socket's network namespace (CAP_NET_ADMIN), or
 * else the broker (ipsecapid), which the library asks in the process's
 * stead, with the socket itself.  The kernel refuses with EPERM before
 * anything changes, so a call goes to the broker only then; that choice
 * is made in ipsecapi_backend_after() alone.
 */
#ifndef IPSECAPI_BACKEND_H
#define IPSECAPI_BACKEND_H

#include <stdbool.h>

#include "ipsecapi.h"
#include "broker_link.h"
#include "core.h"
#include "engine.h"

/* A latch watch's source of news: the kernel's and the key manager's
 * events, worked out in this process, or the broker's reports. */
struct ipsecapi_watch_feed {
	struct ipsecapi_latch_events *events;
	struct ipsecapi_broker_watch broker;
	/* Counts the descriptors the feed has had: a new one must be polled
	 * even if it got the number of the old one. */
	unsigned generation;
};

struct ipsecapi_backend {
	const char *name;

	/* ipsec_get_socket_pToken() and ipsec_set_socket_pToken(). */
	int (*get_socket)(int fd, ipsec_pToken_t *out, const char *fn);
	int (*set_socket)(int fd, const ipsec_pToken_t p, const char *fn);

	/* The pToken of a datagram of flow that socket fd received. */
	int (*datagram_ptoken)(int fd, const struct ipsecapi_flow *flow, ipsec_pToken_t *out,
			       const char *fn);
	/* Whether the kernel will enforce demand t for a datagram of flow
	 * sent on socket fd (its source known if source_known): 0, or -1. */
	int (*datagram_check)(int fd, const struct ipsecapi_flow *flow, bool source_known,
			      const struct ipsecapi_ticket *t, const char *fn);

	/* A latch watch: its feed opened and closed, the descriptor to poll
	 * (a new one, with a new generation, may come with watch_add or
	 * watch_remove), a socket
	 * watched or no longer, and the news taken into table t. */
	int (*watch_open)(struct ipsecapi_watch_feed *f, const char *fn);
	void (*watch_close)(struct ipsecapi_watch_feed *f);
	int (*watch_fd)(const struct ipsecapi_watch_feed *f);
	int (*watch_add)(struct ipsecapi_watch_feed *f, struct ipsecapi_latch_table *t, int fd,
			 const char *fn);
	int (*watch_remove)(struct ipsecapi_watch_feed *f, struct ipsecapi_latch_table *t,
			    struct ipsecapi_latch_entry *e, const char *fn);
	int (*watch_take)(struct ipsecapi_watch_feed *f, struct ipsecapi_latch_table *t,
			  const char *fn);
};

extern const struct ipsecapi_backend ipsecapi_kernel_backend;
extern const struct ipsecapi_backend ipsecapi_broker_backend;

/* The backend a call tries first: the kernel. */
const struct ipsecapi_backend *ipsecapi_backend_first(void);

/* The backend to try after b failed with errno: the broker when the
 * kernel refused this process (EPERM), else NULL (the failure stands;
 * errno is kept). */
const struct ipsecapi_backend *ipsecapi_backend_after(const struct ipsecapi_backend *b);

#endif
