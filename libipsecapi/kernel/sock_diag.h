/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The sockets of this network namespace as sock_diag lists them
 * (NETLINK_SOCK_DIAG, SOCK_DIAG_BY_FAMILY): one dump per family and
 * protocol, each answer checked before its socket is handed on.
 */
#ifndef IPSECAPI_SOCK_DIAG_H
#define IPSECAPI_SOCK_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/xfrm.h>

/* Which sockets to list. */
struct ipsecapi_sock_diag_query {
	uint8_t family;      /* AF_INET or AF_INET6 */
	uint8_t proto;       /* IPPROTO_TCP or IPPROTO_UDP */
	uint32_t states;     /* 1 << TCP_LISTEN | ...; a connected UDP socket is ESTABLISHED */
	uint16_t local_port; /* only the sockets on this local port; 0: on any */
};

/* One socket of the list. */
struct ipsecapi_diag_socket {
	uint8_t family;                   /* the socket's own: an IPv6 socket's IPv4 peers are v4-mapped */
	uint8_t proto;                    /* the query's: the answers do not say */
	uint8_t state;                    /* TCP_ESTABLISHED, TCP_LISTEN, ... */
	xfrm_address_t local, remote;     /* network order; IPv4 in the first 4 octets, the rest 0 */
	uint16_t local_port, remote_port; /* host order */
	uint64_t cookie;                  /* SO_COOKIE */
	uint32_t uid;
	uint32_t inode;  /* 0 for a socket no process holds (in a queue, or closed) */
	uint32_t rqueue; /* a listener's accept queue; else octets not yet read */
	uint32_t wqueue; /* a listener's backlog; else octets not yet sent or acknowledged */
	uint32_t mark;   /* SO_MARK; the kernel tells it only to CAP_NET_ADMIN, else 0 */
};

/* Called for each socket: 0 goes on; -1, with errno set (and the error
 * recorded if the callback wants its own words), stops the walk, which
 * then fails with that errno. */
typedef int (*ipsecapi_diag_socket_fn)(const struct ipsecapi_diag_socket *s, void *data);

/* Lists the sockets that q asks for, handing each to each: 0, or -1 with
 * errno and the error recorded for fn: the netlink socket's errors, or
 * those of ipsecapi_sock_diag_read (the callback's among them). */
int ipsecapi_sock_diag_dump(const struct ipsecapi_sock_diag_query *q, ipsecapi_diag_socket_fn each,
			    void *data, const char *fn);

/* The reading of one dump's answers: what they must match, where their
 * sockets go, and whether the dump has ended. */
struct ipsecapi_sock_diag_reader {
	const struct ipsecapi_sock_diag_query *query;
	uint32_t seq, portid; /* of the request; 0 checks nothing */
	ipsecapi_diag_socket_fn each;
	void *data;
	const char *fn;
	bool ended; /* set once the end of the dump is read */
};

/*
 * Reads one buffer of answers (what one recv returned; 4-octet aligned)
 * and hands each socket to r->each.  0, or -1 with errno and the error
 * recorded for r->fn: EBADMSG for a malformed answer (one that does not
 * fit the buffer, is not a socket of the family asked for, or whose
 * attributes do not fit the message), the kernel's error for a dump it
 * refused or cut short, ESRCH or EPROTO for an answer to another
 * request, EINTR for a dump the kernel says it interrupted, or the
 * callback's errno.
 */
int ipsecapi_sock_diag_read(struct ipsecapi_sock_diag_reader *r, const void *buf, size_t len);

#endif
