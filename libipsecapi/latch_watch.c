/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Watching connection latches: the kernel's XFRM events (SA, expiry,
 * policy) say that a latch may have changed, sock_diag's destruction
 * events say that a socket is gone.  A latch's state is worked out again,
 * as ipsec_get_socket_pToken() does, for each watched connection after
 * XFRM events; only changes are reported.
 *
 * The XFRM messages themselves are never read: an SA notification carries
 * the SA's keys, and which connection an SA serves takes the full lookup
 * anyway.  Each one is received into a single octet and discarded.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/xfrm.h>

#include "ipsecapi.h"
#include "error.h"
#include "socket_query.h"

struct watched {
	int fd;
	uint64_t cookie;
	uint16_t state; /* IPSEC_API_LATCH_*, 0 for no latch */
	bool dirty;     /* to be worked out again */
	bool news;      /* a change not reported yet */
};

struct ipsec_latch_watch {
	int epoll;
	struct mnl_socket *xfrm, *diag;
	struct watched *w;
	size_t n, cap;
};

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

static int add_to_epoll(int epoll, struct mnl_socket *s, const char *fn)
{
	struct epoll_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN;
	if (epoll_ctl(epoll, EPOLL_CTL_ADD, mnl_socket_get_fd(s), &ev) != 0) {
		return ipsecapi_fail(errno, fn, "cannot poll a netlink socket: %s", strerror(errno));
	}
	return 0;
}

ipsec_latch_watch_t ipsec_create_latch_watch(void)
{
	static const char fn[] = "ipsec_create_latch_watch";
	struct ipsec_latch_watch *watch = calloc(1, sizeof(*watch));
	const unsigned destroyed = 1u << (SKNLGRP_INET_TCP_DESTROY - 1) |
				   1u << (SKNLGRP_INET_UDP_DESTROY - 1) |
				   1u << (SKNLGRP_INET6_TCP_DESTROY - 1) |
				   1u << (SKNLGRP_INET6_UDP_DESTROY - 1);

	if (watch == NULL) {
		ipsecapi_fail(ENOMEM, fn, "no memory for a latch watch");
		return NULL;
	}
	watch->epoll = epoll_create1(EPOLL_CLOEXEC);
	if (watch->epoll < 0) {
		ipsecapi_fail(errno, fn, "cannot create an epoll instance: %s", strerror(errno));
		goto fail;
	}
	if (open_group_socket(&watch->xfrm, NETLINK_XFRM,
			      XFRMGRP_SA | XFRMGRP_EXPIRE | XFRMGRP_POLICY,
			      "the kernel's XFRM events", fn) != 0 ||
	    open_group_socket(&watch->diag, NETLINK_SOCK_DIAG, destroyed,
			      "the destruction of sockets", fn) != 0 ||
	    add_to_epoll(watch->epoll, watch->xfrm, fn) != 0 ||
	    add_to_epoll(watch->epoll, watch->diag, fn) != 0) {
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
	if (watch->xfrm != NULL) {
		mnl_socket_close(watch->xfrm);
	}
	if (watch->diag != NULL) {
		mnl_socket_close(watch->diag);
	}
	if (watch->epoll >= 0) {
		close(watch->epoll);
	}
	free(watch->w);
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

static struct watched *find_fd(ipsec_latch_watch_t watch, int fd)
{
	size_t i;

	for (i = 0; i < watch->n; i++) {
		if (watch->w[i].fd == fd) {
			return &watch->w[i];
		}
	}
	return NULL;
}

static void forget(ipsec_latch_watch_t watch, struct watched *w)
{
	*w = watch->w[--watch->n];
}

/* The latch state of socket fd now, through the same lookup as
 * ipsec_get_socket_pToken() (which latches a protected connection). */
static int state_now(int fd, uint16_t *state, const char *fn)
{
	ipsec_pToken_t p = NULL;
	uint32_t len = sizeof(*state);
	void *val = state;
	int rc;

	if (ipsecapi_socket_protection(fd, &p, fn) != 0) {
		return -1;
	}
	rc = ipsec_get_token_attr(p, IPSEC_API_ATTR_latchState, &len, &val);
	if (rc != 0) {
		*state = 0; /* no latch */
	}
	ipsec_free_pToken(p);
	return 0;
}

static int cookie_of(int fd, uint64_t *cookie)
{
	socklen_t len = sizeof(*cookie);

	return getsockopt(fd, SOL_SOCKET, SO_COOKIE, cookie, &len);
}

int ipsec_watch_latch(ipsec_latch_watch_t watch, int fd)
{
	struct watched w = { fd, 0, 0, false, true };

	if (watch == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "watch is NULL");
	}
	if (find_fd(watch, fd) != NULL) {
		return ipsecapi_fail(EEXIST, __func__, "fd %d is watched already", fd);
	}
	if (state_now(fd, &w.state, __func__) != 0 || cookie_of(fd, &w.cookie) != 0) {
		return -1;
	}
	if (watch->n == watch->cap) {
		size_t cap = watch->cap * 2 + 8;
		struct watched *more = realloc(watch->w, cap * sizeof(*more));

		if (more == NULL) {
			return ipsecapi_fail(ENOMEM, __func__, "no memory to watch one more socket");
		}
		watch->w = more;
		watch->cap = cap;
	}
	watch->w[watch->n++] = w;
	return 0;
}

int ipsec_unwatch_latch(ipsec_latch_watch_t watch, int fd)
{
	struct watched *w;

	if (watch == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "watch is NULL");
	}
	w = find_fd(watch, fd);
	if (w == NULL) {
		return ipsecapi_fail(ENOENT, __func__, "fd %d is not watched", fd);
	}
	forget(watch, w);
	return 0;
}

