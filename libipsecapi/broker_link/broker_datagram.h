/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The datagram calls of a process without CAP_NET_ADMIN, through the
 * broker: ipsec_get_msg_pToken() for a datagram received and
 * ipsec_sendmsg()'s check of the demands on one to send.  The request
 * carries the UDP socket (the authority) and the datagram's addresses;
 * the socket gives the rest of the flow.  What it tells is what the
 * process could learn of a connected socket of its own with
 * ipsec_get_socket_pToken().
 */
#ifndef IPSECAPI_BROKER_DATAGRAM_H
#define IPSECAPI_BROKER_DATAGRAM_H

#include "ipsecapi.h"
#include "broker_proto.h"
#include "core.h"
#include "kernel.h"

/* The library's side.  The pToken of the datagram of flow received on
 * socket fd, into *out; 0, or -1 as ipsecapi_broker_call(). */
int ipsecapi_broker_datagram_ptoken(int fd, const struct ipsecapi_flow *flow, ipsec_pToken_t *out,
				    const char *fn);

/* Whether the kernel will enforce the demands of ticket t for a datagram
 * of flow sent on socket fd (see ipsecapi_datagram_enforced()): 0, or -1
 * with the broker's reason (EPROTO when it would not). */
int ipsecapi_broker_datagram_check(int fd, const struct ipsecapi_flow *flow,
				   const struct ipsecapi_ticket *t, const char *fn);

/* The broker's side: the flow of the datagram d on socket fd, which must
 * be a UDP socket of d's family (or an IPv6 one, for IPv4); its port is 0
 * until it is bound, as in the application's own lookup; a connected
 * socket's own source address (*connected), else d's.  0, or -1 with the
 * error recorded for fn. */
int ipsecapi_broker_datagram_flow(int fd, const struct ipsecapi_broker_datagram *d,
				  struct ipsecapi_flow *flow, bool *connected, const char *fn);

#endif
