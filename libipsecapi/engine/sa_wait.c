/* SPDX-License-Identifier: BSD-2-Clause */
/* Waiting for an SA negotiated on demand (sa_wait.h). */
#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

#include "core.h"
#include "sa_wait.h"

bool ipsecapi_may_wait(int fd, int flags)
{
	int fl = fcntl(fd, F_GETFL);

	return !(flags & MSG_DONTWAIT) && fl >= 0 && !(fl & O_NONBLOCK);
}

/* The socket's SO_SNDTIMEO, else IPSECAPI_SA_WAIT_MS. */
static long sa_wait_ms(int fd)
{
	struct timeval tv;
	socklen_t len = sizeof(tv);

	if (getsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, &len) == 0 &&
	    (tv.tv_sec != 0 || tv.tv_usec != 0)) {
		return (long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
	}
	return IPSECAPI_SA_WAIT_MS;
}

ssize_t ipsecapi_retry_until_sa(int fd, ssize_t (*attempt)(int fd, void *ctx), void *ctx,
				long *limit_ms)
{
	long waited = 0, pause = 10;
	ssize_t n;

	*limit_ms = sa_wait_ms(fd);
	while ((n = attempt(fd, ctx)) < 0 && errno == EAGAIN && waited < *limit_ms) {
		struct timespec ts = { .tv_sec = 0, .tv_nsec = pause * 1000000L };

		nanosleep(&ts, NULL);
		waited += pause;
		pause = pause < 200 ? pause * 2 : 200;
	}
	return n;
}

int ipsecapi_no_sa_in_time(long limit_ms, const char *what, const char *fn)
{
	return ipsecapi_fail(ETIMEDOUT, fn,
			     "no SA came within %ld ms for a %s that its policy requires to be "
			     "protected: the key manager negotiated none (for a pToken's reqid, is "
			     "a trap with that reqid loaded?); nothing was sent",
			     limit_ms, what);
}