static void all_dirty(ipsec_latch_watch_t watch)
{
	size_t i;

	for (i = 0; i < watch->n; i++) {
		watch->w[i].dirty = true;
	}
}

static void closed(struct watched *w)
{
	w->state = IPSEC_API_LATCH_CLOSED;
	w->news = true;
	w->dirty = false;
}

/* Takes in every XFRM event that is waiting; each makes every latch
 * worth working out again.  A lost event (ENOBUFS) does too. */
static int take_xfrm_events(ipsec_latch_watch_t watch, const char *fn)
{
	uint8_t octet;

	for (;;) {
		ssize_t n = recv(mnl_socket_get_fd(watch->xfrm), &octet, 1, MSG_DONTWAIT | MSG_TRUNC);

		if (n >= 0 || errno == ENOBUFS) {
			all_dirty(watch);
			continue;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			return 0;
		}
		if (errno != EINTR) {
			return ipsecapi_fail(errno, fn, "cannot read the kernel's XFRM events: %s",
					     strerror(errno));
		}
	}
}

static void on_destroyed(ipsec_latch_watch_t watch, const struct nlmsghdr *nlh)
{
	const struct inet_diag_msg *m;
	uint64_t cookie;
	size_t i;

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY || mnl_nlmsg_get_payload_len(nlh) < sizeof(*m)) {
		return;
	}
	m = mnl_nlmsg_get_payload(nlh);
	cookie = (uint64_t)m->id.idiag_cookie[1] << 32 | m->id.idiag_cookie[0];
	for (i = 0; i < watch->n; i++) {
		if (watch->w[i].cookie == cookie && watch->w[i].state != IPSEC_API_LATCH_CLOSED) {
			closed(&watch->w[i]);
		}
	}
}

/* Takes in the destruction of sockets: a watched one is CLOSED. */
static int take_destructions(ipsec_latch_watch_t watch, const char *fn)
{
	uint8_t buf[8192];

	for (;;) {
		ssize_t n = recv(mnl_socket_get_fd(watch->diag), buf, sizeof(buf), MSG_DONTWAIT);
		const struct nlmsghdr *nlh;
		int len = (int)n;

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				return 0;
			}
			if (errno == ENOBUFS) {
				all_dirty(watch); /* a lost one shows when its fd is checked */
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
			on_destroyed(watch, nlh);
		}
	}
}

/* Works out one latch again; a socket that is gone or no longer connected
 * (its fd closed, or now another socket) is CLOSED. */
static int refresh(struct watched *w, const char *fn)
{
	uint64_t cookie = 0;
	uint16_t state;

	if (cookie_of(w->fd, &cookie) != 0 || cookie != w->cookie) {
		closed(w);
		return 0;
	}
	if (state_now(w->fd, &state, fn) != 0) {
		if (errno == ENOTCONN) {
			closed(w);
			return 0;
		}
		return -1; /* stays dirty: the next call tries again */
	}
	w->dirty = false;
	if (state != w->state) {
		w->state = state;
		w->news = true;
	}
	return 0;
}

int ipsec_next_latch_event(ipsec_latch_watch_t watch, int *fd, uint16_t *state)
{
	size_t i;

	if (watch == NULL || fd == NULL || state == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "%s is NULL",
				     watch == NULL ? "watch" : fd == NULL ? "fd" : "state");
	}
	if (take_destructions(watch, __func__) != 0 || take_xfrm_events(watch, __func__) != 0) {
		return -1;
	}
	for (i = 0; i < watch->n; i++) {
		if (watch->w[i].dirty && refresh(&watch->w[i], __func__) != 0) {
			return -1;
		}
	}
	for (i = 0; i < watch->n; i++) {
		struct watched *w = &watch->w[i];

		if (!w->news) {
			continue;
		}
		*fd = w->fd;
		*state = w->state;
		w->news = false;
		if (w->state == IPSEC_API_LATCH_CLOSED) {
			forget(watch, w);
		}
		return 1;
	}
	return 0;
}
