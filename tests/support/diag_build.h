/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Builds sock_diag answers as the kernel sends them, for the parser's
 * tests and the fuzzer's seeds: messages appended one after another to
 * an answer, as one read of a dump returns them.
 */
#ifndef BTNS_DIAG_BUILD_H
#define BTNS_DIAG_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>

struct diag_answer {
	uint32_t words[2048]; /* 8 KiB, aligned as netlink messages are */
	size_t len;
};

/* A socket on loopback (127.0.0.1 or ::1) of family and TCP state, from
 * local port sport to dport (0: none), uid 1000, with cookie and an inode
 * derived from it. */
struct inet_diag_msg db_socket_msg(uint8_t family, uint8_t state, uint16_t sport, uint16_t dport,
				   uint64_t cookie);

/* Appends a SOCK_DIAG_BY_FAMILY message holding msg, then an INET_DIAG_MARK
 * attribute if mark is not 0; returns it, for a test to spoil. */
struct nlmsghdr *db_put_socket(struct diag_answer *a, const struct inet_diag_msg *msg,
			       uint32_t mark);

/* Appends the end of the dump: NLMSG_DONE with error (0, or a negative
 * errno for a dump cut short). */
struct nlmsghdr *db_put_done(struct diag_answer *a, int error);

/* Appends NLMSG_ERROR with error (a negative errno): a refused request. */
struct nlmsghdr *db_put_error(struct diag_answer *a, int error);

#endif
