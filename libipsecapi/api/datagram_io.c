/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The library's send and receive calls for datagrams: ipsec_sendmsg()
 * meets the demands attached to a message or fails, and ipsec_recvmsg()
 * attaches the flow of the datagram it received (see datagram.c).
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ipsecapi.h"
#include "backend.h"

#define TICKET_SPACE CMSG_SPACE(IPSEC_MSG_TICKET_LEN)

/* Sends the datagram's destination (IP_PKTINFO and IPV6_PKTINFO too), so
 * that its flow is known when it is received. */
static int ask_for_pktinfo(int fd, int domain, const char *fn)
{
	int on = 1;

	if (setsockopt(fd, SOL_IP, IP_PKTINFO, &on, sizeof(on)) != 0 ||
	    (domain == AF_INET6 &&
	     setsockopt(fd, SOL_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on)) != 0)) {
		return ipsecapi_fail(errno, fn, "cannot ask for the destination of datagrams: %s",
				     strerror(errno));
	}
	return 0;
}

/* The destination of a received datagram, from the PKTINFO control
 * message of m. */
static bool pktinfo_address(const struct msghdr *m, uint16_t family, xfrm_address_t *addr)
{
	struct ipsecapi_cmsg_walk w;
	struct cmsghdr *c;

	memset(addr, 0, sizeof(*addr));
	ipsecapi_walk_start(&w, m);
	while (ipsecapi_walk_next(&w, &c, "recvmsg") > 0) {
		if (family == AF_INET && c->cmsg_level == SOL_IP && c->cmsg_type == IP_PKTINFO &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct in_pktinfo))) {
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			memcpy(&addr->a4, &pi.ipi_addr, sizeof(addr->a4));
			return true;
		}
		if (family == AF_INET6 && c->cmsg_level == SOL_IPV6 && c->cmsg_type == IPV6_PKTINFO &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct in6_pktinfo))) {
			struct in6_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			memcpy(addr->a6, &pi.ipi6_addr, sizeof(addr->a6));
			return true;
		}
	}
	return false;
}

/* Copies the kernel's control messages of m into the caller's msg, then
 * the ticket, which takes the last TICKET_SPACE octets it needs; what does
 * not fit is left out and MSG_CTRUNC said. */
static void deliver_control(struct msghdr *msg, const struct msghdr *m,
			    const struct ipsecapi_ticket *t, int level)
{
	size_t cap = msg->msg_control != NULL ? msg->msg_controllen : 0, used = 0;
	size_t budget = cap >= TICKET_SPACE ? cap - TICKET_SPACE : 0;
	struct ipsecapi_cmsg_walk w;
	struct cmsghdr *c;
	int truncated = m->msg_flags & MSG_CTRUNC;

	ipsecapi_walk_start(&w, m);
	while (ipsecapi_walk_next(&w, &c, "recvmsg") > 0) {
		size_t space = CMSG_SPACE(c->cmsg_len - CMSG_LEN(0));

		if (used + space > budget) {
			truncated = MSG_CTRUNC;
			continue;
		}
		memcpy((uint8_t *)msg->msg_control + used, c, c->cmsg_len);
		used += space;
	}
	if (t != NULL && cap >= used + TICKET_SPACE) {
		ipsecapi_put_ticket((uint8_t *)msg->msg_control + used, level,
				    level == SOL_IP ? IP_XFRM_POLICY : IPV6_XFRM_POLICY, t);
		used += TICKET_SPACE;
	} else if (t != NULL) {
		truncated = MSG_CTRUNC;
	}
	msg->msg_controllen = used;
	msg->msg_flags = (m->msg_flags & ~MSG_CTRUNC) | truncated;
}

