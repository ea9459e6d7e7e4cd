/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: the XFRM netlink message parser, on a stream of
 * messages as a netlink socket would deliver it.  A refusal must be one of
 * the documented errors, and nothing may leak, key material included.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xfrm_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Netlink messages are 4-octet aligned in the socket buffer. */
	uint32_t *copy = malloc(size + 4);
	size_t offset = 0;

	if (copy == NULL || size > 1 << 20) {
		free(copy);
		return 0;
	}
	memcpy(copy, data, size);
	/* Walked by hand: libmnl's mnl_nlmsg_ok() compares nlmsg_len as a
	 * signed int and takes 0xffffffff for a fitting length. */
	while (size - offset >= sizeof(struct nlmsghdr)) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)((const uint8_t *)copy + offset);
		struct ipsecapi_xfrm_msg msg;
		int keep;

		if (nlh->nlmsg_len < sizeof(*nlh) || nlh->nlmsg_len > size - offset) {
			break;
		}
		offset += NLMSG_ALIGN(nlh->nlmsg_len);

		for (keep = 0; keep <= 1; keep++) {
			if (ipsecapi_xfrm_parse(nlh, keep != 0, &msg) != 0) {
				if (errno != EBADMSG && errno != ENOTSUP && errno != ENOMEM) {
					abort();
				}
				continue;
			}
			if (keep == 0 && msg.sa.keys.bytes != NULL) {
				abort(); /* keys kept although not asked for */
			}
			ipsecapi_xfrm_msg_clear(&msg);
		}
		if (offset > size) {
			break;
		}
	}
	free(copy);
	return 0;
}
