/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One direction of a flow as the engine works it out: which policy
 * governs it and how sure that is, and the SAs that may carry it.
 * Protection counts only where the kernel's own enforcement is certain:
 * the socket's own policy, a listener's copy proven to be the
 * connection's, or an SPD policy that the kernel applies beyond doubt.
 */
#ifndef IPSECAPI_DIRECTION_H
#define IPSECAPI_DIRECTION_H

#include <stdbool.h>
#include <stddef.h>

#include "kernel.h"

enum ipsecapi_policy_source {
	IPSECAPI_NO_POLICY,     /* nothing governs it: in clear */
	IPSECAPI_FROM_SOCKET,   /* the socket's own policy */
	IPSECAPI_FROM_LISTENER, /* a copy of its listener's */
	IPSECAPI_FROM_SPD,      /* a policy of the SPD */
	IPSECAPI_ROUTE_SKIPS,   /* the SPD would, but the route skips it */
};

struct ipsecapi_direction {
	uint8_t dir; /* XFRM_POLICY_OUT or _IN */
	enum ipsecapi_policy_source source;
	struct ipsecapi_xfrm_policy policy; /* unless NO_POLICY or ROUTE_SKIPS */
	const char *doubt; /* why the kernel's choice cannot be told, or NULL */
	struct ipsecapi_sa_choice sas;
};

/* Whether the kernel certainly applies what the direction says. */
bool ipsecapi_direction_certain(const struct ipsecapi_direction *d);

/* Whether the direction is carried by SAs that the kernel certainly
 * requires, every template met and no SAs in conflict. */
bool ipsecapi_direction_protected(const struct ipsecapi_direction *d);

/* The direction in the audit text ("out: ..."), appended to buf: the
 * policy and how sure it is, each SA's protocol, mode, transforms and
 * end-points; never a key or an SPI. */
void ipsecapi_describe_direction(char *buf, size_t size, const struct ipsecapi_direction *d,
				 const struct ipsecapi_route_facts *route);

/* Appends a formatted text to buf, cut at its size. */
void ipsecapi_append(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
