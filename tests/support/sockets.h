/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef BTNS_SOCKETS_H
#define BTNS_SOCKETS_H

/* A connected pair of sockets of family and type over loopback: *client
 * and *server (for TCP the accepted connection; for UDP the bound socket
 * the client is connected to).  Returns 0, or -1 with errno. */
int connect_pair(int family, int type, int *client, int *server);

/* A socket of family and type bound to loopback on a free port, listening
 * if it is TCP.  Returns the fd, or -1 with errno. */
int bound_socket(int family, int type);

/* Connects fd to the address that bound socket `to` has.  0 or -1 with
 * errno. */
int connect_to(int fd, int to);

/* The number after "name" in /proc/net/xfrm_stat, or -1. */
long xfrm_stat(const char *name);

#endif
