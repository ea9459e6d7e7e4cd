/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef IPSECAPI_SOCKET_QUERY_H
#define IPSECAPI_SOCKET_QUERY_H

#include <stdbool.h>

#include "ipsecapi.h"
#include "kernel.h"

/* Whether a query of a socket may write: RFC 5660 latches a connection
 * protected beyond doubt on its first query, which is the API's query
 * (ipsec_get_socket_pToken(3)); a read-only lookup, such as ipsec-ss's,
 * changes nothing. */
enum ipsecapi_latching { IPSECAPI_READ_ONLY, IPSECAPI_LATCH_IF_DUE };

/* The protection of connected socket fd as the kernel gives it, as a new
 * pToken in *out (see ipsec_get_socket_pToken(3)). */
int ipsecapi_socket_protection(int fd, enum ipsecapi_latching latching, ipsec_pToken_t *out,
			       const char *fn);

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

/* The facts of connected socket fd. */
int ipsecapi_socket_latch_facts(int fd, enum ipsecapi_latching latching,
				struct ipsecapi_latch_facts *facts, const char *fn);

/* The facts of a flow, latching nothing, read from view (NULL: from the
 * kernel). */
int ipsecapi_flow_latch_facts(struct ipsecapi_kernel_view *view, const struct ipsecapi_flow *flow,
			      struct ipsecapi_latch_facts *facts, const char *fn);

#endif
