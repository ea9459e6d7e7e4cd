/* SPDX-License-Identifier: BSD-2-Clause */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core.h"
#include "flow.h"
#include "sock_diag.h"

static int sockopt_int(int fd, int name, int *value)
{
	socklen_t len = sizeof(*value);

	return getsockopt(fd, SOL_SOCKET, name, value, &len);
}

static int sockopt_u64(int fd, int name, uint64_t *value)
{
	socklen_t len = sizeof(*value);

	return getsockopt(fd, SOL_SOCKET, name, value, &len);
}

int ipsecapi_same_netns(int fd, int ours_fd, const char *fn)
{
	uint64_t theirs = 0, ours = 0;
	int probe = ours_fd >= 0 ? ours_fd : socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc;

	if (probe < 0) {
		return ipsecapi_fail(errno, fn, "cannot open a socket: %s", strerror(errno));
	}
	rc = sockopt_u64(fd, SO_NETNS_COOKIE, &theirs) == 0 &&
	     sockopt_u64(probe, SO_NETNS_COOKIE, &ours) == 0;
	if (probe != ours_fd) {
		close(probe);
	}
	if (!rc) {
		return ipsecapi_fail(errno, fn, "cannot read the socket's network namespace: %s",
				     strerror(errno));
	}
	if (theirs != ours) {
		return ipsecapi_fail(EXDEV, fn, "fd %d belongs to another network namespace", fd);
	}
	return 0;
}

void ipsecapi_address_from_sockaddr(const struct sockaddr_storage *ss, uint16_t *family,
				    xfrm_address_t *addr, uint16_t *port)
{
	memset(addr, 0, sizeof(*addr));
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;

		*family = AF_INET;
		memcpy(&addr->a4, &sin->sin_addr, sizeof(sin->sin_addr));
		*port = ntohs(sin->sin_port);
	} else {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;

		*port = ntohs(sin6->sin6_port);
		if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
			*family = AF_INET;
			memcpy(&addr->a4, &sin6->sin6_addr.s6_addr[12], sizeof(addr->a4));
		} else {
			*family = AF_INET6;
			memcpy(addr->a6, &sin6->sin6_addr, sizeof(addr->a6));
		}
	}
}

static bool v4_mapped(const xfrm_address_t *a)
{
	return IN6_IS_ADDR_V4MAPPED((const struct in6_addr *)a->a6);
}

void ipsecapi_flow_from_diag(const struct ipsecapi_diag_socket *s, struct ipsecapi_flow *flow)
{
	*flow = (struct ipsecapi_flow){
		.family = s->family,
		.proto = s->proto,
		.local = s->local,
		.remote = s->remote,
		.local_port = s->local_port,
		.remote_port = s->remote_port,
		.mark = s->mark,
		.cookie = s->cookie,
	};
	if (s->family == AF_INET6 && v4_mapped(&s->local) && v4_mapped(&s->remote)) {
		flow->family = AF_INET;
		flow->local = (xfrm_address_t){ .a4 = s->local.a6[3] };
		flow->remote = (xfrm_address_t){ .a4 = s->remote.a6[3] };
	}
}

int ipsecapi_socket_domain(int fd, int *domain, const char *fn)
{
	if (sockopt_int(fd, SO_DOMAIN, domain) == 0) {
		return 0;
	}
	if (errno == ENOTSOCK) {
		return ipsecapi_fail(ENOTSOCK, fn, "fd %d is not a socket", fd);
	}
	if (errno == EBADF) {
		return ipsecapi_fail(EBADF, fn, "fd %d is not an open file descriptor", fd);
	}
	return ipsecapi_fail(errno, fn, "cannot read the family of fd %d: %s", fd, strerror(errno));
}

/* Reads fd's flow; an unconnected socket is an error (ENOTCONN) unless
 * connected is given, where it is reported instead, with only the family
 * (the socket's own), protocol, mark and cookie filled. */
