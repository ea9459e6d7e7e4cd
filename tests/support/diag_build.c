/* SPDX-License-Identifier: BSD-2-Clause */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/sock_diag.h>

#include "diag_build.h"

static struct nlmsghdr *put_header(struct diag_answer *a, uint16_t type)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header((uint8_t *)a->words + a->len);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = 1;
	return nlh;
}

/* Counts a message that is complete into the answer. */
static struct nlmsghdr *close_message(struct diag_answer *a, struct nlmsghdr *nlh)
{
	a->len += MNL_ALIGN(nlh->nlmsg_len);
	return nlh;
}

struct inet_diag_msg db_socket_msg(uint8_t family, uint8_t state, uint16_t sport, uint16_t dport,
				   uint64_t cookie)
{
	struct inet_diag_msg m = {
		.idiag_family = family,
		.idiag_state = state,
		.id = {
			.idiag_sport = htons(sport),
			.idiag_dport = htons(dport),
			.idiag_cookie = { (uint32_t)cookie, (uint32_t)(cookie >> 32) },
		},
		.idiag_uid = 1000,
		.idiag_inode = (uint32_t)cookie + 4000,
	};

	if (family == AF_INET) {
		m.id.idiag_src[0] = htonl(INADDR_LOOPBACK);
		m.id.idiag_dst[0] = dport != 0 ? htonl(INADDR_LOOPBACK) : 0;
	} else {
		memcpy(m.id.idiag_src, &in6addr_loopback, sizeof(m.id.idiag_src));
		if (dport != 0) {
			memcpy(m.id.idiag_dst, &in6addr_loopback, sizeof(m.id.idiag_dst));
		}
	}
	return m;
}

struct nlmsghdr *db_put_socket(struct diag_answer *a, const struct inet_diag_msg *msg,
			       uint32_t mark)
{
	struct nlmsghdr *nlh = put_header(a, SOCK_DIAG_BY_FAMILY);

	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(*msg)), msg, sizeof(*msg));
	if (mark != 0) {
		mnl_attr_put_u32(nlh, INET_DIAG_MARK, mark);
	}
	return close_message(a, nlh);
}

struct nlmsghdr *db_put_done(struct diag_answer *a, int error)
{
	struct nlmsghdr *nlh = put_header(a, NLMSG_DONE);

	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(error)), &error, sizeof(error));
	return close_message(a, nlh);
}

struct nlmsghdr *db_put_error(struct diag_answer *a, int error)
{
	struct nlmsghdr *nlh = put_header(a, NLMSG_ERROR);
	struct nlmsgerr *e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));

	e->error = error;
	e->msg = (struct nlmsghdr){ .nlmsg_len = sizeof(e->msg), .nlmsg_type = SOCK_DIAG_BY_FAMILY };
	nlh->nlmsg_flags = 0;
	return close_message(a, nlh);
}
