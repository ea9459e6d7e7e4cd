/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The listening socket that accepted a TCP connection, found through
 * sock_diag as the kernel's own lookup finds it.  An accepted connection
 * starts with copies of its listener's socket policies, so the record of
 * what was set on the listener is the connection's too.
 */
#ifndef IPSECAPI_LISTENER_H
#define IPSECAPI_LISTENER_H

#include <stdint.h>

#include "flow.h"

/* The cookie of the listener that would accept connections to the flow's
 * local address and port: 1 and *cookie, 0 when there is none (or the
 * flow is not TCP), -1 with the error recorded for fn. */
int ipsecapi_listener_cookie(const struct ipsecapi_flow *flow, uint64_t *cookie, const char *fn);

#endif
