/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Watching connection latches (ipsec_create_latch_watch(3)).  A process
 * with CAP_NET_ADMIN follows the kernel's news itself (latch_events.h)
 * and works each latch out again, as ipsec_get_socket_pToken() does,
 * after XFRM events.  Any other process has the broker do it
 * (broker_watch.h): the same events, the same states, through a
 * connection of the watch's own.  Either way only changes are reported.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "ipsecapi.h"
#include "broker_link.h"
#include "core.h"
#include "engine.h"

struct ipsec_latch_watch {
	int epoll;
	struct ipsecapi_latch_events *events; /* NULL when the broker watches */
	struct ipsecapi_broker_watch broker;
	struct ipsecapi_latch_table table;
};

/* The kernel's and charon's news, or without CAP_NET_ADMIN the broker's. */
static int follow(ipsec_latch_watch_t watch, const char *fn)
{
	if (ipsecapi_latch_events_open(&watch->events, fn) == 0) {
		return ipsecapi_poll_set_add(watch->epoll, ipsecapi_latch_events_fd(watch->events), fn);
	}
	if (errno != EPERM || ipsecapi_broker_watch_open(&watch->broker, fn) != 0) {
		return -1;
	}
	return ipsecapi_poll_set_add(watch->epoll, watch->broker.sock, fn);
}

ipsec_latch_watch_t ipsec_create_latch_watch(void)
{
	static const char fn[] = "ipsec_create_latch_watch";
	struct ipsec_latch_watch *watch = calloc(1, sizeof(*watch));

	if (watch == NULL) {
		ipsecapi_fail(ENOMEM, fn, "no memory for a latch watch");
		return NULL;
	}
	watch->broker.sock = -1;
	watch->epoll = ipsecapi_poll_set_create(fn);
	if (watch->epoll < 0) {
		goto fail;
	}
	if (follow(watch, fn) != 0) {
		goto fail;
	}
	return watch;
fail:
	ipsec_free_latch_watch(watch);
	return NULL;
}

int ipsec_free_latch_watch(ipsec_latch_watch_t watch)
{
	int err = errno;

	if (watch == NULL) {
		return 0;
	}
	ipsecapi_latch_events_close(watch->events);
	ipsecapi_broker_watch_close(&watch->broker);
	if (watch->epoll >= 0) {
		close(watch->epoll);
	}
	ipsecapi_latch_table_clear(&watch->table);
	free(watch);
	errno = err;
	return 0;
}

int ipsec_latch_watch_fd(ipsec_latch_watch_t watch)
{
	if (watch == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "watch is NULL");
	}
	return watch->epoll;
}

/* A new connection to the broker after an idle one was dropped takes the
 * old one's place in the epoll set. */
static int broker_request(ipsec_latch_watch_t watch, int fd, struct ipsecapi_latch_entry *e,
			  const char *fn)
{
	unsigned before = watch->broker.connections;
	int rc;

	rc = e != NULL ? ipsecapi_broker_watch_remove(&watch->broker, &watch->table, e, fn)
		       : ipsecapi_broker_watch_add(&watch->broker, &watch->table, fd, fn);
	if (watch->broker.connections != before && watch->broker.sock >= 0) {
		int err = errno;

		if (ipsecapi_poll_set_add(watch->epoll, watch->broker.sock, fn) != 0) {
			return -1;
		}
		errno = err;
	}
	return rc;
}

int ipsec_watch_latch(ipsec_latch_watch_t watch, int fd)
{
	struct ipsecapi_latch_entry e;

	if (watch == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "watch is NULL");
	}
	if (ipsecapi_latch_table_by_fd(&watch->table, fd) != NULL) {
		return ipsecapi_fail(EEXIST, __func__, "fd %d is watched already", fd);
	}
	if (watch->events == NULL) {
		return broker_request(watch, fd, NULL, __func__);
	}
	if (ipsecapi_latch_entry_of(fd, &e, __func__) != 0) {
		return -1;
	}
	return ipsecapi_latch_table_add(&watch->table, &e, __func__);
}

int ipsec_unwatch_latch(ipsec_latch_watch_t watch, int fd)
{
	struct ipsecapi_latch_entry *e;

	if (watch == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "watch is NULL");
	}
	e = ipsecapi_latch_table_by_fd(&watch->table, fd);
	if (e == NULL) {
		return ipsecapi_fail(ENOENT, __func__, "fd %d is not watched", fd);
	}
	if (watch->events == NULL) {
		return broker_request(watch, fd, e, __func__);
	}
	ipsecapi_latch_table_remove(&watch->table, e);
	return 0;
}

static void all_dirty(void *data)
{
	ipsecapi_latch_table_all_dirty(data);
}

static void destroyed(uint64_t cookie, void *data)
{
	/* No way to tell the application about a guard that could not be
	 * made: its connection is gone, and the kernel's late answers fall
	 * back to the SPD, as without one. */
	(void)ipsecapi_latch_table_guard(data, cookie, "ipsec_next_latch_event");
	ipsecapi_latch_table_destroyed(data, cookie);
}

/* What changed since the last call, in the table. */
static int take_news(ipsec_latch_watch_t watch, const char *fn)
{
	const struct ipsecapi_latch_news news = { all_dirty, destroyed, &watch->table };

	if (watch->events == NULL) {
		return ipsecapi_broker_watch_take(&watch->broker, &watch->table, fn);
	}
	if (ipsecapi_latch_events_take(watch->events, &news, fn) != 0) {
		return -1;
	}
	return ipsecapi_latch_table_refresh(&watch->table, false, NULL, fn);
}

int ipsec_next_latch_event(ipsec_latch_watch_t watch, int *fd, uint16_t *state)
{
	struct ipsecapi_latch_entry *e;
	int rc;

	if (watch == NULL || fd == NULL || state == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "%s is NULL",
				     watch == NULL ? "watch" : fd == NULL ? "fd" : "state");
	}
	rc = take_news(watch, __func__);
	/* News taken in before a failure goes first; the failure comes
	 * again at the next call. */
	e = ipsecapi_latch_table_news(&watch->table);
	if (e == NULL) {
		return rc;
	}
	*fd = e->fd;
	*state = e->state;
	ipsecapi_latch_table_reported(&watch->table, e);
	return 1;
}
