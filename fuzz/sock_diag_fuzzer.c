/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: the parser of sock_diag answers, on one buffer as a
 * read of a dump returns it, for dumps of either family, of any port or
 * of one.  The oracle walks the input by hand: each socket handed out
 * must be the next socket message of the input, whole inside it, with
 * that message's fields and the query's family and port; a read that
 * succeeds has handed out every socket before the dump's end and says
 * whether the dump ended; a refusal records its reason, and a callback
 * that stops the walk is the last one called.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include <ipsecapi.h>

#include "core.h"
#include "sock_diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a plain walk sees it. */
struct plain_walk {
	size_t *sockets; /* offsets of the socket messages before the dump's end */
	size_t nsockets;
	bool framed; /* whole messages only, to the end of the input */
	bool ends;   /* a NLMSG_DONE or NLMSG_ERROR comes after those sockets */
};

struct check {
	const uint8_t *buf;
	const struct ipsecapi_sock_diag_query *q;
	const struct plain_walk *w;
	size_t handed, stop_at;
	bool stopped;
};

static uint16_t u16_at(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t u32_at(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

static void walk_by_hand(const uint8_t *buf, size_t len, struct plain_walk *w)
{
	size_t offset = 0;

	w->nsockets = 0;
	w->ends = false;
	w->framed = len > 0;
	while (offset < len) {
		uint32_t msg_len;
		uint16_t type;

		if (len - offset < NLMSG_HDRLEN) {
			w->framed = false;
			return;
		}
		msg_len = u32_at(buf + offset + offsetof(struct nlmsghdr, nlmsg_len));
		type = u16_at(buf + offset + offsetof(struct nlmsghdr, nlmsg_type));
		if (msg_len < NLMSG_HDRLEN || msg_len > len - offset) {
			w->framed = false;
			return;
		}
		if (!w->ends && (type == NLMSG_DONE || type == NLMSG_ERROR)) {
			w->ends = true;
		} else if (!w->ends && type == SOCK_DIAG_BY_FAMILY) {
			w->sockets[w->nsockets++] = offset;
		}
		offset += align4(msg_len);
	}
}

/* The mark attribute of a socket message, walked by hand; 0 if none. */
static uint32_t mark_of(const uint8_t *msg, uint32_t msg_len)
{
	size_t offset = NLMSG_HDRLEN + sizeof(struct inet_diag_msg);
	uint32_t mark = 0;

	while (msg_len - offset >= NLA_HDRLEN) {
		uint16_t attr_len = u16_at(msg + offset);

		if (attr_len < NLA_HDRLEN || attr_len > msg_len - offset) {
			break;
		}
		if ((u16_at(msg + offset + 2) & NLA_TYPE_MASK) == INET_DIAG_MARK && attr_len == 8) {
			mark = u32_at(msg + offset + NLA_HDRLEN);
		}
		offset += align4(attr_len);
		if (offset > msg_len) {
			break;
		}
	}
	return mark;
}

static bool same_address(uint8_t family, const xfrm_address_t *got, const uint32_t *sent)
{
	static const uint8_t zeros[12];

	if (family == AF_INET6) {
		return memcmp(got->a6, sent, sizeof(got->a6)) == 0;
	}
	return got->a4 == sent[0] && memcmp((const uint8_t *)got + 4, zeros, sizeof(zeros)) == 0;
}

static int check_socket(const struct ipsecapi_diag_socket *s, void *data)
{
	struct check *c = data;
	const uint8_t *msg;
	uint32_t msg_len;
	struct inet_diag_msg m;

	if (c->stopped || c->handed >= c->w->nsockets) {
		abort(); /* after a stop, or more sockets than the input holds */
	}
	msg = c->buf + c->w->sockets[c->handed];
	msg_len = u32_at(msg);
	if (msg_len < NLMSG_HDRLEN + sizeof(m)) {
		abort(); /* a socket from a message too short to hold one */
	}
	memcpy(&m, msg + NLMSG_HDRLEN, sizeof(m));
	if (s->family != c->q->family || s->family != m.idiag_family || s->proto != c->q->proto ||
	    s->state != m.idiag_state || s->local_port != ntohs(m.id.idiag_sport) ||
	    s->remote_port != ntohs(m.id.idiag_dport) ||
	    s->cookie != ((uint64_t)m.id.idiag_cookie[1] << 32 | m.id.idiag_cookie[0]) ||
	    s->uid != m.idiag_uid || s->inode != m.idiag_inode || s->rqueue != m.idiag_rqueue ||
	    s->wqueue != m.idiag_wqueue || s->mark != mark_of(msg, msg_len) ||
	    !same_address(s->family, &s->local, m.id.idiag_src) ||
	    !same_address(s->family, &s->remote, m.id.idiag_dst) ||
	    (c->q->local_port != 0 && s->local_port != c->q->local_port)) {
		abort(); /* not the fields of the message it came from */
	}
	if (c->handed++ == c->stop_at) {
		c->stopped = true;
		errno = ECANCELED;
		return -1;
	}
	return 0;
}

static void read_and_check(const uint8_t *buf, size_t len, const struct plain_walk *w,
			   const struct ipsecapi_sock_diag_query *q, size_t stop_at)
{
	struct check c = { .buf = buf, .q = q, .w = w, .handed = 0, .stop_at = stop_at };
	struct ipsecapi_sock_diag_reader r = {
		.query = q,
		.each = check_socket,
		.data = &c,
		.fn = "fuzz",
	};
	int rc;

	ipsecapi_fail(0, "sentinel", "no error recorded");
	rc = ipsecapi_sock_diag_read(&r, buf, len);
	if (rc == 0) {
		if (!w->framed || c.stopped || c.handed != w->nsockets || r.ended != w->ends) {
			abort(); /* a success that skipped sockets, or misread the end */
		}
	} else if (rc != -1 || c.handed > w->nsockets) {
		abort();
	} else if (c.stopped ? errno != ECANCELED
			     : errno <= 0 || errno > 4095 || strncmp(ipsec_last_error(), "fuzz: ", 6) != 0) {
		abort(); /* a refusal without its reason, or the callback's errno lost */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct ipsecapi_sock_diag_query queries[] = {
		{ .family = AF_INET, .proto = IPPROTO_TCP, .states = ~0u },
		{ .family = AF_INET6, .proto = IPPROTO_UDP, .states = ~0u },
		{ .family = AF_INET, .proto = IPPROTO_TCP, .states = ~0u, .local_port = 7001 },
		{ .family = AF_INET6, .proto = IPPROTO_TCP, .states = ~0u, .local_port = 7001 },
	};
	struct plain_walk w;
	uint8_t *copy;
	size_t i;

	if (size > 1 << 20) {
		return 0;
	}
	/* Exactly the input, so that a read past it is caught; netlink
	 * messages are 4-octet aligned, as malloc's memory is. */
	copy = malloc(size != 0 ? size : 1);
	w.sockets = malloc((size / NLMSG_HDRLEN + 1) * sizeof(*w.sockets));
	if (copy == NULL || w.sockets == NULL) {
		abort();
	}
	if (size != 0) {
		memcpy(copy, data, size);
	}
	walk_by_hand(copy, size, &w);
	for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		read_and_check(copy, size, &w, &queries[i], SIZE_MAX);
		if (w.nsockets > 0) {
			read_and_check(copy, size, &w, &queries[i], w.nsockets - 1);
		}
	}
	free(w.sockets);
	free(copy);
	return 0;
}
