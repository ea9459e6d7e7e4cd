/* SPDX-License-Identifier: BSD-2-Clause */
/* One sock_diag dump: its request, and its answers read to their end
 * (sock_diag.h). */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>

#include "core.h"
#include "sock_diag.h"

/* The kernel fills each read of a dump up to what the reader offers,
 * to at most 32 KiB: fewer reads than libmnl's page-sized buffer. */
#define ANSWER_BUFFER_SIZE 32768

/* The filter "local port == port" in inet_diag's bytecode: on a match the
 * program ends (accept), else it jumps past its end (reject). */
static void put_port_filter(struct nlmsghdr *nlh, uint16_t port)
{
	const struct inet_diag_bc_op ops[2] = {
		{ .code = INET_DIAG_BC_S_EQ, .yes = sizeof(ops), .no = sizeof(ops) + 4 },
		{ .no = port },
	};

	mnl_attr_put(nlh, INET_DIAG_REQ_BYTECODE, sizeof(ops), ops);
}

static const struct nlmsghdr *put_request(void *buf, const struct ipsecapi_sock_diag_query *q,
					  uint32_t seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct inet_diag_req_v2 *req;

	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	*req = (struct inet_diag_req_v2){
		.sdiag_family = q->family,
		.sdiag_protocol = q->proto,
		.idiag_states = q->states,
	};
	if (q->local_port != 0) {
		put_port_filter(nlh, q->local_port);
	}
	return nlh;
}

static int cannot_list(const struct ipsecapi_sock_diag_query *q, int err, const char *fn)
{
	return ipsecapi_fail(err, fn, "cannot list the %s %s sockets through sock_diag: %s",
			     q->family == AF_INET ? "IPv4" : "IPv6",
			     q->proto == IPPROTO_TCP ? "TCP" : "UDP", strerror(err));
}

/* Sends the request and reads the answers up to the end of the dump. */
static int exchange(struct mnl_socket *sock, uint8_t *buf, const struct ipsecapi_sock_diag_query *q,
		    ipsecapi_diag_socket_fn each, void *data, const char *fn)
{
	struct ipsecapi_sock_diag_reader r = {
		.query = q,
		.seq = (uint32_t)time(NULL),
		.portid = mnl_socket_get_portid(sock),
		.each = each,
		.data = data,
		.fn = fn,
		.ended = false,
	};
	const struct nlmsghdr *request = put_request(buf, q, r.seq);
	ssize_t n;

	if (mnl_socket_sendto(sock, request, request->nlmsg_len) < 0) {
		return cannot_list(q, errno, fn);
	}
	while (!r.ended) {
		n = mnl_socket_recvfrom(sock, buf, ANSWER_BUFFER_SIZE);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0) {
			return cannot_list(q, errno, fn);
		}
		if (ipsecapi_sock_diag_read(&r, buf, (size_t)n) != 0) {
			return -1;
		}
	}
	return 0;
}

int ipsecapi_sock_diag_dump(const struct ipsecapi_sock_diag_query *q, ipsecapi_diag_socket_fn each,
			    void *data, const char *fn)
{
	uint8_t *buf = malloc(ANSWER_BUFFER_SIZE);
	struct mnl_socket *sock;
	int rc, err;

	if (buf == NULL) {
		return ipsecapi_fail(ENOMEM, fn, "no memory for the sock_diag answers");
	}
	sock = mnl_socket_open2(NETLINK_SOCK_DIAG, SOCK_CLOEXEC);
	if (sock == NULL || mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) != 0) {
		rc = ipsecapi_fail(errno, fn, "cannot open a sock_diag socket: %s", strerror(errno));
	} else {
		rc = exchange(sock, buf, q, each, data, fn);
	}
	err = errno;
	if (sock != NULL) {
		mnl_socket_close(sock);
	}
	free(buf);
	errno = err;
	return rc;
}
