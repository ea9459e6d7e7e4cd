/* SPDX-License-Identifier: BSD-2-Clause */
/* The answers of a sock_diag dump, checked and read (sock_diag.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>

#include "core.h"
#include "sock_diag.h"

/* One buffer's walk. */
struct walk {
	struct ipsecapi_sock_diag_reader *r;
	bool recorded; /* the error is recorded, or the callback's own */
};

static int malformed(struct walk *w, const char *why)
{
	w->recorded = true;
	ipsecapi_fail(EBADMSG, w->r->fn, "a malformed sock_diag answer: %s", why);
	return MNL_CB_ERROR;
}

/* An error number the kernel sent (negative, as in the kernel). */
static int kernel_error(struct walk *w, int error, const char *what)
{
	if (error >= 0 || error < -4095) {
		return malformed(w, "an error number out of range");
	}
	w->recorded = true;
	ipsecapi_fail(-error, w->r->fn, "%s: %s", what, strerror(-error));
	return MNL_CB_ERROR;
}

/* Why buf does not hold whole messages, or NULL.  Checked before libmnl
 * walks them: its mnl_nlmsg_ok() compares nlmsg_len as a signed int, so
 * a length of 2 GiB or more would pass and send the walk past the end. */
static const char *unframed(const uint8_t *buf, size_t len)
{
	size_t offset = 0;

	if (len == 0) {
		return "an empty answer";
	}
	while (offset < len) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)(buf + offset);

		if (len - offset < sizeof(*nlh)) {
			return "octets after the last message";
		}
		if (nlh->nlmsg_len < sizeof(*nlh) || nlh->nlmsg_len > len - offset) {
			return "a message runs past the end of the answer";
		}
		offset += MNL_ALIGN((size_t)nlh->nlmsg_len);
	}
	return NULL;
}

/* The attributes after the socket, and of them the mark, once and of
 * its exact size.  Each is bounded by the message's own end: libmnl's
 * mnl_attr_for_each() bounds them by its padded end, which for the last
 * message of a buffer may lie past the buffer. */
static const char *read_attributes(const struct nlmsghdr *nlh, struct ipsecapi_diag_socket *s)
{
	const char *end = (const char *)nlh + nlh->nlmsg_len;
	const struct nlattr *a = mnl_nlmsg_get_payload_offset(nlh, sizeof(struct inet_diag_msg));
	bool marked = false;

	for (; mnl_attr_ok(a, (int)(end - (const char *)a)); a = mnl_attr_next(a)) {
		if (mnl_attr_get_type(a) != INET_DIAG_MARK) {
			continue;
		}
		if (marked || mnl_attr_get_payload_len(a) != sizeof(s->mark)) {
			return "a mark that is not one 4-octet number";
		}
		s->mark = mnl_attr_get_u32(a);
		marked = true;
	}
	if ((const char *)a < end) {
		return "an attribute runs past its message";
	}
	return NULL;
}

/* One socket of the dump, or why the message is not one. */
static const char *read_socket(const struct nlmsghdr *nlh, const struct ipsecapi_sock_diag_query *q,
			       struct ipsecapi_diag_socket *s)
{
	struct inet_diag_msg m;
	size_t address_len;

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY) {
		return "a message that is not a socket";
	}
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(m)) {
		return "a socket shorter than struct inet_diag_msg";
	}
	memcpy(&m, mnl_nlmsg_get_payload(nlh), sizeof(m));
	if (m.idiag_family != q->family) {
		return "a socket of another family than the one asked for";
	}
	if (q->local_port != 0 && ntohs(m.id.idiag_sport) != q->local_port) {
		return "a socket on another port than the one asked for";
	}
	*s = (struct ipsecapi_diag_socket){
		.family = m.idiag_family,
		.proto = q->proto,
		.state = m.idiag_state,
		.local_port = ntohs(m.id.idiag_sport),
		.remote_port = ntohs(m.id.idiag_dport),
		.cookie = (uint64_t)m.id.idiag_cookie[1] << 32 | m.id.idiag_cookie[0],
		.uid = m.idiag_uid,
		.inode = m.idiag_inode,
		.rqueue = m.idiag_rqueue,
		.wqueue = m.idiag_wqueue,
	};
	address_len = m.idiag_family == AF_INET ? sizeof(s->local.a4) : sizeof(s->local.a6);
	memcpy(&s->local, m.id.idiag_src, address_len);
	memcpy(&s->remote, m.id.idiag_dst, address_len);
	return read_attributes(nlh, s);
}

static int on_socket(const struct nlmsghdr *nlh, void *data)
{
	struct walk *w = data;
	struct ipsecapi_diag_socket s;
	const char *why = read_socket(nlh, w->r->query, &s);

	if (why != NULL) {
		return malformed(w, why);
	}
	if (w->r->each(&s, w->r->data) != 0) {
		w->recorded = true;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/* The kernel refused the request; an acknowledgement (error 0) ends it. */
static int on_error(const struct nlmsghdr *nlh, void *data)
{
	struct walk *w = data;
	struct nlmsgerr e;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(e)) {
		return malformed(w, "a truncated error");
	}
	memcpy(&e, mnl_nlmsg_get_payload(nlh), sizeof(e));
	if (e.error != 0) {
		return kernel_error(w, e.error, "the kernel refused the sock_diag dump");
	}
	w->r->ended = true;
	return MNL_CB_STOP;
}

/* The end of the dump, which says whether the kernel cut it short (an
 * error that libmnl's own handler would take for success). */
static int on_done(const struct nlmsghdr *nlh, void *data)
{
	struct walk *w = data;
	int error = 0;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(error)) {
		memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
	}
	if (error != 0) {
		return kernel_error(w, error, "the kernel cut the sock_diag dump short");
	}
	w->r->ended = true;
	return MNL_CB_STOP;
}

int ipsecapi_sock_diag_read(struct ipsecapi_sock_diag_reader *r, const void *buf, size_t len)
{
	mnl_cb_t control[NLMSG_MIN_TYPE] = { [NLMSG_ERROR] = on_error, [NLMSG_DONE] = on_done };
	struct walk w = { .r = r, .recorded = false };
	const char *why;
	int rc;

	if (len > INT_MAX) {
		return ipsecapi_fail(EMSGSIZE, r->fn, "a sock_diag answer of %zu octets", len);
	}
	why = unframed(buf, len);
	if (why != NULL) {
		malformed(&w, why);
		return -1;
	}
	rc = mnl_cb_run2(buf, len, r->seq, r->portid, on_socket, &w, control, NLMSG_MIN_TYPE);
	if (rc == MNL_CB_ERROR && !w.recorded) {
		return ipsecapi_fail(errno, r->fn, "cannot read the sock_diag answer: %s", strerror(errno));
	}
	return rc == MNL_CB_ERROR ? -1 : 0;
}
