/* SPDX-License-Identifier: BSD-2-Clause */
/* A connection to a Unix socket by path: the broker's and charon's. */
#ifndef IPSECAPI_UNIX_SOCKET_H
#define IPSECAPI_UNIX_SOCKET_H

/* A socket of type (SOCK_STREAM, SOCK_SEQPACKET), close-on-exec,
 * connected to path: the fd, or -1 with errno (ENAMETOOLONG for a path
 * longer than a Unix address holds, or what socket() or connect() said);
 * nothing is recorded, for the caller words it. */
int ipsecapi_unix_connect(const char *path, int type);

#endif
