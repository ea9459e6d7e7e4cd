/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The TCP sockets of this network namespace as sock_diag lists them: who
 * owns each, what state it is in and, for a listener, how many
 * connections wait in its accept queue.
 */
#ifndef IPSECAPI_SOCKET_TABLE_H
#define IPSECAPI_SOCKET_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ipsecapi_socket_entry {
	uint64_t cookie;
	uint32_t uid;
	uint32_t queued; /* a listener's accept queue */
	uint32_t inode;  /* 0 for a socket no process holds (in a queue, or closed) */
	uint8_t state;   /* TCP_ESTABLISHED, TCP_LISTEN, ... */
};

struct ipsecapi_socket_table {
	struct ipsecapi_socket_entry *e;
	size_t n, cap;
};

/* Adds the TCP sockets of both families whose local port is port (0: of
 * every port), in every state, to t: 0, or -1 with the error recorded for
 * fn. */
int ipsecapi_tcp_sockets(uint16_t port, struct ipsecapi_socket_table *t, const char *fn);

/* The entry of the socket with this cookie, or NULL. */
const struct ipsecapi_socket_entry *ipsecapi_socket_table_find(const struct ipsecapi_socket_table *t,
							       uint64_t cookie);

/* Whether an entry is a full socket, which holds policies: not a
 * listener, nor the kernel's stand-in for a half-open or closed
 * connection (SYN_RECV, TIME_WAIT). */
bool ipsecapi_socket_entry_full(const struct ipsecapi_socket_entry *e);

/* Whether an entry is a connection waiting in its listener's queue: no
 * process holds it yet, and no process closed it (which would have sent
 * a FIN). */
bool ipsecapi_socket_entry_queued(const struct ipsecapi_socket_entry *e);

void ipsecapi_socket_table_clear(struct ipsecapi_socket_table *t);

#endif
