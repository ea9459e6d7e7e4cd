/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef IPSECAPI_SOCKET_QUERY_H
#define IPSECAPI_SOCKET_QUERY_H

#include "ipsecapi.h"
#include "flow.h"
#include "socket_policy.h"

/* The protection of connected socket fd as the kernel gives it, as a new
 * pToken in *out (see ipsec_get_socket_pToken(3)). */
int ipsecapi_socket_protection(int fd, ipsec_pToken_t *out, const char *fn);

/* The same for a flow that is not a connected socket's (a datagram's):
 * nothing is latched. */
int ipsecapi_flow_protection(const struct ipsecapi_flow *flow, ipsec_pToken_t *out, const char *fn);

/* Whether traffic of the flow leaves protected at the levels given: 0 when
 * the outbound policy that governs it requires IPsec and its SAs, if there
 * are any yet, are strong enough; -1 with EPROTO (recorded for fn) when it
 * would leave in clear or more weakly protected. */
int ipsecapi_flow_sends_protected(const struct ipsecapi_flow *flow,
				  enum ipsecapi_strength min_privacy,
				  enum ipsecapi_strength min_integrity, const char *fn);

/* Whether the SAs that the kernel would use for the flow under the socket
 * policies sp give at least the levels demanded: 0 when they do or when
 * there is no SA yet, -1 with EPROTO (recorded for fn) when one is
 * weaker. */
int ipsecapi_socket_sas_meet(const struct ipsecapi_flow *flow,
			     const struct ipsecapi_socket_policy *sp, const char *fn);

#endif
