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
#include "core.h"
#include "engine.h"
#include "kernel.h"

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
	struct connect_attempt a = { .addr = addr, .len = addrlen };
	int domain = 0, err;
	bool inet, waits;
	long limit = 0;
	ssize_t rc;

	if (addr == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "addr is NULL");
	}
	if (ipsecapi_socket_domain(fd, &domain, __func__) != 0) {
		return -1;
	}
	/* Only IPsec's EAGAIN is waited for: a Unix socket's means a full
	 * backlog. */
	inet = domain == AF_INET || domain == AF_INET6;
	waits = inet && ipsecapi_may_wait(fd, 0);
	rc = waits ? ipsecapi_retry_until_sa(fd, connect_attempt, &a, &limit)
		   : connect(fd, addr, addrlen);
	if (rc == 0) {
		return 0;
	}
	err = errno;
	if (err == EAGAIN && waits) {
		return ipsecapi_no_sa_in_time(limit, "connection", __func__);
	}
	if (err == EAGAIN && inet) {
		return ipsecapi_fail(EAGAIN, __func__,
				     "no SA yet for a connection that its policy requires to be "
				     "protected: the key manager was asked for one; call again later "
				     "(on a blocking socket, the call waits for it)");
	}
	return ipsecapi_fail(err, __func__, "connect: %s", strerror(err));
}
