/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Whether the kernel consults the SPD for a flow's packets at all.  It
 * does not for packets routed out through a device with disable_xfrm (so
 * IPv4 loopback, by default) or through IPv6 loopback, nor for packets
 * taken in by a device with disable_policy; a socket's own policies apply
 * whatever the route.  The route is the kernel's answer (RTM_GETROUTE).
 */
#ifndef IPSECAPI_ROUTE_FACTS_H
#define IPSECAPI_ROUTE_FACTS_H

#include <stdbool.h>
#include <net/if.h>

#include "flow.h"

struct ipsecapi_route_facts {
	bool local;            /* the peer is an address of this host */
	char dev[IF_NAMESIZE]; /* the device the route leads out through */
	bool spd_out, spd_in;  /* the SPD is consulted outbound, inbound */
	/* Inbound packets may come in through a device that skips the SPD,
	 * or not: which one takes them cannot be told. */
	bool in_unknown;
};

/* The facts for the flow's route: 0, or -1 with the error recorded for
 * fn (a route that cannot be found is not an error: the SPD applies). */
int ipsecapi_route_facts(const struct ipsecapi_flow *flow, struct ipsecapi_route_facts *r,
			 const char *fn);

#endif
