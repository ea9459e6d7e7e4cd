/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "error.h"
#include "msg_ticket.h"

_Static_assert(sizeof(struct ipsecapi_ticket) <= IPSEC_MSG_TICKET_LEN, "a ticket fits its space");

bool ipsecapi_is_ticket_header(const struct cmsghdr *c)
{
	return (c->cmsg_level == SOL_IP && c->cmsg_type == IP_XFRM_POLICY) ||
	       (c->cmsg_level == SOL_IPV6 && c->cmsg_type == IPV6_XFRM_POLICY);
}

int ipsecapi_walk_next(struct ipsecapi_cmsg_walk *w, struct cmsghdr **c, const char *fn)
{
	size_t remaining = (size_t)(w->end - w->at), step;
	struct cmsghdr h;

	if (remaining == 0) {
		return 0;
	}
	if (remaining < sizeof(h)) {
		return ipsecapi_fail(EINVAL, fn, "msg_control ends inside a control message header");
	}
	if ((uintptr_t)w->at % _Alignof(struct cmsghdr) != 0) {
		return ipsecapi_fail(EINVAL, fn, "a control message of msg is not aligned");
	}
	memcpy(&h, w->at, sizeof(h));
	if (h.cmsg_len < CMSG_LEN(0) || h.cmsg_len > remaining) {
		return ipsecapi_fail(EINVAL, fn, "a control message of msg has a bad length (%zu)",
				     (size_t)h.cmsg_len);
	}
	step = CMSG_ALIGN(h.cmsg_len);
	*c = (struct cmsghdr *)(void *)w->at;
	w->at = step >= remaining ? w->end : w->at + step;
	return 1;
}

void ipsecapi_walk_start(struct ipsecapi_cmsg_walk *w, const struct msghdr *msg)
{
	w->at = msg->msg_control;
	w->end = w->at == NULL ? w->at : w->at + msg->msg_controllen;
}

int ipsecapi_find_ticket(const struct msghdr *msg, enum ipsecapi_ticket_kind kind,
			 struct ipsecapi_ticket *t, const char *fn)
{
	struct ipsecapi_cmsg_walk w;
	struct cmsghdr *c;
	int rc;

	ipsecapi_walk_start(&w, msg);
	while ((rc = ipsecapi_walk_next(&w, &c, fn)) > 0) {
		if (!ipsecapi_is_ticket_header(c) || c->cmsg_len != CMSG_LEN(IPSEC_MSG_TICKET_LEN)) {
			continue;
		}
		memcpy(t, CMSG_DATA(c), sizeof(*t));
		if (t->magic == IPSECAPI_TICKET_MAGIC && t->version == IPSECAPI_TICKET_VERSION && t->kind == kind) {
			return 1;
		}
	}
	return rc;
}

void ipsecapi_put_ticket(uint8_t *at, int level, int type, const struct ipsecapi_ticket *t)
{
	struct cmsghdr h;

	memset(at, 0, CMSG_SPACE(IPSEC_MSG_TICKET_LEN));
	memset(&h, 0, sizeof(h));
	h.cmsg_level = level;
	h.cmsg_type = type;
	h.cmsg_len = CMSG_LEN(IPSEC_MSG_TICKET_LEN);
	memcpy(at, &h, sizeof(h));
	memcpy(at + CMSG_LEN(0), t, sizeof(*t)); /* CMSG_DATA, without a member access */
}

int ipsecapi_demand_space(const struct msghdr *msg, uint8_t **space, const char *fn)
{
	struct ipsecapi_cmsg_walk w;
	struct cmsghdr *c;
	uint8_t *tail;
	int rc;

	if (msg->msg_control == NULL || msg->msg_controllen < IPSEC_MSG_PTOKEN_SPACE) {
		return ipsecapi_fail(EINVAL, fn,
				     "msg has no room for a pToken: msg_control must end with "
				     "IPSEC_MSG_PTOKEN_SPACE octets for it");
	}
	tail = (uint8_t *)msg->msg_control + msg->msg_controllen - IPSEC_MSG_PTOKEN_SPACE;
	if ((uintptr_t)tail % _Alignof(struct cmsghdr) != 0) {
		return ipsecapi_fail(EINVAL, fn,
				     "the IPSEC_MSG_PTOKEN_SPACE octets at the end of msg_control are "
				     "not aligned for a control message");
	}
	ipsecapi_walk_start(&w, msg);
	w.end = tail;
	while ((rc = ipsecapi_walk_next(&w, &c, fn)) > 0) {
	}
	if (rc < 0 || w.at != tail) {
		return ipsecapi_fail(EINVAL, fn,
				     "the control messages of msg run into the IPSEC_MSG_PTOKEN_SPACE "
				     "octets at its end");
	}
	*space = tail;
	return 0;
}

