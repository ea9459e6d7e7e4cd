/* SPDX-License-Identifier: BSD-2-Clause */
/* The latches' news, read on a thread of its own (latch_feed.h). */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "ipsecapi.h"
#include "engine.h"
#include "latch_feed.h"

/* Destructions kept for the main thread at most; more count as lost,
 * after which every latch is worked out again. */
#define MAX_DESTROYED 65536

struct latch_feed {
	pthread_t thread;
	int ready_fd; /* to the main thread */
	int stop_fd;  /* to this thread */
	struct watched_cookies *watched;
	pthread_mutex_t lock;
	struct latch_feed_news inbox; /* under lock */
	size_t destroyed_cap;
};

static void wake_main(struct latch_feed *f)
{
	uint64_t one = 1;

	if (write(f->ready_fd, &one, sizeof(one)) < 0) {
		/* EAGAIN: it is awake already */
	}
}

static void on_changed(void *data)
{
	struct latch_feed *f = data;

	pthread_mutex_lock(&f->lock);
	f->inbox.changed = true;
	pthread_mutex_unlock(&f->lock);
}

static void on_destroyed(uint64_t cookie, void *data)
{
	struct latch_feed *f = data;
	struct latch_feed_news *in = &f->inbox;

	if (!watched_cookies_has(f->watched, cookie)) {
		return;
	}
	pthread_mutex_lock(&f->lock);
	if (f->destroyed_cap < MAX_DESTROYED) {
		uint64_t *more = ipsecapi_array_room(in->destroyed, in->ndestroyed,
						     &f->destroyed_cap, sizeof(*more));

		if (more != NULL) {
			in->destroyed = more;
		}
	}
	if (in->ndestroyed < f->destroyed_cap) {
		in->destroyed[in->ndestroyed++] = cookie;
	} else {
		in->changed = true; /* lost: each latch is worked out again instead */
	}
	pthread_mutex_unlock(&f->lock);
}

static void post_failure(struct latch_feed *f, bool at_start, const char *why)
{
	pthread_mutex_lock(&f->lock);
	if (at_start) {
		f->inbox.start_failed = true;
	} else {
		f->inbox.failed = true;
	}
	snprintf(f->inbox.why, sizeof(f->inbox.why), "%s", why);
	pthread_mutex_unlock(&f->lock);
	wake_main(f);
}

static void *follow_latch_news(void *arg)
{
	static const char fn[] = "ipsecapid";
	struct latch_feed *f = arg;
	const struct ipsecapi_latch_news news = { .changed = on_changed, .destroyed = on_destroyed,
						  .data = f };
	struct ipsecapi_latch_events *ev = NULL;
	struct pollfd p[2];

	if (ipsecapi_latch_events_open(&ev, fn) != 0) {
		post_failure(f, true, ipsec_last_error());
		return NULL;
	}
	/* A watch added while the events were being opened missed them. */
	pthread_mutex_lock(&f->lock);
	f->inbox.started = true;
	f->inbox.changed = true;
	pthread_mutex_unlock(&f->lock);
	wake_main(f);
	p[0].fd = ipsecapi_latch_events_fd(ev);
	p[1].fd = f->stop_fd;
	p[0].events = p[1].events = POLLIN;
	for (;;) {
		/* Once a second at least, so that a charon that was gone is
		 * looked for again. */
		if (poll(p, 2, 1000) < 0 && errno != EINTR) {
			post_failure(f, false, strerror(errno));
			break;
		}
		if (p[1].revents != 0) {
			break;
		}
		if (ipsecapi_latch_events_take(ev, &news, fn) != 0) {
			post_failure(f, false, ipsecapi_last_reason(fn));
			/* Not again at once: whatever failed may not have passed. */
			if (poll(&p[1], 1, 1000) > 0) {
				break;
			}
			continue;
		}
		pthread_mutex_lock(&f->lock);
		if (f->inbox.changed || f->inbox.ndestroyed > 0) {
			wake_main(f);
		}
		pthread_mutex_unlock(&f->lock);
	}
	ipsecapi_latch_events_close(ev);
	return NULL;
}

int latch_feed_start(struct latch_feed **out, struct watched_cookies *watched)
{
	struct latch_feed *f = calloc(1, sizeof(*f));
	int err;

	*out = NULL;
	if (f == NULL) {
		return -1;
	}
	f->watched = watched;
	f->ready_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	f->stop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (f->ready_fd < 0 || f->stop_fd < 0) {
		err = errno;
		goto fail;
	}
	if ((err = pthread_mutex_init(&f->lock, NULL)) != 0) {
		goto fail;
	}
	if ((err = pthread_create(&f->thread, NULL, follow_latch_news, f)) != 0) {
		pthread_mutex_destroy(&f->lock);
		goto fail;
	}
	*out = f;
	return 0;
fail:
	if (f->ready_fd >= 0) {
		close(f->ready_fd);
	}
	if (f->stop_fd >= 0) {
		close(f->stop_fd);
	}
	free(f);
	errno = err;
	return -1;
}

int latch_feed_fd(const struct latch_feed *f)
{
	return f->ready_fd;
}

void latch_feed_take(struct latch_feed *f, struct latch_feed_news *news)
{
	uint64_t count;

	if (read(f->ready_fd, &count, sizeof(count)) < 0) {
		/* EAGAIN: look anyway */
	}
	pthread_mutex_lock(&f->lock);
	*news = f->inbox;
	memset(&f->inbox, 0, sizeof(f->inbox));
	f->destroyed_cap = 0;
	pthread_mutex_unlock(&f->lock);
}

void latch_feed_stop(struct latch_feed *f)
{
	uint64_t one = 1;

	if (f == NULL) {
		return;
	}
	if (write(f->stop_fd, &one, sizeof(one)) < 0) {
		/* cannot fail on a fresh counter */
	}
	pthread_join(f->thread, NULL);
	free(f->inbox.destroyed);
	pthread_mutex_destroy(&f->lock);
	close(f->ready_fd);
	close(f->stop_fd);
	free(f);
}
