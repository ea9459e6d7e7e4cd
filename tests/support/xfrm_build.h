/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Builds XFRM netlink messages as the kernel sends them, for the parser's
 * tests and the fuzzer's seeds.  Each writes one message into buf (at
 * least 8192 octets) and returns it.
 */
#ifndef BTNS_XFRM_BUILD_H
#define BTNS_XFRM_BUILD_H

#include <stdint.h>

#include <linux/netlink.h>
#include <linux/xfrm.h>

/* An ESP SA from 192.0.2.1 to 192.0.2.2 in transport mode, reqid 7. */
void xb_sa_info(struct xfrm_usersa_info *info, uint32_t spi);

struct nlmsghdr *xb_newsa_gcm(void *buf, const struct xfrm_usersa_info *info,
			      const uint8_t *key, uint32_t key_bits, uint32_t icv_bits);
struct nlmsghdr *xb_newsa_cbc_hmac(void *buf, const struct xfrm_usersa_info *info,
				   const uint8_t *enc_key, uint32_t enc_bits,
				   const uint8_t *auth_key, uint32_t auth_bits, uint32_t trunc_bits);
struct nlmsghdr *xb_delsa(void *buf, const struct xfrm_usersa_info *info);
struct nlmsghdr *xb_expire(void *buf, const struct xfrm_usersa_info *info, int hard);

/* An outbound policy 192.0.2.1 -> 192.0.2.2 with ntmpl ESP templates. */
void xb_policy_info(struct xfrm_userpolicy_info *info, uint8_t dir);
struct nlmsghdr *xb_newpolicy(void *buf, const struct xfrm_userpolicy_info *info,
			      unsigned ntmpl, uint32_t reqid);
struct nlmsghdr *xb_acquire(void *buf, uint32_t reqid);

#endif