ssize_t ipsec_recvmsg(int fd, struct msghdr *msg, int flags)
{
	struct ipsecapi_flow flow;
	struct ipsecapi_ticket t;
	struct sockaddr_storage from;
	struct msghdr m;
	bool connected, have_ticket = false;
	uint16_t family, port;
	xfrm_address_t remote, local;
	size_t cap;
	ssize_t n;
	int domain, err;

	if (msg == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "msg is NULL");
	}
	if (ipsecapi_datagram_socket(fd, &flow, &connected, &domain, __func__) != 0 ||
	    ipsecapi_socket_port(fd, &flow.local_port, __func__) != 0 ||
	    ask_for_pktinfo(fd, domain, __func__) != 0) {
		return -1;
	}
	cap = (msg->msg_control != NULL ? msg->msg_controllen : 0) +
	      2 * CMSG_SPACE(sizeof(struct in6_pktinfo));
	m = *msg;
	m.msg_name = &from;
	m.msg_namelen = sizeof(from);
	m.msg_control = calloc(1, cap);
	m.msg_controllen = cap;
	if (m.msg_control == NULL) {
		return ipsecapi_fail(ENOMEM, __func__, "no memory for control messages");
	}
	n = recvmsg(fd, &m, flags);
	if (n < 0) {
		err = errno;
		free(m.msg_control);
		return ipsecapi_fail(err, __func__, "recvmsg: %s", strerror(err));
	}
	ipsecapi_address_from_sockaddr(&from, &family, &remote, &port);
	if (m.msg_namelen > 0 && pktinfo_address(&m, family, &local)) {
		memset(&t, 0, sizeof(t));
		t.magic = IPSECAPI_TICKET_MAGIC;
		t.version = IPSECAPI_TICKET_VERSION;
		t.kind = IPSECAPI_TICKET_RECEIVED;
		t.family = family;
		t.u.received.proto = IPPROTO_UDP;
		t.u.received.mark = flow.mark;
		t.u.received.local_port = flow.local_port;
		t.u.received.remote_port = port;
		memcpy(t.u.received.local, &local, sizeof(t.u.received.local));
		memcpy(t.u.received.remote, &remote, sizeof(t.u.received.remote));
		t.u.received.cookie = flow.cookie;
		t.u.received.fd = fd;
		have_ticket = true;
	}
	if (msg->msg_name != NULL) {
		memcpy(msg->msg_name, &from,
		       m.msg_namelen < msg->msg_namelen ? m.msg_namelen : msg->msg_namelen);
	}
	msg->msg_namelen = m.msg_namelen;
	deliver_control(msg, &m, have_ticket ? &t : NULL, family == AF_INET ? SOL_IP : SOL_IPV6);
	free(m.msg_control);
	return n;
}

/* The flow of the datagram msg sends on fd: its destination's family,
 * address and port on the socket's flow; a connected socket's own flow
 * without msg_name. */
static int datagram_flow(int fd, const struct msghdr *msg, struct ipsecapi_flow *flow,
			 bool connected, const char *fn)
{
	struct sockaddr_storage to;

	if (msg->msg_name == NULL || msg->msg_namelen == 0) {
		return connected ? 0
				 : ipsecapi_fail(EDESTADDRREQ, fn,
						 "msg has no msg_name and fd %d is not connected", fd);
	}
	memset(&to, 0, sizeof(to));
	memcpy(&to, msg->msg_name, msg->msg_namelen < sizeof(to) ? msg->msg_namelen : sizeof(to));
	if (to.ss_family != AF_INET && to.ss_family != AF_INET6) {
		return ipsecapi_fail(EAFNOSUPPORT, fn, "msg_name is not an IPv4 or IPv6 address");
	}
	ipsecapi_address_from_sockaddr(&to, &flow->family, &flow->remote, &flow->remote_port);
	if (!connected) {
		memset(&flow->local, 0, sizeof(flow->local));
	}
	return 0;
}

