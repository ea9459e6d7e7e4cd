/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>

#include "error.h"
#include "listener.h"

struct answer {
	uint64_t cookie;
	int found;
};

static int on_diag(const struct nlmsghdr *nlh, void *data)
{
	struct answer *a = data;
	const struct inet_diag_msg *m;

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY || mnl_nlmsg_get_payload_len(nlh) < sizeof(*m)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	m = mnl_nlmsg_get_payload(nlh);
	if (m->idiag_state != TCP_LISTEN) {
		return MNL_CB_OK;
	}
	a->cookie = (uint64_t)m->id.idiag_cookie[1] << 32 | m->id.idiag_cookie[0];
	a->found = 1;
	return MNL_CB_OK;
}

int ipsecapi_listener_cookie(const struct ipsecapi_flow *flow, uint64_t *cookie, const char *fn)
{
	uint8_t buf[8192]; /* a listener's answer is one short message */
	struct mnl_socket *sock;
	struct nlmsghdr *nlh;
	struct inet_diag_req_v2 *req;
	struct answer a = { 0, 0 };
	uint32_t seq = (uint32_t)time(NULL);
	ssize_t n;
	int rc = MNL_CB_OK, err;

	if (flow->proto != IPPROTO_TCP) {
		return 0;
	}
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = seq;
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = (uint8_t)flow->family;
	req->sdiag_protocol = IPPROTO_TCP;
	req->idiag_states = 1u << TCP_LISTEN;
	/* An exact lookup with no remote end: the kernel's listener lookup
	 * for connections to the local address and port. */
	req->id.idiag_sport = htons(flow->local_port);
	memcpy(req->id.idiag_src, &flow->local, sizeof(req->id.idiag_src));
	req->id.idiag_cookie[0] = req->id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;

	/* Not bound: the kernel gives the socket its port at the request. */
	sock = mnl_socket_open2(NETLINK_SOCK_DIAG, SOCK_CLOEXEC);
	if (sock == NULL) {
		return ipsecapi_fail(errno, fn, "cannot open a sock_diag socket: %s", strerror(errno));
	}
	if (mnl_socket_sendto(sock, nlh, nlh->nlmsg_len) < 0) {
		rc = MNL_CB_ERROR;
	}
	while (rc > MNL_CB_STOP && !a.found) {
		n = mnl_socket_recvfrom(sock, buf, sizeof(buf));
		if (n < 0) {
			rc = MNL_CB_ERROR;
			break;
		}
		rc = mnl_cb_run(buf, (size_t)n, seq, 0, on_diag, &a);
	}
	err = errno;
	mnl_socket_close(sock);
	if (rc == MNL_CB_ERROR && err != ENOENT) {
		return ipsecapi_fail(err, fn, "cannot ask sock_diag for the listener of a connection: %s",
				     strerror(err));
	}
	*cookie = a.cookie;
	return a.found;
}
