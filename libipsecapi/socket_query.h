/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef IPSECAPI_SOCKET_QUERY_H
#define IPSECAPI_SOCKET_QUERY_H

#include "ipsecapi.h"
#include "flow.h"
#include "socket_policy.h"

/* The protection of connected socket fd as the kernel gives it, as a new
 * pToken in *out (see ipsec_get_socket_pToken(3)). */
int ipsecapi_socket_protection(int fd, ipsec_pToken_t *out, const char *fn);

/* Whether the SAs that the kernel would use for the flow under the socket
 * policies sp give at least the levels demanded: 0 when they do or when
 * there is no SA yet, -1 with EPROTO (recorded for fn) when one is
 * weaker. */
int ipsecapi_socket_sas_meet(const struct ipsecapi_flow *flow,
			     const struct ipsecapi_socket_policy *sp, const char *fn);

#endif