/* msg without its tickets, in m with a control buffer of its own. */
static int without_tickets(const struct msghdr *msg, struct msghdr *m, const char *fn)
{
	struct ipsecapi_cmsg_walk w;
	struct cmsghdr *c;
	size_t used = 0;
	int rc;

	*m = *msg;
	if (msg->msg_control == NULL || msg->msg_controllen == 0) {
		m->msg_control = NULL;
		m->msg_controllen = 0;
		return 0;
	}
	m->msg_control = malloc(msg->msg_controllen);
	if (m->msg_control == NULL) {
		return ipsecapi_fail(ENOMEM, fn, "no memory for control messages");
	}
	ipsecapi_walk_start(&w, msg);
	while ((rc = ipsecapi_walk_next(&w, &c, fn)) > 0) {
		size_t space = CMSG_SPACE(c->cmsg_len - CMSG_LEN(0));

		if (ipsecapi_is_ticket_header(c)) {
			continue;
		}
		if (used + space > msg->msg_controllen) {
			space = msg->msg_controllen - used; /* the last one, unpadded */
		}
		memcpy((uint8_t *)m->msg_control + used, c, space);
		used += space;
	}
	if (rc < 0) {
		free(m->msg_control);
		return -1;
	}
	m->msg_controllen = used;
	if (used == 0) {
		free(m->msg_control);
		m->msg_control = NULL;
	}
	return 0;
}

/* Whether the kernel will enforce the demand for the datagram of flow:
 * asked on the kernel or through the broker. */
static int demand_enforced(int fd, const struct ipsecapi_flow *flow, bool connected,
			   const struct ipsecapi_ticket *t, const char *fn)
{
	const struct ipsecapi_backend *b = ipsecapi_backend_first();

	while (b->datagram_check(fd, flow, connected, t, fn) != 0) {
		if ((b = ipsecapi_backend_after(b)) == NULL) {
			return -1;
		}
	}
	return 0;
}

struct send_attempt {
	const struct msghdr *m;
	int flags;
};

static ssize_t send_attempt(int fd, void *ctx)
{
	const struct send_attempt *a = ctx;

	return sendmsg(fd, a->m, a->flags);
}

/* sendmsg() of a datagram that its policy requires to be protected, which
 * waits for the SA if there is none yet (sa_wait.h).  ETIMEDOUT, said why,
 * when none came in time. */
static ssize_t send_once_protected(int fd, const struct msghdr *m, int flags, const char *fn)
{
	struct send_attempt a = { .m = m, .flags = flags };
	long limit;
	ssize_t n = ipsecapi_retry_until_sa(fd, send_attempt, &a, &limit);

	if (n < 0 && errno == EAGAIN) {
		return ipsecapi_no_sa_in_time(limit, "datagram", fn);
	}
	return n;
}

ssize_t ipsec_sendmsg(int fd, const struct msghdr *msg, int flags)
{
	struct ipsecapi_flow flow;
	struct ipsecapi_ticket t;
	struct msghdr m;
	bool connected, protected;
	ssize_t n;
	int domain, found, err;

	if (msg == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "msg is NULL");
	}
	if (ipsecapi_datagram_socket(fd, &flow, &connected, &domain, __func__) != 0) {
		return -1;
	}
	found = ipsecapi_find_ticket(msg, IPSECAPI_TICKET_DEMAND, &t, __func__);
	if (found < 0) {
		return -1;
	}
	protected = found > 0 && (ipsecapi_demanded_strength(t.u.demand.privacy) != IPSECAPI_NONE ||
				  ipsecapi_demanded_strength(t.u.demand.integrity) != IPSECAPI_NONE);
	if (protected && (datagram_flow(fd, msg, &flow, connected, __func__) != 0 ||
			  demand_enforced(fd, &flow, connected, &t, __func__) != 0)) {
		return -1;
	}
	if (without_tickets(msg, &m, __func__) != 0) {
		return -1;
	}
	n = protected && ipsecapi_may_wait(fd, flags) ? send_once_protected(fd, &m, flags, __func__)
					     : sendmsg(fd, &m, flags);
	err = errno;
	free(m.msg_control);
	if (n < 0 && err == ETIMEDOUT) {
		return -1; /* said why */
	}
	if (n < 0) {
		return ipsecapi_fail(err, __func__, "sendmsg: %s", strerror(err));
	}
	return n;
}
