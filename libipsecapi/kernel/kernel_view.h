/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the engine reads of the kernel's XFRM state: the policies (the
 * SPD's and the sockets'), and the SAs between two addresses.  A live view
 * asks the kernel each time, which suits one query; a snapshot reads
 * everything once and answers from memory, so that many queries after one
 * event (the broker's latch watches) cost one dump, not one each.
 */
#ifndef IPSECAPI_KERNEL_VIEW_H
#define IPSECAPI_KERNEL_VIEW_H

#include <stdbool.h>

#include "xfrm_nl.h"

struct ipsecapi_kernel_view;

/* A view that asks the kernel each time: 0, or -1 with the error recorded
 * for fn. */
int ipsecapi_view_open_live(struct ipsecapi_kernel_view **view, const char *fn);

/* A view of every policy and SA (without keys) as the kernel holds them
 * now. */
int ipsecapi_view_open_snapshot(struct ipsecapi_kernel_view **view, const char *fn);

/* A view of the policies and SAs given (copied, keys left out): kernel
 * state made up, for the engine's tests. */
int ipsecapi_view_open_fixed(struct ipsecapi_kernel_view **view,
			     const struct ipsecapi_xfrm_policy *policies, size_t npolicies,
			     const struct ipsecapi_xfrm_sa *sas, size_t nsas, const char *fn);

void ipsecapi_view_close(struct ipsecapi_kernel_view *view);

/* The netlink socket a live view asks through, to compare its network
 * namespace with a socket's; -1 for a snapshot. */
int ipsecapi_view_fd(const struct ipsecapi_kernel_view *view);

/* Every policy, in the kernel's order (newest first); each as in
 * ipsecapi_xfrm_policies(). */
int ipsecapi_view_policies(struct ipsecapi_kernel_view *view, ipsecapi_policy_fn each, void *data,
			   const char *fn);

/* The SAs from src (NULL: from anywhere) to dst of protocol proto, as in
 * ipsecapi_xfrm_sas_between(); a snapshot has no keys, and refuses
 * keep_keys (EINVAL). */
int ipsecapi_view_sas(struct ipsecapi_kernel_view *view, uint16_t family, const xfrm_address_t *src,
		      const xfrm_address_t *dst, uint8_t proto, bool keep_keys, ipsecapi_sa_fn each,
		      void *data, const char *fn);

#endif
