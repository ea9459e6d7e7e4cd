/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What protects a TCP connection after its socket is gone.  The kernel
 * answers a closed connection's late segments (TIME_WAIT's acknowledgement,
 * then a reset) through a socket of its own, and takes them in, under the
 * SPD alone: the connection's socket policies went with its socket, so
 * its ports and sequence numbers would go, and a reset or FIN come, in
 * clear.  A guard is the connection's exact flow, both ways, in the SPD,
 * demanding what its socket policies demanded, for as long as late
 * segments may come; the kernel removes it itself when its lifetime ends.
 */
#ifndef IPSECAPI_AFTER_CLOSE_H
#define IPSECAPI_AFTER_CLOSE_H

#include <stdbool.h>
#include <stdint.h>

#include "flow.h"
#include "xfrm_msg.h"

/* TIME_WAIT (60 s) and then as long again for a peer's last
 * retransmissions. */
#define IPSECAPI_AFTER_CLOSE_SECONDS 120

/* The deepest bundle a guard repeats (IPComp, ESP, AH): kept small, as a
 * latch watch keeps one per connection. */
#define IPSECAPI_GUARD_TEMPLATES 3

struct ipsecapi_guard_side {
	uint8_t action;
	uint8_t ntmpl;
	struct xfrm_user_tmpl tmpl[IPSECAPI_GUARD_TEMPLATES];
};

/* What a connection's guard demands, both ways. */
struct ipsecapi_guard {
	struct ipsecapi_guard_side out, in;
};

/* The guard of a socket that held out and in: true and *g when they
 * require IPsec one way or the other, false when there is nothing to
 * guard (or a bundle deeper than a guard holds). */
bool ipsecapi_guard_of(const struct ipsecapi_xfrm_policy *out,
		       const struct ipsecapi_xfrm_policy *in, struct ipsecapi_guard *g);

/* Puts g in the SPD for the TCP connection of flow: 0, or -1 with the
 * error recorded for fn. */
int ipsecapi_after_close_guard(const struct ipsecapi_flow *flow, const struct ipsecapi_guard *g,
			       const char *fn);

#endif
