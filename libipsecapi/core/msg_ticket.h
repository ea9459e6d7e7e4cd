/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The tickets by which a datagram's pToken travels in its ancillary data
 * (see datagram.c), and a strict walk over a message's control messages.
 *
 * Tickets are control messages of level SOL_IP and SOL_IPV6 with type
 * IP_XFRM_POLICY and IPV6_XFRM_POLICY, which the kernel refuses (EINVAL)
 * in a datagram it sends: a message with demands that reaches plain
 * sendmsg() is not sent, rather than sent without them.
 */
#ifndef IPSECAPI_MSG_TICKET_H
#define IPSECAPI_MSG_TICKET_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "ipsecapi.h"

#define IPSECAPI_TICKET_MAGIC 0x42544d47u /* "BTMG" */
#define IPSECAPI_TICKET_VERSION 1

enum ipsecapi_ticket_kind { IPSECAPI_TICKET_RECEIVED = 1, IPSECAPI_TICKET_DEMAND = 2 };

/* IPSEC_MSG_TICKET_LEN octets at most, in host order: it never leaves the
 * host. */
struct ipsecapi_ticket {
	uint32_t magic;
	uint8_t version, kind;
	uint16_t family;
	union {
		struct {
			uint8_t proto, pad[3];
			uint32_t mark;
			uint16_t local_port, remote_port;
			uint8_t local[16], remote[16];
			int32_t fd; /* for the broker, which needs the socket */
			uint64_t cookie;
		} received; /* the flow of a datagram received, and its socket */
		struct {
			uint16_t privacy, integrity, compression, pad;
			uint32_t reqid;
		} demand; /* the demands on a datagram to send */
	} u;
};

/* The control messages of msg, walked by hand so that a malformed one is
 * an error rather than the end of the walk. */
struct ipsecapi_cmsg_walk {
	uint8_t *at, *end;
};

void ipsecapi_walk_start(struct ipsecapi_cmsg_walk *w, const struct msghdr *msg);

/* 1 and *c for the next control message, 0 at the end, -1 (EINVAL,
 * recorded for fn) for a malformed one. */
int ipsecapi_walk_next(struct ipsecapi_cmsg_walk *w, struct cmsghdr **c, const char *fn);

/* Whether c has the level and type of a ticket. */
bool ipsecapi_is_ticket_header(const struct cmsghdr *c);

/* The ticket of kind in msg: 1 and *t, 0 if there is none, -1 on a bad
 * msg. */
int ipsecapi_find_ticket(const struct msghdr *msg, enum ipsecapi_ticket_kind kind,
			 struct ipsecapi_ticket *t, const char *fn);

/* Writes ticket t as a control message of level and type at at, which has
 * CMSG_SPACE(IPSEC_MSG_TICKET_LEN) octets. */
void ipsecapi_put_ticket(uint8_t *at, int level, int type, const struct ipsecapi_ticket *t);

/* Where the last IPSEC_MSG_PTOKEN_SPACE octets of msg_control start, if
 * the caller's own control messages end there. */
int ipsecapi_demand_space(const struct msghdr *msg, uint8_t **space, const char *fn);

#endif
