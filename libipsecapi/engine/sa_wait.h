/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Waiting for an SA that the key manager negotiates on demand.  While a
 * policy requires IPsec and no SA exists yet, the kernel refuses the
 * packet (EAGAIN, with xfrm_larval_drop) and asks the key manager for one;
 * nothing leaves in clear.  A call that may block tries again now and
 * then, as a blocking call waits for room, up to the socket's SO_SNDTIMEO
 * or IPSECAPI_SA_WAIT_MS.
 */
#ifndef IPSECAPI_SA_WAIT_H
#define IPSECAPI_SA_WAIT_H

#include <stdbool.h>
#include <sys/types.h>

/* How long a blocking call waits for an SA by default. */
#define IPSECAPI_SA_WAIT_MS 10000

/* Whether a call on fd with flags may block: not MSG_DONTWAIT, not
 * O_NONBLOCK. */
bool ipsecapi_may_wait(int fd, int flags);

/* Calls attempt(fd, ctx) until it does not fail with EAGAIN or the time
 * runs out: its last result, with its errno.  *limit_ms is the time
 * allowed, for the caller's message. */
ssize_t ipsecapi_retry_until_sa(int fd, ssize_t (*attempt)(int fd, void *ctx), void *ctx,
				long *limit_ms);

/* When the time ran out (the last attempt still failed with EAGAIN):
 * records for fn, with ETIMEDOUT, that no SA came within limit_ms for
 * what (a "datagram", a "connection"), and returns -1. */
int ipsecapi_no_sa_in_time(long limit_ms, const char *what, const char *fn);

#endif
