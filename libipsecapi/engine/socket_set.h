/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef IPSECAPI_SOCKET_SET_H
#define IPSECAPI_SOCKET_SET_H

#include <stdbool.h>

#include "ipsecapi.h"
#include "kernel.h"

/* Makes the kernel enforce pToken's demands on socket fd (see
 * ipsec_set_socket_pToken(3)); on failure nothing has changed.  With
 * only_stricter, demands that would loosen what the SPD asks of the
 * socket's traffic are refused (EPERM; override_check.h). */
int ipsecapi_socket_set_protection(int fd, const ipsec_pToken_t pToken, bool only_stricter,
				   const char *fn);

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
