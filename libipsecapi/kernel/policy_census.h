/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The sockets' policies that this library set, as a policy dump shows
 * them: each carries its owner's mark (socket_policy.h), and every copy
 * the kernel made for a listener's accepted connections carries the
 * listener's.  The census counts the copies of each owner and keeps the
 * policies of the few owners a caller wants to read.
 */
#ifndef IPSECAPI_POLICY_CENSUS_H
#define IPSECAPI_POLICY_CENSUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "socket_policy.h"
#include "xfrm_msg.h"

/* One owner's copies. */
struct ipsecapi_census_group {
	struct ipsecapi_owner owner;
	uint32_t copies[2];  /* by XFRM_POLICY_IN and _OUT */
	bool differs[2];     /* copies that demand different things */
	uint64_t demands[2]; /* a digest of the newest copy's demands */
};

#define IPSECAPI_CENSUS_KEPT 8

struct ipsecapi_census {
	/* The owners whose newest policies are kept: the first is the
	 * socket asked about ("own"). */
	size_t nkept;
	uint64_t kept_cookie[IPSECAPI_CENSUS_KEPT];
	bool kept_found[IPSECAPI_CENSUS_KEPT][2];
	struct ipsecapi_xfrm_policy kept[IPSECAPI_CENSUS_KEPT][2];
	/* Every marked policy seen, then, once finished, one group per owner
	 * in the order of their cookies. */
	struct ipsecapi_census_group *groups;
	size_t ngroups, cap;
	bool failed;
	bool any_socket_policy; /* marked or not */
};

/* Starts a census that keeps the policies of own and of the wanted
 * cookies (at most IPSECAPI_CENSUS_KEPT in all). */
void ipsecapi_census_start(struct ipsecapi_census *c, uint64_t own, const uint64_t *wanted,
			   size_t nwanted);

/* Offers one policy of the dump. */
void ipsecapi_census_offer(struct ipsecapi_census *c, const struct ipsecapi_xfrm_policy *pol);

/* Ends the walk: 0, or -1 (ENOMEM, recorded for fn). */
int ipsecapi_census_finish(struct ipsecapi_census *c, const char *fn);

/* The newest policy of direction dir (XFRM_POLICY_IN or _OUT) marked with
 * a kept cookie, or NULL. */
const struct ipsecapi_xfrm_policy *ipsecapi_census_kept(const struct ipsecapi_census *c,
							uint64_t cookie, uint8_t dir);

/* The group of an owner, once finished, or NULL. */
const struct ipsecapi_census_group *ipsecapi_census_group(const struct ipsecapi_census *c,
							  uint64_t cookie);

void ipsecapi_census_clear(struct ipsecapi_census *c);

#endif
