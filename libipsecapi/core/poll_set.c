/* SPDX-License-Identifier: BSD-2-Clause */
/* Several sockets as one fd to poll (poll_set.h). */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>

#include "error.h"
#include "poll_set.h"

int ipsecapi_poll_set_create(const char *fn)
{
	int set = epoll_create1(EPOLL_CLOEXEC);

	if (set < 0) {
		return ipsecapi_fail(errno, fn, "cannot create an epoll instance: %s", strerror(errno));
	}
	return set;
}

int ipsecapi_poll_set_add(int set, int fd, const char *fn)
{
	struct epoll_event e;

	memset(&e, 0, sizeof(e));
	e.events = EPOLLIN;
	if (epoll_ctl(set, EPOLL_CTL_ADD, fd, &e) != 0) {
		return ipsecapi_fail(errno, fn, "cannot poll a socket: %s", strerror(errno));
	}
	return 0;
}
