/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Requests to the kernel's XFRM netlink interface, through libmnl, and the
 * lookups built on them.  Every call needs CAP_NET_ADMIN in the caller's
 * network namespace (the kernel answers EPERM otherwise).
 */
#ifndef IPSECAPI_XFRM_NL_H
#define IPSECAPI_XFRM_NL_H

#include <stdbool.h>
#include <stdint.h>

#include "xfrm_msg.h"

struct ipsecapi_nl;

int ipsecapi_nl_open(struct ipsecapi_nl **nl, const char *fn);
/* The socket, to compare its network namespace with that of another. */
int ipsecapi_nl_fd(const struct ipsecapi_nl *nl);
void ipsecapi_nl_close(struct ipsecapi_nl *nl);

/* Called for each SA or policy of an answer; nonzero stops the walk and is
 * returned by the lookup. */
typedef int (*ipsecapi_sa_fn)(const struct ipsecapi_xfrm_sa *sa, void *data);
typedef int (*ipsecapi_policy_fn)(const struct ipsecapi_xfrm_policy *pol, void *data);

/* The SAs from src (NULL: from anywhere) to dst (family AF_INET or
 * AF_INET6) of protocol proto (0 for any), filtered by the kernel, so that
 * the answer holds only them.  With keep_keys the SAs carry their key
 * material. */
int ipsecapi_xfrm_sas_between(struct ipsecapi_nl *nl, uint16_t family, const xfrm_address_t *src,
			      const xfrm_address_t *dst, uint8_t proto, bool keep_keys,
			      ipsecapi_sa_fn each, void *data, const char *fn);

/* Every SA, without key material. */
int ipsecapi_xfrm_sas_all(struct ipsecapi_nl *nl, ipsecapi_sa_fn each, void *data, const char *fn);

/* The policy of direction dir (XFRM_POLICY_IN/OUT/FWD) whose selector is
 * exactly sel: 0 and *out, or -1 with errno ENOENT when there is none. */
int ipsecapi_xfrm_policy_by_selector(struct ipsecapi_nl *nl, const struct xfrm_selector *sel,
				     uint8_t dir, struct ipsecapi_xfrm_policy *out, const char *fn);

/* Every policy of the SPD (and the sockets' policies, dir 3 to 5). */
int ipsecapi_xfrm_policies(struct ipsecapi_nl *nl, ipsecapi_policy_fn each, void *data,
			   const char *fn);

/* Adds pol to the SPD, or replaces the one of the same selector,
 * direction and priority (XFRM_MSG_UPDPOLICY): 0, or -1 with the error
 * recorded for fn. */
int ipsecapi_xfrm_policy_update(struct ipsecapi_nl *nl, const struct ipsecapi_xfrm_policy *pol,
				const char *fn);

/* How many policies there are: the SPD's, and the sockets' own. */
struct ipsecapi_spd_counts {
	uint32_t in, out;
	uint32_t socket_in, socket_out;
};

int ipsecapi_xfrm_spd_counts(struct ipsecapi_nl *nl, struct ipsecapi_spd_counts *counts,
			    const char *fn);

#endif
