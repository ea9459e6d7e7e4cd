/* SPDX-License-Identifier: BSD-2-Clause */
/* XFRM netlink requests through libmnl (see xfrm_nl.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <libmnl/libmnl.h>

#include "core.h"
#include "xfrm_nl.h"

/*
 * The kernel sizes each skb of a dump by the largest read seen on the
 * socket (at least a page, at most 32 KiB) and zeroes it; above 8 KiB with
 * its overhead, it takes whole pages for it.  Short answers (a
 * connection's policies and SAs) are read a page at a time, which keeps
 * their skbs small; a dump that keeps filling that is read 32 KiB at a
 * time from then on, as few calls as the kernel allows.  Every single
 * message fits in a page.
 *
 * Each read takes up to two skbs in one call: the kernel makes a dump's
 * next skb while the previous one is read, so the last part of a dump and
 * its end come together.
 */
#define NL_READ_SHORT ((size_t)MNL_SOCKET_BUFFER_SIZE) /* a page, or 8 KiB */
#define NL_READ_LONG 32768
#define NL_FULL_READS_BEFORE_LONG 4
#define NL_MESSAGE_MAX 1024 /* an SA with its keys, a policy with templates */
#define NL_SLOTS 2

struct ipsecapi_nl {
	struct mnl_socket *sock;
	uint32_t seq;
	size_t read_len;
	unsigned full_reads;
	bool in_step;                /* no answer of an earlier request is unread */
	size_t used[NL_SLOTS];       /* the most of each slot ever filled: wiped at close */
	size_t len[NL_SLOTS];        /* of the last read */
	uint8_t *buf;                /* NL_SLOTS slots of NL_READ_LONG */
};

static const char *nl_reason(int err)
{
	return err == EPERM ? "CAP_NET_ADMIN is needed to ask the kernel's XFRM interface"
			    : strerror(err);
}

/* Not bound: the kernel gives the socket its port at the first request,
 * which saves two calls per socket.  Only the kernel, or a process with
 * CAP_NET_ADMIN, can send to an XFRM socket; answers are matched by
 * sender and sequence number. */
static struct mnl_socket *xfrm_socket(const char *fn)
{
	struct mnl_socket *s = mnl_socket_open2(NETLINK_XFRM, SOCK_CLOEXEC);

	if (s == NULL) {
		ipsecapi_fail(errno, fn, "cannot open an XFRM netlink socket: %s", strerror(errno));
	}
	return s;
}

int ipsecapi_nl_open(struct ipsecapi_nl **out, const char *fn)
{
	struct ipsecapi_nl *nl = calloc(1, sizeof(*nl));

	if (nl == NULL || (nl->buf = malloc(NL_SLOTS * NL_READ_LONG)) == NULL) {
		free(nl);
		return ipsecapi_fail(ENOMEM, fn, "no memory for a netlink socket");
	}
	nl->sock = xfrm_socket(fn);
	if (nl->sock == NULL) {
		ipsecapi_nl_close(nl);
		return -1;
	}
	nl->read_len = NL_READ_SHORT;
	nl->in_step = true;
	nl->seq = (uint32_t)time(NULL);
	*out = nl;
	return 0;
}

int ipsecapi_nl_fd(const struct ipsecapi_nl *nl)
{
	return mnl_socket_get_fd(nl->sock);
}

void ipsecapi_nl_close(struct ipsecapi_nl *nl)
{
	size_t i;

	if (nl == NULL) {
		return;
	}
	if (nl->sock != NULL) {
		mnl_socket_close(nl->sock);
	}
	if (nl->buf != NULL) {
		/* Dumps of SAs carry their keys through this buffer. */
		for (i = 0; i < NL_SLOTS; i++) {
			explicit_bzero(nl->buf + i * NL_READ_LONG, nl->used[i]);
		}
		free(nl->buf);
	}
	free(nl);
}

static uint8_t *slot(const struct ipsecapi_nl *nl, size_t i)
{
	return nl->buf + i * NL_READ_LONG;
}

static struct nlmsghdr *new_request(struct ipsecapi_nl *nl, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nl->seq;
	return nlh;
}

/* One call that reads one skb, and a second if one is already queued:
 * how many, or -1.  flags is MSG_WAITFORONE, or MSG_DONTWAIT not to wait
 * at all.  A skb the slot cannot hold is an error (ENOSPC), as is one
 * that the kernel did not send (EPROTO).  Full reads in a row move the
 * socket to long reads. */
