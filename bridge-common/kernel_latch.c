/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libipsecapi's latch watch as a latch source: one watch per socket.  Its
 * first event, the latch's state then, waits in the watch; after that the
 * watch's fd is readable when there may be news.  poll(2) comes first
 * because each ipsec_next_latch_event() works the latch out again.
 */
#include <poll.h>
#include <stdlib.h>

#include <ipsecapi.h>

#include "kernel_latch.h"

struct kernel_watch {
	ipsec_latch_watch_t watch;
	bool first_taken;
};

static void *kernel_watch(int socket)
{
	struct kernel_watch *k = calloc(1, sizeof(*k));

	if (k == NULL) {
		return NULL;
	}
	k->watch = ipsec_create_latch_watch();
	if (k->watch == NULL || ipsec_watch_latch(k->watch, socket) != 0) {
		ipsec_free_latch_watch(k->watch);
		free(k);
		return NULL;
	}
	return k;
}

/* 1 if there may be news, 0 if not, -1 if that cannot be told (poll(2)
 * failed, or the watch has no descriptor to poll). */
static int may_have_news(const struct kernel_watch *k)
{
	struct pollfd p = { .fd = ipsec_latch_watch_fd(k->watch), .events = POLLIN };
	int rc;

	if (!k->first_taken) {
		return 1;
	}
	if (p.fd < 0) {
		return -1; /* poll(2) would skip it: no news, ever */
	}
	rc = poll(&p, 1, 0);
	return rc > 0 && (p.revents & POLLNVAL) ? -1 : rc;
}

static int kernel_news(void *watch, uint16_t *state)
{
	struct kernel_watch *k = watch;
	uint16_t latest;
	int fd, rc, news = 0;

	rc = may_have_news(k);
	if (rc <= 0) {
		return rc;
	}
	k->first_taken = true;
	while ((rc = ipsec_next_latch_event(k->watch, &fd, &latest)) == 1) {
		*state = latest;
		news = 1;
	}
	return rc < 0 ? -1 : news;
}

static void kernel_unwatch(void *watch)
{
	struct kernel_watch *k = watch;

	if (k != NULL) {
		ipsec_free_latch_watch(k->watch);
		free(k);
	}
}

const struct btns_latch_source btns_kernel_latch = { .watch = kernel_watch,
						     .news = kernel_news,
						     .unwatch = kernel_unwatch };
