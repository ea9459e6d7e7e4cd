/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Watching connection latches (ipsec_create_latch_watch(3)).  A process
 * with CAP_NET_ADMIN follows the kernel's news itself and works each
 * latch out again, as ipsec_get_socket_pToken() does, after XFRM events.
 * Any other process has the broker do it: the same events, the same
 * states, through a connection of the watch's own.  Which one is the
 * backend's choice (backend.h); either way only changes are reported.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "ipsecapi.h"
#include "backend.h"

struct ipsec_latch_watch {
	int epoll;
	const struct ipsecapi_backend *backend;
	struct ipsecapi_watch_feed feed;
	bool feed_polled;
	unsigned feed_generation; /* of the feed's descriptor in the epoll set */
	struct ipsecapi_latch_table table;
};

/* The feed's descriptor in the epoll set: a broker feed makes a new
 * connection after an idle one was dropped, which takes its place. */
static int poll_feed(ipsec_latch_watch_t watch, const char *fn)
{
	int fd = watch->backend->watch_fd(&watch->feed);

	if (fd < 0 || (watch->feed_polled && watch->feed_generation == watch->feed.generation)) {
		return 0;
	}
	if (ipsecapi_poll_set_add(watch->epoll, fd, fn) != 0) {
		return -1;
	}
	watch->feed_polled = true;
	watch->feed_generation = watch->feed.generation;
	return 0;
}

static int open_feed(ipsec_latch_watch_t watch, const char *fn)
{
	const struct ipsecapi_backend *b = ipsecapi_backend_first();

	while (b->watch_open(&watch->feed, fn) != 0) {
		if ((b = ipsecapi_backend_after(b)) == NULL) {
			return -1;
		}
	}
	watch->backend = b;
	return poll_feed(watch, fn);
}

ipsec_latch_watch_t ipsec_create_latch_watch(void)
{
	static const char fn[] = "ipsec_create_latch_watch";
	struct ipsec_latch_watch *watch = calloc(1, sizeof(*watch));

	if (watch == NULL) {
		ipsecapi_fail(ENOMEM, fn, "no memory for a latch watch");
		return NULL;
	}
	watch->feed.broker.sock = -1;
	watch->epoll = ipsecapi_poll_set_create(fn);
	if (watch->epoll < 0) {
		goto fail;
	}
	if (open_feed(watch, fn) != 0) {
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
	if (watch->backend != NULL) {
		watch->backend->watch_close(&watch->feed);
	}
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

/* After a change of the watched set, the feed's descriptor polled. */
static int feed_changed(ipsec_latch_watch_t watch, int rc, const char *fn)
{
	int err = errno;

	if (poll_feed(watch, fn) != 0) {
		return -1;
	}
	errno = err;
	return rc;
}

int ipsec_watch_latch(ipsec_latch_watch_t watch, int fd)
{
	if (watch == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "watch is NULL");
	}
	if (ipsecapi_latch_table_by_fd(&watch->table, fd) != NULL) {
		return ipsecapi_fail(EEXIST, __func__, "fd %d is watched already", fd);
	}
	return feed_changed(watch,
			    watch->backend->watch_add(&watch->feed, &watch->table, fd, __func__),
			    __func__);
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
	return feed_changed(watch,
			    watch->backend->watch_remove(&watch->feed, &watch->table, e, __func__),
			    __func__);
}

int ipsec_next_latch_event(ipsec_latch_watch_t watch, int *fd, uint16_t *state)
{
	struct ipsecapi_latch_entry *e;
	int rc;

	if (watch == NULL || fd == NULL || state == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "%s is NULL",
				     watch == NULL ? "watch" : fd == NULL ? "fd" : "state");
	}
	rc = watch->backend->watch_take(&watch->feed, &watch->table, __func__);
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