static int receive_skbs(struct ipsecapi_nl *nl, int flags)
{
	struct mmsghdr m[NL_SLOTS];
	struct iovec iov[NL_SLOTS];
	struct sockaddr_nl from[NL_SLOTS];
	int n, i;

	memset(m, 0, sizeof(m));
	for (i = 0; i < NL_SLOTS; i++) {
		iov[i].iov_base = slot(nl, (size_t)i);
		iov[i].iov_len = nl->read_len;
		m[i].msg_hdr.msg_iov = &iov[i];
		m[i].msg_hdr.msg_iovlen = 1;
		m[i].msg_hdr.msg_name = &from[i];
		m[i].msg_hdr.msg_namelen = sizeof(from[i]);
	}
	n = recvmmsg(mnl_socket_get_fd(nl->sock), m, NL_SLOTS, flags, NULL);
	for (i = 0; i < n; i++) {
		nl->len[i] = m[i].msg_len;
		if (nl->len[i] > nl->used[i]) {
			nl->used[i] = nl->len[i];
		}
		if (m[i].msg_hdr.msg_flags & MSG_TRUNC) {
			errno = ENOSPC;
			return -1;
		}
		if (m[i].msg_hdr.msg_namelen != sizeof(from[i]) || from[i].nl_pid != 0) {
			errno = EPROTO;
			return -1;
		}
		if (nl->read_len < NL_READ_LONG) {
			/* A full read leaves less room than one more message. */
			nl->full_reads =
				nl->len[i] + NL_MESSAGE_MAX > nl->read_len ? nl->full_reads + 1 : 0;
			if (nl->full_reads >= NL_FULL_READS_BEFORE_LONG) {
				nl->read_len = NL_READ_LONG;
			}
		}
	}
	return n;
}

struct answer {
	mnl_cb_t each; /* NULL once it stopped the walk */
	void *data;
	bool ended;    /* the end of a dump, or the one reply of a request, was read */
};

static int on_message(const struct nlmsghdr *nlh, void *data)
{
	struct answer *a = data;

	if (!(nlh->nlmsg_flags & NLM_F_MULTI)) {
		a->ended = true;
	}
	return a->each != NULL ? a->each(nlh, a->data) : MNL_CB_OK;
}

/* The end of a dump carries the dump's own result: a dump that failed
 * half-way must not pass for a complete one. */
static int on_done(const struct nlmsghdr *nlh, void *data)
{
	int result = 0;

	((struct answer *)data)->ended = true;
	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(result)) {
		memcpy(&result, mnl_nlmsg_get_payload(nlh), sizeof(result));
	}
	if (result < 0) {
		errno = -result;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

static int on_error(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);

	((struct answer *)data)->ended = true;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*err)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (err->error == 0) {
		return MNL_CB_STOP; /* an acknowledgement */
	}
	errno = err->error < 0 ? -err->error : err->error;
	return MNL_CB_ERROR;
}

static int run_slot(const struct ipsecapi_nl *nl, int i, uint32_t seq, struct answer *a)
{
	mnl_cb_t control[NLMSG_MIN_TYPE] = { NULL };

	control[NLMSG_ERROR] = on_error;
	control[NLMSG_DONE] = on_done;
	return mnl_cb_run2(slot(nl, (size_t)i), nl->len[i], seq, 0, on_message, a, control,
			   NLMSG_MIN_TYPE);
}

static int replace_socket(struct ipsecapi_nl *nl, const char *fn)
{
	struct mnl_socket *s = xfrm_socket(fn);

	if (s == NULL) {
		return -1;
	}
	mnl_socket_close(nl->sock);
	nl->sock = s;
	nl->read_len = NL_READ_SHORT;
	nl->full_reads = 0;
	nl->in_step = true;
	return 0;
}

/* After a walk stopped early, the unread rest of its dump would answer the
 * next request.  The kernel makes each skb of a dump while the previous
 * one is read, so the rest, if any, is queued already: one look without
 * waiting finds nothing or the end (a short SPD).  Otherwise a new socket
 * costs less than reading the rest of a long dump. */
static int catch_up(struct ipsecapi_nl *nl, uint32_t seq, const char *fn)
{
	struct answer a = { .each = NULL, .data = NULL, .ended = false };
	int n = receive_skbs(nl, MSG_DONTWAIT), i;

	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
		nl->in_step = true;
		return 0;
	}
	for (i = 0; i < n && !a.ended; i++) {
		if (run_slot(nl, i, seq, &a) == MNL_CB_ERROR) {
			break;
		}
	}
	if (n > 0 && a.ended) {
		nl->in_step = true;
		return 0;
	}
	return replace_socket(nl, fn);
}

/* Sends nlh and runs cb on each message of the answer until it ends, or
 * until cb stops it (MNL_CB_STOP on a message of a dump). */
