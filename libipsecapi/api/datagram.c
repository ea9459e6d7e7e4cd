/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The datagram calls (draft section 2.3.4).  A datagram's pToken travels
 * in its ancillary data as a ticket of this library:
 *
 *   - on a received datagram, ipsec_recvmsg() leaves the datagram's flow
 *     (addresses, ports, and which socket took it); ipsec_get_msg_pToken()
 *     works out its protection from it;
 *   - on a datagram to send, ipsec_set_msg_pToken() leaves the demands;
 *     ipsec_sendmsg() checks that the kernel will meet them, removes the
 *     tickets and sends, or fails.
 *
 * A demand is two tickets, one of each family's level, since which one the
 * kernel reads depends on the destination: either way it refuses them
 * (msg_ticket.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ipsecapi.h"
#include "backend.h"

int ipsec_set_msg_pToken(const struct msghdr *msg, const ipsec_pToken_t pToken)
{
	const struct ipsecapi_token *p;
	struct ipsecapi_socket_policy check;
	struct ipsecapi_owner nobody = { .cookie = 0, .port = 0, .proto = 0 };
	struct ipsecapi_ticket t;
	uint8_t *space;

	if (msg == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "msg is NULL");
	}
	p = ipsecapi_token_check(pToken, &ipsecapi_ptoken_kind, __func__);
	/* The demands are checked as a socket's are; the policy is not used. */
	if (p == NULL || ipsecapi_socket_policy_build(p, AF_INET, &nobody, &check, __func__) != 0 ||
	    ipsecapi_demand_space(msg, &space, __func__) != 0) {
		return -1;
	}
	if (ipsecapi_demand(p, IPSEC_API_ATTR_compression) == IPSEC_API_ATTR_ENABLE) {
		return ipsecapi_fail(ENOTSUP, __func__,
				     "compression cannot be demanded of one datagram: IPComp "
				     "leaves small datagrams uncompressed");
	}
	memset(&t, 0, sizeof(t));
	t.magic = IPSECAPI_TICKET_MAGIC;
	t.version = IPSECAPI_TICKET_VERSION;
	t.kind = IPSECAPI_TICKET_DEMAND;
	t.u.demand.privacy = ipsecapi_demand(p, IPSEC_API_ATTR_privacyProtection);
	t.u.demand.integrity = ipsecapi_demand(p, IPSEC_API_ATTR_integrityProtection);
	t.u.demand.compression = ipsecapi_demand(p, IPSEC_API_ATTR_compression);
	t.u.demand.reqid = ipsecapi_demanded_reqid(p);
	ipsecapi_put_ticket(space, SOL_IP, IP_XFRM_POLICY, &t);
	ipsecapi_put_ticket(space + CMSG_SPACE(IPSEC_MSG_TICKET_LEN), SOL_IPV6, IPV6_XFRM_POLICY, &t);
	return 0;
}

static int set_u16(ipsec_pToken_t p, uint32_t attr, uint16_t v)
{
	return ipsec_set_token_attr(p, attr, sizeof(v), &v);
}

/* A pToken of the demands a ticket carries. */
static int demand_token(const struct ipsecapi_ticket *t, ipsec_pToken_t *out)
{
	ipsec_pToken_t p = ipsec_create_pToken();
	uint32_t reqid = t->u.demand.reqid;

	if (p == NULL || set_u16(p, IPSEC_API_ATTR_privacyProtection, t->u.demand.privacy) != 0 ||
	    set_u16(p, IPSEC_API_ATTR_integrityProtection, t->u.demand.integrity) != 0 ||
	    set_u16(p, IPSEC_API_ATTR_compression, t->u.demand.compression) != 0 ||
	    (reqid != 0 && ipsec_set_token_attr(p, IPSEC_API_ATTR_reqid, sizeof(reqid), &reqid) != 0)) {
		ipsec_free_pToken(p);
		return -1;
	}
	*out = p;
	return 0;
}

static void flow_of_ticket(const struct ipsecapi_ticket *t, struct ipsecapi_flow *flow)
{
	memset(flow, 0, sizeof(*flow));
	flow->family = t->family;
	flow->proto = t->u.received.proto;
	flow->mark = t->u.received.mark;
	flow->local_port = t->u.received.local_port;
	flow->remote_port = t->u.received.remote_port;
	memcpy(&flow->local, t->u.received.local, sizeof(flow->local));
	memcpy(&flow->remote, t->u.received.remote, sizeof(flow->remote));
	flow->cookie = t->u.received.cookie;
}

/* The pToken of the received datagram of flow, on the kernel or through
 * the broker, with the socket that received it. */
static int received_ptoken(const struct ipsecapi_ticket *t, const struct ipsecapi_flow *flow,
			   ipsec_pToken_t *out)
{
	static const char fn[] = "ipsec_get_msg_pToken";
	const struct ipsecapi_backend *b = ipsecapi_backend_first();

	while (b->datagram_ptoken(t->u.received.fd, flow, out, fn) != 0) {
		if ((b = ipsecapi_backend_after(b)) == NULL) {
			return -1;
		}
	}
	return 0;
}

int ipsec_get_msg_pToken(const struct msghdr *msg, ipsec_pToken_t *pToken)
{
	struct ipsecapi_flow flow;
	struct ipsecapi_ticket t;
	int rc;

	if (msg == NULL || pToken == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "%s is NULL", msg == NULL ? "msg" : "pToken");
	}
	rc = ipsecapi_find_ticket(msg, IPSECAPI_TICKET_RECEIVED, &t, __func__);
	if (rc > 0) {
		flow_of_ticket(&t, &flow);
		return received_ptoken(&t, &flow, pToken);
	}
	if (rc == 0) {
		rc = ipsecapi_find_ticket(msg, IPSECAPI_TICKET_DEMAND, &t, __func__);
	}
	if (rc > 0) {
		return demand_token(&t, pToken);
	}
	if (rc == 0) {
		return ipsecapi_fail(ENOMSG, __func__,
				     "msg carries no pToken: receive with ipsec_recvmsg(), or "
				     "attach one with ipsec_set_msg_pToken()");
	}
	return -1;
}
