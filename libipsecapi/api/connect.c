/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsec_connect(): connect(2) for a socket whose policy requires IPsec,
 * which waits for the SA that the key manager negotiates on demand
 * (sa_wait.h) instead of failing with EAGAIN, and refuses a connection
 * whose peer the socket's pToken refuses.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
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

static uint16_t latch_of(const ipsec_pToken_t p)
{
	uint16_t v = 0;
	void *val = &v;
	uint32_t len = sizeof(v);

	return ipsec_get_token_attr(p, IPSEC_API_ATTR_latchState, &len, &val) == 0 ? v : 0;
}

/* The connection just made, against the socket's demands: its first query
 * latches it (RFC 5660), and says BROKEN for a peer that the socket's
 * pToken refuses (or SAs that conflict).  Then nothing more may pass, and
 * the connection is shut down before the caller can send.  A socket whose
 * query fails has no demands that this library set: a socket policy that
 * refuses a peer was set by a backend that can also query it. */
static int check_connection(int fd, const char *fn)
{
	char why[1024] = "";
	ipsec_pToken_t p = NULL;
	void *info = NULL;
	uint32_t len = 0;

	if (ipsec_get_socket_pToken(fd, &p) != 0) {
		return 0;
	}
	if (latch_of(p) != IPSEC_API_LATCH_BROKEN) {
		ipsec_free_pToken(p);
		return 0;
	}
	if (ipsec_get_token_attr(p, IPSEC_API_ATTR_informationString, &len, &info) == 0) {
		snprintf(why, sizeof(why), "%s", (const char *)info);
		free(info);
	}
	ipsec_free_pToken(p);
	shutdown(fd, SHUT_RDWR);
	return ipsecapi_fail(EACCES, fn,
			     "the connection's latch broke as it was made (%s); it is shut down, "
			     "and nothing was sent",
			     why);
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
		return inet ? check_connection(fd, __func__) : 0;
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