static int ask_kernel(struct ipsecapi_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
		      const char *what, const char *fn)
{
	struct answer a = { .each = cb, .data = data, .ended = false };
	uint32_t seq = nlh->nlmsg_seq;
	int n, i, err;

	if (!nl->in_step && replace_socket(nl, fn) != 0) {
		return -1;
	}
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0) {
		err = errno;
		return ipsecapi_fail(err, fn, "cannot ask the kernel for %s: %s", what, nl_reason(err));
	}
	while (!a.ended && a.each != NULL) {
		n = receive_skbs(nl, MSG_WAITFORONE);
		if (n < 0) {
			err = errno;
			nl->in_step = false;
			return ipsecapi_fail(err, fn, "no answer from the kernel about %s: %s", what,
					     nl_reason(err));
		}
		for (i = 0; i < n; i++) {
			int rc = run_slot(nl, i, seq, &a);

			if (rc == MNL_CB_ERROR) {
				err = errno;
				nl->in_step = a.ended;
				if (err == ENOENT || err == ESRCH) {
					errno = ENOENT;
					return -1; /* "none": the caller decides what that means */
				}
				return ipsecapi_fail(err, fn, "the kernel refused a request for %s: %s",
						     what, nl_reason(err));
			}
			if (rc == MNL_CB_STOP && !a.ended) {
				a.each = NULL; /* what is left is only looked at for the end */
			}
		}
	}
	nl->in_step = a.ended;
	return a.ended ? 0 : catch_up(nl, seq, fn);
}

struct sa_walk {
	bool keep_keys;
	ipsecapi_sa_fn each;
	void *data;
	int stopped; /* what each returned, if it stopped the walk */
	int err;     /* errno of a message that could not be read */
};

/* After each stops the walk, or a message cannot be read, the rest of the
 * dump is read and skipped. */
static int on_sa(const struct nlmsghdr *nlh, void *data)
{
	struct sa_walk *w = data;
	struct ipsecapi_xfrm_msg msg;

	if (w->stopped != 0 || w->err != 0) {
		return MNL_CB_OK;
	}
	if (ipsecapi_xfrm_parse(nlh, w->keep_keys, &msg) != 0) {
		w->err = errno;
		return MNL_CB_OK;
	}
	w->stopped = msg.event == IPSECAPI_XFRM_SA_NEW ? w->each(&msg.sa, w->data) : 0;
	ipsecapi_xfrm_msg_clear(&msg);
	return MNL_CB_OK;
}

static int finish_walk(int rc, int stopped, int err, const char *what, const char *fn)
{
	if (err != 0) {
		return ipsecapi_fail(err, fn, "the kernel's answer about %s cannot be read: %s", what,
				     strerror(err));
	}
	if (rc != 0) {
		return rc;
	}
	return stopped;
}

int ipsecapi_xfrm_sas_between(struct ipsecapi_nl *nl, uint16_t family, const xfrm_address_t *src,
			      const xfrm_address_t *dst, uint8_t proto, bool keep_keys,
			      ipsecapi_sa_fn each, void *data, const char *fn)
{
	struct nlmsghdr *nlh = new_request(nl, XFRM_MSG_GETSA, NLM_F_DUMP);
	struct xfrm_address_filter filter;
	struct sa_walk w = { .keep_keys = keep_keys, .each = each, .data = data, .stopped = 0,
			     .err = 0 };
	int rc;

	memset(&filter, 0, sizeof(filter));
	filter.family = family;
	filter.daddr = *dst;
	filter.dplen = family == AF_INET ? 32 : 128;
	if (src != NULL) {
		filter.saddr = *src;
		filter.splen = filter.dplen;
	}
	/* A dump request has no header: the kernel reads its attributes
	 * right after the netlink header. */
	mnl_attr_put(nlh, XFRMA_ADDRESS_FILTER, sizeof(filter), &filter);
	if (proto != 0) {
		mnl_attr_put_u8(nlh, XFRMA_PROTO, proto);
	}
	rc = ask_kernel(nl, nlh, on_sa, &w, "the SAs of a connection", fn);
	return finish_walk(rc, w.stopped, w.err, "the SAs of a connection", fn);
}

int ipsecapi_xfrm_sas_all(struct ipsecapi_nl *nl, ipsecapi_sa_fn each, void *data, const char *fn)
{
	struct nlmsghdr *nlh = new_request(nl, XFRM_MSG_GETSA, NLM_F_DUMP);
	struct sa_walk w = { .keep_keys = false, .each = each, .data = data, .stopped = 0,
			     .err = 0 };
	int rc = ask_kernel(nl, nlh, on_sa, &w, "the security association database", fn);

	return finish_walk(rc, w.stopped, w.err, "the security association database", fn);
}

struct policy_walk {
	ipsecapi_policy_fn each;
	void *data;
	int stopped;
	int err;
};

