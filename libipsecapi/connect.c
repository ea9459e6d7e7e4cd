/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsec_connect(): connect(2) for a socket whose policy requires IPsec,
 * which waits for the SA that the key manager negotiates on demand
 * (sa_wait.h) instead of failing with EAGAIN.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "ipsecapi.h"
#include "error.h"
#include "sa_wait.h"

struct connect_attempt {
	const struct sockaddr *addr;
	socklen_t len;
};

static ssize_t connect_attempt(int fd, void *ctx)
{
	const struct connect_attempt *a = ctx;

	return connect(fd, a->addr, a->len);
}

int ipsec_connect(int fd, const struct sockaddr *addr, socklen_t addrlen)
{
	struct connect_attempt a = { addr, addrlen };
	int domain = 0, err;
	socklen_t len = sizeof(domain);
	bool waits;
	long limit = 0;
	ssize_t rc;

	if (addr == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "addr is NULL");
	}
	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) != 0) {
		err = errno;
		return ipsecapi_fail(err, __func__,
				     err == EBADF ? "fd %d is not an open file descriptor"
						  : "fd %d is not a socket",
				     fd);
	}
	/* Only IPsec's EAGAIN is waited for: a Unix socket's means a full
	 * backlog. */
	waits = (domain == AF_INET || domain == AF_INET6) && ipsecapi_may_wait(fd, 0);
	rc = waits ? ipsecapi_retry_until_sa(fd, connect_attempt, &a, &limit)
		   : connect(fd, addr, addrlen);
	if (rc == 0) {
		return 0;
	}
	err = errno;
	if (err == EAGAIN && waits) {
		return ipsecapi_fail(ETIMEDOUT, __func__,
				     "no SA came within %ld ms for a connection that its policy "
				     "requires to be protected: the key manager negotiated none (for a "
				     "pToken's reqid, is a trap with that reqid loaded?); nothing was "
				     "sent",
				     limit);
	}
	if (err == EAGAIN && (domain == AF_INET || domain == AF_INET6)) {
		return ipsecapi_fail(EAGAIN, __func__,
				     "no SA yet for a connection that its policy requires to be "
				     "protected: the key manager was asked for one; call again later "
				     "(on a blocking socket, the call waits for it)");
	}
	return ipsecapi_fail(err, __func__, "connect: %s", strerror(err));
}
