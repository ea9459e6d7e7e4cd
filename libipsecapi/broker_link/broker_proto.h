/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The broker's protocol, version 1: how an application without
 * CAP_NET_ADMIN asks the privileged broker about its sockets.  One message
 * per packet of a SOCK_SEQPACKET Unix socket.  The socket that a request
 * is about travels with it (SCM_RIGHTS): the fd is the authority, and no
 * request names a socket by number or by addresses.
 *
 *   version (1 octet, 1), type (1 octet), reserved (2 octets, 0),
 *   body length (4 octets, network order), body
 *
 * The body length is exactly what follows, at most
 * IPSECAPI_BROKER_MAX_BODY.
 *
 * Requests (application to broker), each with one socket attached but
 * UNWATCH_LATCH, which has none:
 *   GET_SOCKET_PTOKEN  empty body
 *   SET_SOCKET_PTOKEN  a pToken's byte form (token_codec.h), of its
 *                      writable attributes only (what a pToken that a
 *                      query filled holds besides is left out)
 *   WATCH_LATCH        tag (4 octets): the broker follows the socket's
 *                      latch on this connection and reports its changes
 *                      under the tag, which the application chose
 *   UNWATCH_LATCH      tag (4 octets) of a watch of this connection
 *   GET_DATAGRAM_PTOKEN  a datagram's flow on the (UDP) socket: family
 *                      (2 octets), remote port (2), local address (16),
 *                      remote address (16; an IPv4 address in the first 4
 *                      octets, the rest 0); the socket gives the rest
 *   CHECK_DATAGRAM     the same, then the demanded privacy and integrity
 *                      (2 octets each, IPSEC_API_ATTR_* values) and reqid
 *                      (4 octets, 0 for any): whether the kernel will
 *                      enforce that for a datagram of that flow
 * Answers (broker to application):
 *   PTOKEN             a pToken's byte form (no keys, no SPIs: a pToken
 *                      has none)
 *   DONE               empty body
 *   ERROR              errno (4 octets, network order), then a message of
 *                      1 to IPSECAPI_BROKER_MAX_MESSAGE octets of text
 *                      (no NUL)
 *   LATCH_STATE        the answer to WATCH_LATCH: tag (4 octets), state
 *                      (2 octets: IPSEC_API_LATCH_*, or 0 for no latch)
 *   LATCH_EVENT        the same, unasked, whenever a watched latch changes
 *                      (RFC 5660's ALERT); after CLOSED the tag is free
 * Numbers are in network order.
 */
#ifndef IPSECAPI_BROKER_PROTO_H
#define IPSECAPI_BROKER_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core.h"

#define IPSECAPI_BROKER_VERSION 1
#define IPSECAPI_BROKER_HEADER_LEN 8
#define IPSECAPI_BROKER_MAX_BODY 65536u
#define IPSECAPI_BROKER_MAX_MSG (IPSECAPI_BROKER_HEADER_LEN + IPSECAPI_BROKER_MAX_BODY)
#define IPSECAPI_BROKER_MAX_MESSAGE 511

enum ipsecapi_broker_type {
	IPSECAPI_BROKER_GET_SOCKET_PTOKEN = 0x01,
	IPSECAPI_BROKER_SET_SOCKET_PTOKEN = 0x02,
	IPSECAPI_BROKER_WATCH_LATCH = 0x03,
	IPSECAPI_BROKER_UNWATCH_LATCH = 0x04,
	IPSECAPI_BROKER_GET_DATAGRAM_PTOKEN = 0x05,
	IPSECAPI_BROKER_CHECK_DATAGRAM = 0x06,
	IPSECAPI_BROKER_PTOKEN = 0x81,
	IPSECAPI_BROKER_DONE = 0x82,
	IPSECAPI_BROKER_ERROR = 0x83,
	IPSECAPI_BROKER_LATCH_EVENT = 0x84,
	IPSECAPI_BROKER_LATCH_STATE = 0x85,
};

/* A datagram's flow, as the application's library sees it. */
struct ipsecapi_broker_datagram {
	uint16_t family, remote_port;
	uint8_t local[16], remote[16];
	uint16_t privacy, integrity; /* CHECK_DATAGRAM */
	uint32_t reqid;              /* CHECK_DATAGRAM */
};

struct ipsecapi_broker_msg {
	uint8_t type;                  /* enum ipsecapi_broker_type */
	struct ipsecapi_token *ptoken; /* SET_SOCKET_PTOKEN, PTOKEN; owned */
	int error;                     /* ERROR: an errno value */
	char message[IPSECAPI_BROKER_MAX_MESSAGE + 1]; /* ERROR, NUL-terminated */
	uint32_t tag;                  /* the latch messages */
	uint16_t state;                /* LATCH_STATE, LATCH_EVENT */
	struct ipsecapi_broker_datagram datagram; /* the datagram requests */
};

/* How many descriptors a request of this type carries: 1, or 0. */
int ipsecapi_broker_fds_of(uint8_t type);

/* m's wire form into out (room octets): its length, or 0 with errno
 * (EINVAL: not a message of this protocol; E2BIG: it does not fit) and
 * the reason recorded for fn. */
size_t ipsecapi_broker_encode(const struct ipsecapi_broker_msg *m, uint8_t *out, size_t room,
			      const char *fn);

/* Reads one message of len octets: a request if from_application, else
 * an answer; anything else, or anything malformed, is refused.  0 and *m
 * (which ipsecapi_broker_msg_clear() releases), or -1 with errno
 * (EBADMSG, ENOTSUP for another version, ENOMEM) and the reason recorded
 * for fn. */
int ipsecapi_broker_decode(const uint8_t *buf, size_t len, bool from_application,
			   struct ipsecapi_broker_msg *m, const char *fn);

void ipsecapi_broker_msg_clear(struct ipsecapi_broker_msg *m);

#endif
