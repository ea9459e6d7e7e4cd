/* SPDX-License-Identifier: BSD-2-Clause */
/* The API's calls carried out on the kernel, in this process (backend.h). */
#include <errno.h>

#include "backend.h"

static int kernel_get_socket(int fd, ipsec_pToken_t *out, const char *fn)
{
	return ipsecapi_socket_protection(fd, IPSECAPI_LATCH_IF_DUE, out, fn);
}

static int kernel_set_socket(int fd, const ipsec_pToken_t p, const char *fn)
{
	return ipsecapi_socket_set_protection(fd, p, false, fn);
}

static int kernel_datagram_ptoken(int fd, const struct ipsecapi_flow *flow, ipsec_pToken_t *out,
				  const char *fn)
{
	(void)fd;
	return ipsecapi_flow_protection(flow, out, fn);
}

static int kernel_datagram_check(int fd, const struct ipsecapi_flow *flow, bool source_known,
				 const struct ipsecapi_ticket *t, const char *fn)
{
	const struct ipsecapi_datagram_demand want = {
		.min_privacy = ipsecapi_demanded_strength(t->u.demand.privacy),
		.min_integrity = ipsecapi_demanded_strength(t->u.demand.integrity),
		.reqid = t->u.demand.reqid,
	};

	(void)fd;
	return ipsecapi_datagram_enforced(flow, source_known, &want, fn);
}

static int kernel_watch_open(struct ipsecapi_watch_feed *f, const char *fn)
{
	return ipsecapi_latch_events_open(&f->events, fn);
}

static void kernel_watch_close(struct ipsecapi_watch_feed *f)
{
	ipsecapi_latch_events_close(f->events);
	f->events = NULL;
}

static int kernel_watch_fd(const struct ipsecapi_watch_feed *f)
{
	return ipsecapi_latch_events_fd(f->events);
}

static int kernel_watch_add(struct ipsecapi_watch_feed *f, struct ipsecapi_latch_table *t, int fd,
			    const char *fn)
{
	struct ipsecapi_latch_entry e;

	(void)f;
	if (ipsecapi_latch_entry_of(fd, &e, fn) != 0) {
		return -1;
	}
	return ipsecapi_latch_table_add(t, &e, fn);
}

static int kernel_watch_remove(struct ipsecapi_watch_feed *f, struct ipsecapi_latch_table *t,
			       struct ipsecapi_latch_entry *e, const char *fn)
{
	(void)f;
	(void)fn;
	ipsecapi_latch_table_remove(t, e);
	return 0;
}

static void mark_all_dirty(void *data)
{
	ipsecapi_latch_table_all_dirty(data);
}

static void guard_and_close(uint64_t cookie, void *data)
{
	/* No way to tell the application about a guard that could not be
	 * made: its connection is gone, and the kernel's late answers fall
	 * back to the SPD, as without one. */
	(void)ipsecapi_latch_table_guard(data, cookie, "ipsec_next_latch_event");
	ipsecapi_latch_table_destroyed(data, cookie);
}

/* The kernel's news, then every latch it may have changed worked out
 * again, as ipsec_get_socket_pToken() does. */
static int kernel_watch_take(struct ipsecapi_watch_feed *f, struct ipsecapi_latch_table *t,
			     const char *fn)
{
	const struct ipsecapi_latch_news news = {
		.changed = mark_all_dirty,
		.destroyed = guard_and_close,
		.data = t,
	};

	if (ipsecapi_latch_events_take(f->events, &news, fn) != 0) {
		return -1;
	}
	return ipsecapi_latch_table_refresh(t, false, NULL, fn);
}

const struct ipsecapi_backend ipsecapi_kernel_backend = {
	.name = "kernel",
	.get_socket = kernel_get_socket,
	.set_socket = kernel_set_socket,
	.datagram_ptoken = kernel_datagram_ptoken,
	.datagram_check = kernel_datagram_check,
	.watch_open = kernel_watch_open,
	.watch_close = kernel_watch_close,
	.watch_fd = kernel_watch_fd,
	.watch_add = kernel_watch_add,
	.watch_remove = kernel_watch_remove,
	.watch_take = kernel_watch_take,
};
