/* SPDX-License-Identifier: BSD-2-Clause */
/* Replacing a socket's own XFRM policies, all or nothing. */
#ifndef IPSECAPI_SOCKET_INSTALL_H
#define IPSECAPI_SOCKET_INSTALL_H

#include <stdbool.h>

#include "flow.h"
#include "policy_census.h"
#include "xfrm_msg.h"

/* Replaces socket fd's inbound and outbound policies with in and out, both
 * or neither: if the second is refused, what the socket held before is put
 * back.  What it holds is known (a query's census, which kept the
 * socket's own policies) or, with known NULL, looked up.  With keep_latch, the
 * latch the socket held is carried into the new policies. */
int ipsecapi_socket_install(int fd, const struct ipsecapi_flow *flow,
			    struct ipsecapi_xfrm_policy *out, struct ipsecapi_xfrm_policy *in,
			    const struct ipsecapi_census *known, bool keep_latch,
			    const char *fn);

#endif
