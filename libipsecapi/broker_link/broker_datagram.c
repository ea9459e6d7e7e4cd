/* SPDX-License-Identifier: BSD-2-Clause */
/* Datagram calls through the broker (broker_datagram.h). */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "broker_datagram.h"
#include "broker_io.h"
#include "core.h"

static void request_of(uint8_t type, const struct ipsecapi_flow *flow,
		       struct ipsecapi_broker_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->type = type;
	m->datagram.family = flow->family;
	m->datagram.remote_port = flow->remote_port;
	/* An IPv4 address is the first 4 octets, the rest 0. */
	memcpy(m->datagram.local, &flow->local, flow->family == AF_INET ? 4 : 16);
	memcpy(m->datagram.remote, &flow->remote, flow->family == AF_INET ? 4 : 16);
}

int ipsecapi_broker_datagram_ptoken(int fd, const struct ipsecapi_flow *flow, ipsec_pToken_t *out,
				    const char *fn)
{
	struct ipsecapi_broker_msg m;

	request_of(IPSECAPI_BROKER_GET_DATAGRAM_PTOKEN, flow, &m);
	return ipsecapi_broker_call(&m, fd, (struct ipsecapi_token **)out, fn);
}

int ipsecapi_broker_datagram_check(int fd, const struct ipsecapi_flow *flow,
				   const struct ipsecapi_ticket *t, const char *fn)
{
	struct ipsecapi_broker_msg m;

	request_of(IPSECAPI_BROKER_CHECK_DATAGRAM, flow, &m);
	m.datagram.privacy = t->u.demand.privacy;
	m.datagram.integrity = t->u.demand.integrity;
	m.datagram.reqid = t->u.demand.reqid;
	return ipsecapi_broker_call(&m, fd, NULL, fn);
}

int ipsecapi_broker_datagram_flow(int fd, const struct ipsecapi_broker_datagram *d,
				  struct ipsecapi_flow *flow, bool *connected, const char *fn)
{
	int domain;

	if (ipsecapi_datagram_socket(fd, flow, connected, &domain, fn) != 0 ||
	    ipsecapi_socket_port(fd, &flow->local_port, fn) != 0) {
		return -1;
	}
	if (domain == AF_INET && d->family != AF_INET) {
		return ipsecapi_fail(EAFNOSUPPORT, fn, "an IPv6 datagram on an IPv4 socket");
	}
	flow->family = d->family;
	flow->remote_port = d->remote_port;
	memset(&flow->remote, 0, sizeof(flow->remote));
	memcpy(&flow->remote, d->remote, d->family == AF_INET ? 4 : 16);
	/* A connected socket's source is its own; otherwise the application's
	 * word, which only a received datagram's flow takes. */
	if (!*connected) {
		memset(&flow->local, 0, sizeof(flow->local));
		memcpy(&flow->local, d->local, d->family == AF_INET ? 4 : 16);
	}
	return 0;
}
