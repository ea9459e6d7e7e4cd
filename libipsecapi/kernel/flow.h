/* SPDX-License-Identifier: BSD-2-Clause */
/* The traffic of one socket, as the kernel's IPsec lookups see it. */
#ifndef IPSECAPI_FLOW_H
#define IPSECAPI_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/xfrm.h>

struct ipsecapi_flow {
	uint16_t family;       /* AF_INET or AF_INET6; v4-mapped IPv6 is AF_INET */
	uint8_t proto;         /* IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP */
	xfrm_address_t local;  /* network order, as in XFRM selectors */
	xfrm_address_t remote;
	uint16_t local_port;   /* host order */
	uint16_t remote_port;
	uint32_t mark;         /* SO_MARK, which XFRM policies and SAs match */
	uint64_t cookie;       /* SO_COOKIE: names the socket for the whole boot */
};

/* The address family of socket fd (SO_DOMAIN), or -1 with the error
 * recorded: EBADF for a descriptor that is not open, ENOTSOCK for one that
 * is not a socket. */
int ipsecapi_socket_domain(int fd, int *domain, const char *fn);

/* The flow of connected socket fd.  Fails with EBADF, ENOTSOCK,
 * EAFNOSUPPORT (not IPv4 or IPv6), EPROTONOSUPPORT (not TCP, UDP or SCTP)
 * or ENOTCONN.  The caller checks the namespace (ipsecapi_same_netns). */
int ipsecapi_flow_from_fd(int fd, struct ipsecapi_flow *flow, const char *fn);

/* 0 if socket fd lives in the network namespace of socket ours_fd (-1:
 * this process's), whose XFRM state the caller asks about; else -1 with
 * EXDEV, for the kernel's XFRM state, like the SPD, is per namespace. */
int ipsecapi_same_netns(int fd, int ours_fd, const char *fn);

/* The same for a socket that may not be connected yet, and one that must
 * live in this process's namespace (EXDEV): *connected tells, and an
 * unconnected socket's flow has only its family (the socket's own),
 * protocol, mark and cookie. */
int ipsecapi_flow_from_any_fd(int fd, struct ipsecapi_flow *flow, bool *connected, const char *fn);

/* An AF_INET or AF_INET6 socket address as XFRM stores it (network
 * order), v4-mapped IPv6 turned into IPv4; the port in host order. */
struct sockaddr_storage;
void ipsecapi_address_from_sockaddr(const struct sockaddr_storage *ss, uint16_t *family,
				    xfrm_address_t *addr, uint16_t *port);

/* The flow of a socket as sock_diag lists it: an IPv6 socket's
 * connection to an IPv4 peer (both addresses v4-mapped) is an IPv4 flow,
 * as XFRM sees it. */
struct ipsecapi_diag_socket;
void ipsecapi_flow_from_diag(const struct ipsecapi_diag_socket *s, struct ipsecapi_flow *flow);

/* "192.0.2.1" or "2001:db8::1", for messages and audit text. */
void ipsecapi_flow_address(uint16_t family, const xfrm_address_t *addr, char *buf, size_t size);

/* "192.0.2.1:443" or "[2001:db8::1]:443". */
void ipsecapi_flow_endpoint(uint16_t family, const xfrm_address_t *addr, uint16_t port,
			    char *buf, size_t size);

/* Socket fd, which must be UDP over IPv4 or IPv6 (else EPROTONOSUPPORT):
 * its flow as far as it is known (ipsecapi_flow_from_any_fd), whether it
 * is connected, and its family (SO_DOMAIN). */
int ipsecapi_datagram_socket(int fd, struct ipsecapi_flow *flow, bool *connected, int *domain,
			     const char *fn);

/* The local port of socket fd (0 if it is not bound), in host order. */
int ipsecapi_socket_port(int fd, uint16_t *port, const char *fn);

#endif
