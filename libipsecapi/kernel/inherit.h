/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What an accepted TCP connection inherited.  The kernel copies a
 * listener's socket policies to each connection it accepts, and the copies
 * carry the listener's mark; but a policy dump names no socket, so which
 * copy, if any, a connection holds is shown by counting: when a listener's
 * copies are at least as many as the connections on its port that could
 * hold them, every one of those holds one.  A listener of another user, a
 * listener gone with copies left behind, or copies too few make the
 * answer unknown, and that is an error, never a guess.
 */
#ifndef IPSECAPI_INHERIT_H
#define IPSECAPI_INHERIT_H

#include "flow.h"
#include "kernel_view.h"
#include "xfrm_msg.h"

/*
 * The socket policies that the TCP connection of flow (with no policy of
 * its own) holds from its listener: 1 with *out and *in, 0 when it holds
 * none that this library set (the SPD governs it), or -1 with the error
 * recorded for fn: ENOTUNIQ when that cannot be told.
 */
int ipsecapi_inherited_policies(struct ipsecapi_kernel_view *view, const struct ipsecapi_flow *flow,
				struct ipsecapi_xfrm_policy *out, struct ipsecapi_xfrm_policy *in,
				const char *fn);

#endif
