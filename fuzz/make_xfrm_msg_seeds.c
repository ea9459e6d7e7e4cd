/* SPDX-License-Identifier: BSD-2-Clause */
/* Writes seed inputs for the XFRM message fuzzer into the directory given:
 * one of each message the parser reads, and all of them in one stream. */
#include <stdio.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "seed_file.h"
#include "xfrm_build.h"

static uint8_t stream[65536];
static size_t stream_len;

static int write_seed(const char *dir, const char *name, const struct nlmsghdr *nlh)
{
	if (seed_file_write(dir, name, NULL, 0, nlh, nlh->nlmsg_len) != 0) {
		return -1;
	}
	if (stream_len + NLMSG_ALIGN(nlh->nlmsg_len) <= sizeof(stream)) {
		memcpy(stream + stream_len, nlh, nlh->nlmsg_len);
		stream_len += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	return 0;
}

int main(int argc, char **argv)
{
	static uint8_t buf[8192];
	static const uint8_t key[32] = { 1, 2, 3, 4 };
	struct xfrm_usersa_info sa;
	struct xfrm_userpolicy_info pol;

	if (argc != 2) {
		fprintf(stderr, "usage: make_xfrm_msg_seeds DIRECTORY\n");
		return 2;
	}
	xb_sa_info(&sa, 0x1000);
	xb_policy_info(&pol, XFRM_POLICY_OUT);
	if (write_seed(argv[1], "newsa-gcm", xb_newsa_gcm(buf, &sa, key, 160, 128)) != 0 ||
	    write_seed(argv[1], "newsa-cbc", xb_newsa_cbc_hmac(buf, &sa, key, 128, key, 256, 128)) != 0 ||
	    write_seed(argv[1], "delsa", xb_delsa(buf, &sa)) != 0 ||
	    write_seed(argv[1], "expire", xb_expire(buf, &sa, 1)) != 0 ||
	    write_seed(argv[1], "newpolicy", xb_newpolicy(buf, &pol, 2, 5)) != 0 ||
	    write_seed(argv[1], "acquire", xb_acquire(buf, 5)) != 0 ||
	    seed_file_write(argv[1], "stream", NULL, 0, stream, stream_len) != 0) {
		return 1;
	}
	return 0;
}
