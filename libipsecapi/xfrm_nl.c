/* SPDX-License-Identifier: BSD-2-Clause */
/* XFRM netlink requests through libmnl (see xfrm_nl.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <libmnl/libmnl.h>

#include "error.h"
#include "xfrm_nl.h"

/* Large enough for any message of a dump: the kernel fills up to 32 KiB. */
#define NL_BUFFER_SIZE 65536

struct ipsecapi_nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	uint8_t *buf;
};

static const char *nl_reason(int err)
{
	return err == EPERM ? "CAP_NET_ADMIN is needed to ask the kernel's XFRM interface"
			    : strerror(err);
}

int ipsecapi_nl_open(struct ipsecapi_nl **out, const char *fn)
{
	struct ipsecapi_nl *nl = calloc(1, sizeof(*nl));
	int err;

	if (nl == NULL || (nl->buf = malloc(NL_BUFFER_SIZE)) == NULL) {
		free(nl);
		return ipsecapi_fail(ENOMEM, fn, "no memory for a netlink socket");
	}
	nl->sock = mnl_socket_open(NETLINK_XFRM);
	if (nl->sock == NULL || mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) != 0) {
		err = errno;
		ipsecapi_nl_close(nl);
		return ipsecapi_fail(err, fn, "cannot open an XFRM netlink socket: %s", strerror(err));
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (uint32_t)time(NULL);
	*out = nl;
	return 0;
}

void ipsecapi_nl_close(struct ipsecapi_nl *nl)
{
	if (nl == NULL) {
		return;
	}
	if (nl->sock != NULL) {
		mnl_socket_close(nl->sock);
	}
	if (nl->buf != NULL) {
		/* Dumps of SAs carry their keys through this buffer. */
		explicit_bzero(nl->buf, NL_BUFFER_SIZE);
		free(nl->buf);
	}
	free(nl);
}

static struct nlmsghdr *start(struct ipsecapi_nl *nl, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nl->seq;
	return nlh;
}

/* Sends nlh and runs cb on each message of the answer until it ends: the
 * end of a dump, or the one reply (or error) of another request.  A dump is
 * always read to its end, so the socket stays in step for the next one. */
static int exchange(struct ipsecapi_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
		    const char *what, const char *fn)
{
	bool dump = (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	uint32_t seq = nlh->nlmsg_seq;
	ssize_t n;
	int rc;

	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0) {
		int err = errno;

		return ipsecapi_fail(err, fn, "cannot ask the kernel for %s: %s", what, nl_reason(err));
	}
	do {
		n = mnl_socket_recvfrom(nl->sock, nl->buf, NL_BUFFER_SIZE);
		if (n < 0) {
			int err = errno;

			return ipsecapi_fail(err, fn, "no answer from the kernel about %s: %s", what,
					     nl_reason(err));
		}
		rc = mnl_cb_run(nl->buf, (size_t)n, seq, nl->portid, cb, data);
	} while (dump && rc > MNL_CB_STOP);
	if (rc == MNL_CB_ERROR) {
		int err = errno;

		if (err == ENOENT || err == ESRCH) {
			errno = ENOENT;
			return -1; /* "none": the caller decides what that means */
		}
		return ipsecapi_fail(err, fn, "the kernel refused a request for %s: %s", what,
				     nl_reason(err));
	}
	return 0;
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
	struct nlmsghdr *nlh = start(nl, XFRM_MSG_GETSA, NLM_F_DUMP);
	struct xfrm_address_filter filter;
	struct sa_walk w = { keep_keys, each, data, 0, 0 };
	int rc;

	memset(&filter, 0, sizeof(filter));
	filter.family = family;
	filter.saddr = *src;
	filter.daddr = *dst;
	filter.splen = filter.dplen = family == AF_INET ? 32 : 128;
	/* A dump request has no header: the kernel reads its attributes
	 * right after the netlink header. */
	mnl_attr_put(nlh, XFRMA_ADDRESS_FILTER, sizeof(filter), &filter);
	if (proto != 0) {
		mnl_attr_put_u8(nlh, XFRMA_PROTO, proto);
	}
	rc = exchange(nl, nlh, on_sa, &w, "the SAs of a connection", fn);
	return finish_walk(rc, w.stopped, w.err, "the SAs of a connection", fn);
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
	/* A policy dump can be long: the rest is left unread (see below). */
	return w->stopped != 0 && (nlh->nlmsg_flags & NLM_F_MULTI) ? MNL_CB_STOP : MNL_CB_OK;
}

/* Replaces the socket, whose unread rest of a dump would answer the next
 * request: opening a socket costs less than reading a long dump. */
static int fresh_socket(struct ipsecapi_nl *nl, const char *fn)
{
	struct mnl_socket *s = mnl_socket_open(NETLINK_XFRM);
	int err;

	if (s == NULL || mnl_socket_bind(s, 0, MNL_SOCKET_AUTOPID) != 0) {
		err = errno;
		if (s != NULL) {
			mnl_socket_close(s);
		}
		return ipsecapi_fail(err, fn, "cannot open an XFRM netlink socket: %s", strerror(err));
	}
	mnl_socket_close(nl->sock);
	nl->sock = s;
	nl->portid = mnl_socket_get_portid(s);
	return 0;
}

int ipsecapi_xfrm_policies(struct ipsecapi_nl *nl, ipsecapi_policy_fn each, void *data,
			   const char *fn)
{
	struct nlmsghdr *nlh = start(nl, XFRM_MSG_GETPOLICY, NLM_F_DUMP);
	struct policy_walk w = { each, data, 0, 0 };
	int rc;

	rc = exchange(nl, nlh, on_policy, &w, "the security policy database", fn);
	if (w.stopped != 0 && rc == 0 && fresh_socket(nl, fn) != 0) {
		return -1;
	}
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
	struct nlmsghdr *nlh = start(nl, XFRM_MSG_GETPOLICY, 0);
	struct xfrm_userpolicy_id *id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));
	struct policy_walk w = { copy_policy, out, 0, 0 };
	int rc;

	id->sel = *sel;
	id->dir = dir;
	rc = exchange(nl, nlh, on_policy, &w, "a policy", fn);
	rc = finish_walk(rc, w.stopped, w.err, "a policy", fn);
	if (rc == 0) {
		errno = ENOENT; /* answered, but with no policy */
		return -1;
	}
	return rc > 0 ? 0 : -1;
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
	struct nlmsghdr *nlh = start(nl, XFRM_MSG_GETSPDINFO, 0);
	struct xfrmu_spdinfo info;
	uint32_t *flags = mnl_nlmsg_put_extra_header(nlh, sizeof(*flags));

	*flags = 0;
	memset(&info, 0, sizeof(info));
	if (exchange(nl, nlh, on_spdinfo, &info, "the size of the security policy database", fn) != 0) {
		return -1;
	}
	counts->in = info.incnt;
	counts->out = info.outcnt;
	counts->socket_in = info.inscnt;
	counts->socket_out = info.outscnt;
	return 0;
}
