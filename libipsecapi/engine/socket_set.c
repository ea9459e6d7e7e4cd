/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsec_set_socket_pToken() on the kernel: the pToken's demands become the
 * socket's inbound and outbound XFRM policies, all or nothing.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>

#include "core.h"
#include "kernel.h"
#include "datagram_check.h"
#include "socket_query.h"
#include "socket_set.h"

/* An unconnected IPv6 socket that also takes IPv4 peers cannot be covered:
 * the kernel applies a socket policy only to traffic of its selector's
 * family, and a socket holds one policy per direction. */
static int check_dual_stack(int fd, int domain, bool connected, const char *fn)
{
	int v6only = 0;
	socklen_t len = sizeof(v6only);

	if (domain != AF_INET6 || connected) {
		return 0;
	}
	if (getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, &len) != 0) {
		return ipsecapi_fail(errno, fn, "cannot read IPV6_V6ONLY of fd %d: %s", fd,
				     strerror(errno));
	}
	if (!v6only) {
		return ipsecapi_fail(EAFNOSUPPORT, fn,
				     "fd %d is an IPv6 socket that also takes IPv4 peers, whose "
				     "traffic its policy would not cover: set IPV6_V6ONLY, connect "
				     "it first, or use an IPv4 socket for IPv4",
				     fd);
	}
	return 0;
}

int ipsecapi_socket_set_protection(int fd, const ipsec_pToken_t pToken, bool only_stricter,
				   const char *fn)
{
	const struct ipsecapi_token *p;
	struct ipsecapi_socket_policy sp;
	struct ipsecapi_flow flow;
	struct ipsecapi_owner owner;
	ipsec_pToken_t now = NULL;
	bool connected = false;
	int domain;

	if (ipsecapi_flow_from_any_fd(fd, &flow, &connected, fn) != 0 ||
	    (p = ipsecapi_token_check(pToken, &ipsecapi_ptoken_kind, fn)) == NULL ||
	    ipsecapi_socket_domain(fd, &domain, fn) != 0 ||
	    check_dual_stack(fd, domain, connected, fn) != 0 ||
	    (!connected && ipsecapi_socket_port(fd, &flow.local_port, fn) != 0)) {
		return -1;
	}
	/* The port a listener has now names the copies its connections get. */
	ipsecapi_owner_of_flow(&flow, &owner);
	if (ipsecapi_socket_policy_build(p, flow.family, &owner, &sp, fn) != 0 ||
	    (only_stricter && ipsecapi_override_loosens_nothing(&flow, connected, &sp, fn) != 0)) {
		return -1;
	}
	/* The kernel picks SAs by reqid and protocol, never by algorithm:
	 * an SA already in place must be strong enough. */
	if (connected && (sp.min_privacy != IPSECAPI_NONE || sp.min_integrity != IPSECAPI_NONE) &&
	    ipsecapi_socket_sas_meet(&flow, &sp, fn) != 0) {
		return -1;
	}
	if (ipsecapi_socket_install(fd, &flow, &sp.out, &sp.in, NULL, connected, fn) != 0) {
		return -1;
	}
	/* A connection that its SAs already protect is latched now; if that
	 * cannot be done, the first query does it. */
	if (connected && ipsecapi_socket_protection(fd, IPSECAPI_LATCH_IF_DUE, &now, fn) == 0) {
		ipsec_free_pToken(now);
	}
	return 0;
}