static int flow_read(int fd, bool check_netns, struct ipsecapi_flow *flow, bool *connected,
		     const char *fn)
{
	struct sockaddr_storage local, remote;
	socklen_t llen = sizeof(local), rlen = sizeof(remote);
	uint16_t lfamily = 0, rfamily = 0;
	int domain, protocol, mark = 0;

	memset(flow, 0, sizeof(*flow));
	if (ipsecapi_socket_domain(fd, &domain, fn) != 0) {
		return -1;
	}
	if (domain != AF_INET && domain != AF_INET6) {
		return ipsecapi_fail(EAFNOSUPPORT, fn, "fd %d is not an IPv4 or IPv6 socket", fd);
	}
	if (sockopt_int(fd, SO_PROTOCOL, &protocol) != 0) {
		return ipsecapi_fail(errno, fn, "cannot read the protocol of fd %d: %s", fd,
				     strerror(errno));
	}
	if (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP && protocol != IPPROTO_SCTP) {
		return ipsecapi_fail(EPROTONOSUPPORT, fn,
				     "fd %d is neither TCP, UDP nor SCTP (protocol %d)", fd, protocol);
	}
	if (check_netns && ipsecapi_same_netns(fd, -1, fn) != 0) {
		return -1;
	}
	flow->family = (uint16_t)domain;
	flow->proto = (uint8_t)protocol;
	if (sockopt_int(fd, SO_MARK, &mark) == 0) {
		flow->mark = (uint32_t)mark;
	}
	if (sockopt_u64(fd, SO_COOKIE, &flow->cookie) != 0) {
		return ipsecapi_fail(errno, fn, "cannot read the cookie of fd %d: %s", fd,
				     strerror(errno));
	}
	if (getpeername(fd, (struct sockaddr *)&remote, &rlen) != 0) {
		if (errno == ENOTCONN && connected != NULL) {
			*connected = false;
			return 0;
		}
		if (errno == ENOTCONN) {
			return ipsecapi_fail(ENOTCONN, fn,
					     "fd %d is not connected: a socket's protection is that of "
					     "its connection (for datagrams, see ipsec_get_msg_pToken)",
					     fd);
		}
		return ipsecapi_fail(errno, fn, "cannot read the peer of fd %d: %s", fd,
				     strerror(errno));
	}
	if (getsockname(fd, (struct sockaddr *)&local, &llen) != 0) {
		return ipsecapi_fail(errno, fn, "cannot read the address of fd %d: %s", fd,
				     strerror(errno));
	}
	ipsecapi_address_from_sockaddr(&local, &lfamily, &flow->local, &flow->local_port);
	ipsecapi_address_from_sockaddr(&remote, &rfamily, &flow->remote, &flow->remote_port);
	if (lfamily != rfamily) {
		/* An IPv6 socket bound to a v4-mapped address talking to IPv6, or
		 * the reverse: the kernel would not route it either. */
		return ipsecapi_fail(EAFNOSUPPORT, fn, "fd %d mixes IPv4 and IPv6 addresses", fd);
	}
	flow->family = lfamily;
	if (connected != NULL) {
		*connected = true;
	}
	return 0;
}

int ipsecapi_flow_from_fd(int fd, struct ipsecapi_flow *flow, const char *fn)
{
	return flow_read(fd, false, flow, NULL, fn);
}

int ipsecapi_flow_from_any_fd(int fd, struct ipsecapi_flow *flow, bool *connected, const char *fn)
{
	return flow_read(fd, true, flow, connected, fn);
}

void ipsecapi_flow_address(uint16_t family, const xfrm_address_t *addr, char *buf, size_t size)
{
	if (inet_ntop(family, addr, buf, (socklen_t)size) == NULL) {
		snprintf(buf, size, "?");
	}
}

void ipsecapi_flow_endpoint(uint16_t family, const xfrm_address_t *addr, uint16_t port,
			    char *buf, size_t size)
{
	char text[INET6_ADDRSTRLEN];

	ipsecapi_flow_address(family, addr, text, sizeof(text));
	if (family == AF_INET6) {
		snprintf(buf, size, "[%s]:%u", text, (unsigned)port);
	} else {
		snprintf(buf, size, "%s:%u", text, (unsigned)port);
	}
}

int ipsecapi_datagram_socket(int fd, struct ipsecapi_flow *flow, bool *connected, int *domain,
			     const char *fn)
{
	if (ipsecapi_flow_from_any_fd(fd, flow, connected, fn) != 0 ||
	    ipsecapi_socket_domain(fd, domain, fn) != 0) {
		return -1;
	}
	if (flow->proto != IPPROTO_UDP) {
		return ipsecapi_fail(EPROTONOSUPPORT, fn,
				     "fd %d is not a UDP socket: a connection's protection is the "
				     "socket's (ipsec_get_socket_pToken)",
				     fd);
	}
	return 0;
}

int ipsecapi_socket_port(int fd, uint16_t *port, const char *fn)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	uint16_t family;
	xfrm_address_t addr;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
		return ipsecapi_fail(errno, fn, "cannot read the address of fd %d: %s", fd,
				     strerror(errno));
	}
	ipsecapi_address_from_sockaddr(&ss, &family, &addr, port);
	return 0;
}
