/* SPDX-License-Identifier: BSD-2-Clause */
/* Several sockets as one fd to poll for input: an epoll instance. */
#ifndef IPSECAPI_POLL_SET_H
#define IPSECAPI_POLL_SET_H

/* A new, empty set (close-on-exec): its fd, or -1 with the error recorded
 * for fn. */
int ipsecapi_poll_set_create(const char *fn);

/* Adds fd, for input: 0, or -1 with the error recorded for fn. */
int ipsecapi_poll_set_add(int set, int fd, const char *fn);

#endif
