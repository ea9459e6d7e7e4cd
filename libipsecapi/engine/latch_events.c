/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel's news about latches (latch_events.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/xfrm.h>

#include "core.h"
#include "km.h"
#include "latch_events.h"

struct ipsecapi_latch_events {
	int epoll; /* the three below, as one fd to poll */
	struct mnl_socket *xfrm, *diag;
	const struct ipsecapi_km *manager;
	struct ipsecapi_km_news *km; /* NULL while the key manager cannot be reached */
	time_t km_tried;             /* when it was last looked for */
};

/* Follows the key manager, if it can be reached; tried at most once a second. */
static void follow_km(struct ipsecapi_latch_events *ev, const char *fn)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (ev->km_tried != 0 && now.tv_sec - ev->km_tried < 1) {
		return;
	}
	ev->km_tried = now.tv_sec != 0 ? now.tv_sec : 1;
	ev->km = ev->manager->news_open();
	if (ev->km != NULL &&
	    ipsecapi_poll_set_add(ev->epoll, ev->manager->news_fd(ev->km), fn) != 0) {
		ev->manager->news_close(ev->km);
		ev->km = NULL;
	}
}

static int open_group_socket(struct mnl_socket **out, int bus, unsigned groups, const char *what,
			     const char *fn)
{
	int err;

	*out = mnl_socket_open2(bus, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (*out != NULL && mnl_socket_bind(*out, groups, MNL_SOCKET_AUTOPID) == 0) {
		return 0;
	}
	err = errno;
	if (err == EPERM) {
		return ipsecapi_fail(EPERM, fn, "CAP_NET_ADMIN is needed to follow %s", what);
	}
	return ipsecapi_fail(err, fn, "cannot follow %s: %s", what, strerror(err));
}

int ipsecapi_latch_events_open(struct ipsecapi_latch_events **out, const char *fn)
{
	struct ipsecapi_latch_events *ev = calloc(1, sizeof(*ev));
	const unsigned destroyed = 1u << (SKNLGRP_INET_TCP_DESTROY - 1) |
				   1u << (SKNLGRP_INET_UDP_DESTROY - 1) |
				   1u << (SKNLGRP_INET6_TCP_DESTROY - 1) |
				   1u << (SKNLGRP_INET6_UDP_DESTROY - 1);

	*out = NULL;
	if (ev == NULL) {
		return ipsecapi_fail(ENOMEM, fn, "no memory to follow the kernel's events");
	}
	ev->manager = ipsecapi_km_of_host();
	ev->epoll = ipsecapi_poll_set_create(fn);
	if (ev->epoll < 0) {
		free(ev);
		return -1;
	}
	if (open_group_socket(&ev->xfrm, NETLINK_XFRM, XFRMGRP_SA | XFRMGRP_EXPIRE | XFRMGRP_POLICY,
			      "the kernel's XFRM events", fn) != 0 ||
	    open_group_socket(&ev->diag, NETLINK_SOCK_DIAG, destroyed,
			      "the destruction of sockets", fn) != 0 ||
	    ipsecapi_poll_set_add(ev->epoll, mnl_socket_get_fd(ev->xfrm), fn) != 0 ||
	    ipsecapi_poll_set_add(ev->epoll, mnl_socket_get_fd(ev->diag), fn) != 0) {
		ipsecapi_latch_events_close(ev);
		return -1;
	}
	follow_km(ev, fn);
	*out = ev;
	return 0;
}

void ipsecapi_latch_events_close(struct ipsecapi_latch_events *ev)
{
	int err = errno;

	if (ev == NULL) {
		return;
	}
	if (ev->xfrm != NULL) {
		mnl_socket_close(ev->xfrm);
	}
	if (ev->diag != NULL) {
		mnl_socket_close(ev->diag);
	}
	ev->manager->news_close(ev->km);
	close(ev->epoll);
	free(ev);
	errno = err;
}

int ipsecapi_latch_events_fd(const struct ipsecapi_latch_events *ev)
{
	return ev->epoll;
}

/* Takes in every XFRM event that is waiting; any (or a lost one: ENOBUFS)
 * makes every latch worth working out again. */
static int take_xfrm_events(struct ipsecapi_latch_events *ev,
			    const struct ipsecapi_latch_news *news, const char *fn)
{
	bool changed = false;
	uint8_t octet;

	for (;;) {
		ssize_t n = recv(mnl_socket_get_fd(ev->xfrm), &octet, 1, MSG_DONTWAIT | MSG_TRUNC);

		if (n >= 0 || errno == ENOBUFS) {
			changed = true;
			continue;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			break;
		}
		if (errno != EINTR) {
			return ipsecapi_fail(errno, fn, "cannot read the kernel's XFRM events: %s",
					     strerror(errno));
		}
	}
	if (changed) {
		news->changed(news->data);
	}
	return 0;
}

static void tell_destruction(const struct nlmsghdr *nlh, const struct ipsecapi_latch_news *news)
{
	const struct inet_diag_msg *m;

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY || mnl_nlmsg_get_payload_len(nlh) < sizeof(*m)) {
		return;
	}
	m = mnl_nlmsg_get_payload(nlh);
	news->destroyed((uint64_t)m->id.idiag_cookie[1] << 32 | m->id.idiag_cookie[0], news->data);
}

static int take_destructions(struct ipsecapi_latch_events *ev,
			     const struct ipsecapi_latch_news *news, const char *fn)
{
	uint8_t buf[8192];

	for (;;) {
		ssize_t n = recv(mnl_socket_get_fd(ev->diag), buf, sizeof(buf), MSG_DONTWAIT);
		const struct nlmsghdr *nlh;
		int len = (int)n;

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				return 0;
			}
			if (errno == ENOBUFS) {
				news->changed(news->data);
				continue;
			}
			if (errno != EINTR) {
				return ipsecapi_fail(errno, fn, "cannot read the sockets' destruction: %s",
						     strerror(errno));
			}
			continue;
		}
		for (nlh = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			tell_destruction(nlh, news);
		}
	}
}

/* The key manager's news, or its end; one that was gone is looked for
 * again, and one that came back may have changed every latch. */
static void take_km_news(struct ipsecapi_latch_events *ev, const struct ipsecapi_latch_news *news,
			 const char *fn)
{
	bool ended;

	if (ev->km == NULL) {
		follow_km(ev, fn);
		if (ev->km != NULL) {
			news->changed(news->data);
		}
		return;
	}
	if (ev->manager->news_take(ev->km, &ended)) {
		news->changed(news->data);
	}
	if (ended) {
		/* Closing the socket takes it out of the epoll set. */
		ev->manager->news_close(ev->km);
		ev->km = NULL;
	}
}

int ipsecapi_latch_events_take(struct ipsecapi_latch_events *ev,
			       const struct ipsecapi_latch_news *news, const char *fn)
{
	if (take_destructions(ev, news, fn) != 0 || take_xfrm_events(ev, news, fn) != 0) {
		return -1;
	}
	take_km_news(ev, news, fn);
	return 0;
}
