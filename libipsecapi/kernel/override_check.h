/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Whether a socket's own policies would loosen the SPD for it.  A socket
 * policy replaces the SPD's for the socket's traffic, so the broker sets
 * one for an application only where it demands at least what every SPD
 * policy that may cover that traffic demands: not where the SPD blocks
 * it, nor where it asks for a tunnel, another reqid, other protocols or
 * fewer algorithms.
 */
#ifndef IPSECAPI_OVERRIDE_CHECK_H
#define IPSECAPI_OVERRIDE_CHECK_H

#include <stdbool.h>

#include "flow.h"
#include "socket_policy.h"

/* 0 when sp loosens nothing for the traffic of a socket of flow (with
 * connected false, its remote end may be anything, and its local address
 * anything when it is 0), or -1 with EPERM and which SPD policy it would
 * loosen, recorded for fn. */
int ipsecapi_override_loosens_nothing(const struct ipsecapi_flow *flow, bool connected,
				      const struct ipsecapi_socket_policy *sp, const char *fn);

#endif
