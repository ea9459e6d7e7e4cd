/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef IPSECAPI_SOCKET_QUERY_H
#define IPSECAPI_SOCKET_QUERY_H

#include <stdbool.h>

#include "ipsecapi.h"
#include "kernel.h"

/* The protection of connected socket fd as the kernel gives it, as a new
 * pToken in *out (see ipsec_get_socket_pToken(3)); a connection protected
 * beyond doubt is latched. */
int ipsecapi_socket_protection(int fd, ipsec_pToken_t *out, const char *fn);

/* The same for a flow that is not a connected socket's in this process (a
 * datagram's, or a connection the broker follows by its cookie): nothing
 * is latched. */
int ipsecapi_flow_protection(const struct ipsecapi_flow *flow, ipsec_pToken_t *out, const char *fn);

/* What a latch watch follows of a connection: its latch state (0 for no
 * latch), and the socket's own policies if it holds some (its latch's, a
 * listener's copy or its pToken's), which its guard after close repeats
 * (after_close.h). */
struct ipsecapi_latch_facts {
	uint16_t state;
	bool own;
	struct ipsecapi_xfrm_policy out, in;
};

/* The facts of connected socket fd, latching it if it is protected beyond
 * doubt, as ipsec_get_socket_pToken() does. */
int ipsecapi_socket_latch_facts(int fd, struct ipsecapi_latch_facts *facts, const char *fn);

/* The facts of a flow, latching nothing, read from view (NULL: from the
 * kernel). */
int ipsecapi_flow_latch_facts(struct ipsecapi_kernel_view *view, const struct ipsecapi_flow *flow,
			      struct ipsecapi_latch_facts *facts, const char *fn);

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
