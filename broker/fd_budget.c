/* SPDX-License-Identifier: BSD-2-Clause */
/* The broker's descriptors (fd_budget.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fd_budget.h"
#include "log.h"

/* fs.nr_open's default, where the hard limit is infinite. */
#define NR_OPEN_DEFAULT 1048576

size_t fd_budget_reserve(unsigned workers)
{
	/* stdio, the listener, the spare, the event and wake counters, the
	 * kernel's events and charon's (epoll, netlink, VICI), four
	 * descriptors a message may carry before they are closed; then for
	 * each worker a view of the kernel (netlink), a route lookup and a
	 * connection to charon, with room to spare. */
	return 64 + 8 * (size_t)workers;
}

size_t fd_budget_raise(void)
{
	struct rlimit r;

	if (getrlimit(RLIMIT_NOFILE, &r) != 0) {
		return 1024;
	}
	if (r.rlim_cur < r.rlim_max) {
		struct rlimit raised = r;

		if (raised.rlim_max == RLIM_INFINITY) {
			raised.rlim_max = NR_OPEN_DEFAULT;
		}
		raised.rlim_cur = raised.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &raised) == 0) {
			r = raised;
		}
	}
	return r.rlim_cur == RLIM_INFINITY ? NR_OPEN_DEFAULT : (size_t)r.rlim_cur;
}

size_t fd_budget_clients(size_t limit, unsigned workers)
{
	size_t reserve = fd_budget_reserve(workers);

	return limit > reserve ? (limit - reserve) / 2 : 0;
}

int spare_fd_open(struct spare_fd *s)
{
	s->fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	return s->fd >= 0 ? 0 : -1;
}

void spare_fd_close(struct spare_fd *s)
{
	if (s->fd >= 0) {
		close(s->fd);
	}
	s->fd = -1;
}

int spare_fd_refuse(struct spare_fd *s, int listener, int err)
{
	struct timespec now;
	int fd;

	clock_gettime(CLOCK_MONOTONIC, &now);
	spare_fd_close(s);
	fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
	if (fd >= 0) {
		close(fd);
		s->refused++;
	}
	spare_fd_open(s);
	if (s->fd < 0) {
		return -1;
	}
	if (s->refused > 0 && now.tv_sec != s->logged) {
		broker_log(LOG_WARNING,
			"no descriptor left (%s): %lu connection%s refused; "
			"RLIMIT_NOFILE and --max-clients (ipsecapid(8)) bound them",
			strerror(err), s->refused, s->refused == 1 ? "" : "s");
		s->logged = now.tv_sec;
		s->refused = 0;
	}
	return fd >= 0 ? 1 : 0;
}
