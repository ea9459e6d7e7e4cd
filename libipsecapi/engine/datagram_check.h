/* SPDX-License-Identifier: BSD-2-Clause */
/* Whether the kernel will enforce a demand on a socket's traffic. */
#ifndef IPSECAPI_DATAGRAM_CHECK_H
#define IPSECAPI_DATAGRAM_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel.h"

/* What a datagram demands: the weakest levels its SAs may give, and the
 * reqid of the SAs (0 for any). */
struct ipsecapi_datagram_demand {
	enum ipsecapi_strength min_privacy, min_integrity;
	uint32_t reqid;
};

/*
 * Whether the kernel will enforce want for a datagram of flow (its
 * family, destination and the sending socket's cookie; its source too if
 * source_known) on the socket: 0 when the socket's own outbound policy
 * for the datagram's family requires IPsec with the reqid demanded, and
 * every SA that may carry the datagram, if there is one yet, gives at
 * least the levels demanded; else -1 with EPROTO and why, recorded for fn.
 * The SPD is never trusted for this: which of its policies applies to one
 * datagram depends on what the library cannot see.
 */
int ipsecapi_datagram_enforced(const struct ipsecapi_flow *flow, bool source_known,
			       const struct ipsecapi_datagram_demand *want, const char *fn);

/* Whether the SAs that the kernel may use for the flow under the socket
 * policies sp give at least the levels demanded: 0 when they do or when
 * there is no SA yet, -1 with EPROTO (recorded for fn) when one is weaker
 * or SAs conflict. */
int ipsecapi_socket_sas_meet(const struct ipsecapi_flow *flow,
			     const struct ipsecapi_socket_policy *sp, const char *fn);

#endif