static int on_policy(const struct nlmsghdr *nlh, void *data)
{
	struct policy_walk *w = data;
	struct ipsecapi_xfrm_msg msg;

	if (w->stopped != 0 || w->err != 0) {
		return MNL_CB_OK;
	}
	if (ipsecapi_xfrm_parse(nlh, false, &msg) != 0) {
		w->err = errno;
		return MNL_CB_OK;
	}
	w->stopped = msg.event == IPSECAPI_XFRM_POL_NEW ? w->each(&msg.policy, w->data) : 0;
	ipsecapi_xfrm_msg_clear(&msg);
	/* A policy dump can be long: the rest is left unread (see catch_up). */
	return w->stopped != 0 && (nlh->nlmsg_flags & NLM_F_MULTI) ? MNL_CB_STOP : MNL_CB_OK;
}

int ipsecapi_xfrm_policies(struct ipsecapi_nl *nl, ipsecapi_policy_fn each, void *data,
			   const char *fn)
{
	struct nlmsghdr *nlh = new_request(nl, XFRM_MSG_GETPOLICY, NLM_F_DUMP);
	struct policy_walk w = { .each = each, .data = data, .stopped = 0, .err = 0 };
	int rc;

	rc = ask_kernel(nl, nlh, on_policy, &w, "the security policy database", fn);
	return finish_walk(rc, w.stopped, w.err, "the security policy database", fn);
}

static int copy_policy(const struct ipsecapi_xfrm_policy *pol, void *data)
{
	*(struct ipsecapi_xfrm_policy *)data = *pol;
	return 1;
}

int ipsecapi_xfrm_policy_by_selector(struct ipsecapi_nl *nl, const struct xfrm_selector *sel,
				     uint8_t dir, struct ipsecapi_xfrm_policy *out, const char *fn)
{
	struct nlmsghdr *nlh = new_request(nl, XFRM_MSG_GETPOLICY, 0);
	struct xfrm_userpolicy_id *id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));
	struct policy_walk w = { .each = copy_policy, .data = out, .stopped = 0, .err = 0 };
	int rc;

	id->sel = *sel;
	id->dir = dir;
	rc = ask_kernel(nl, nlh, on_policy, &w, "a policy", fn);
	rc = finish_walk(rc, w.stopped, w.err, "a policy", fn);
	if (rc == 0) {
		errno = ENOENT; /* answered, but with no policy */
		return -1;
	}
	return rc > 0 ? 0 : -1;
}

/* An acknowledgement is the whole answer. */
static int no_message_expected(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	errno = EBADMSG;
	return MNL_CB_ERROR;
}

int ipsecapi_xfrm_policy_update(struct ipsecapi_nl *nl, const struct ipsecapi_xfrm_policy *pol,
				const char *fn)
{
	struct nlmsghdr *nlh = new_request(nl, XFRM_MSG_UPDPOLICY, NLM_F_ACK);
	struct xfrm_userpolicy_info *info = mnl_nlmsg_put_extra_header(nlh, sizeof(*info));

	*info = pol->info;
	if (pol->ntmpl > 0) {
		mnl_attr_put(nlh, XFRMA_TMPL, pol->ntmpl * sizeof(pol->tmpl[0]), pol->tmpl);
	}
	return ask_kernel(nl, nlh, no_message_expected, NULL, "a policy to add", fn);
}

static int on_spdinfo(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr;

	if (nlh->nlmsg_type != XFRM_MSG_NEWSPDINFO || mnl_nlmsg_get_payload_len(nlh) < sizeof(uint32_t)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	mnl_attr_for_each(attr, nlh, sizeof(uint32_t)) {
		if (mnl_attr_get_type(attr) == XFRMA_SPD_INFO) {
			if (mnl_attr_get_payload_len(attr) < sizeof(struct xfrmu_spdinfo)) {
				errno = EBADMSG;
				return MNL_CB_ERROR;
			}
			memcpy(data, mnl_attr_get_payload(attr), sizeof(struct xfrmu_spdinfo));
			return MNL_CB_OK;
		}
	}
	errno = EBADMSG;
	return MNL_CB_ERROR;
}

int ipsecapi_xfrm_spd_counts(struct ipsecapi_nl *nl, struct ipsecapi_spd_counts *counts,
			    const char *fn)
{
	struct nlmsghdr *nlh = new_request(nl, XFRM_MSG_GETSPDINFO, 0);
	struct xfrmu_spdinfo info;
	uint32_t *flags = mnl_nlmsg_put_extra_header(nlh, sizeof(*flags));

	*flags = 0;
	memset(&info, 0, sizeof(info));
	if (ask_kernel(nl, nlh, on_spdinfo, &info, "the size of the security policy database",
		       fn) != 0) {
		return -1;
	}
	counts->in = info.incnt;
	counts->out = info.outcnt;
	counts->socket_in = info.inscnt;
	counts->socket_out = info.outscnt;
	return 0;
}
