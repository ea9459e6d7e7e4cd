/* SPDX-License-Identifier: BSD-2-Clause */
/* The TCP sockets, through sock_diag (socket_table.h). */
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

#include "core.h"
#include "socket_table.h"

#define TCP_NEW_SYN_RECV_STATE 12 /* not in the uapi enum */

struct filling {
	struct ipsecapi_socket_table *t;
	bool failed;
};

static int on_socket(const struct nlmsghdr *nlh, void *data)
{
	struct filling *f = data;
	struct ipsecapi_socket_table *t = f->t;
	const struct inet_diag_msg *m;
	struct ipsecapi_socket_entry *e;

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY || mnl_nlmsg_get_payload_len(nlh) < sizeof(*m)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	m = mnl_nlmsg_get_payload(nlh);
	e = ipsecapi_array_room(t->e, t->n, &t->cap, sizeof(*e));
	if (e == NULL) {
		f->failed = true;
		return MNL_CB_OK; /* the rest of the dump is read and dropped */
	}
	t->e = e;
	e = &t->e[t->n++];
	e->cookie = (uint64_t)m->id.idiag_cookie[1] << 32 | m->id.idiag_cookie[0];
	e->uid = m->idiag_uid;
	e->state = m->idiag_state;
	e->inode = m->idiag_inode;
	e->queued = m->idiag_state == TCP_LISTEN ? m->idiag_rqueue : 0;
	return MNL_CB_OK;
}

/* The filter "local port == port" in inet_diag's bytecode: on a match the
 * program ends (accept), else it jumps past its end (reject). */
static void put_port_filter(struct nlmsghdr *nlh, uint16_t port)
{
	struct inet_diag_bc_op ops[2];

	memset(ops, 0, sizeof(ops));
	ops[0].code = INET_DIAG_BC_S_EQ;
	ops[0].yes = sizeof(ops);
	ops[0].no = sizeof(ops) + 4;
	ops[1].no = port;
	mnl_attr_put(nlh, INET_DIAG_REQ_BYTECODE, sizeof(ops), ops);
}

static int dump_family(uint8_t family, uint16_t port, struct filling *f, const char *fn)
{
	uint8_t buf[16384];
	struct mnl_socket *sock = mnl_socket_open2(NETLINK_SOCK_DIAG, SOCK_CLOEXEC);
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct inet_diag_req_v2 *req;
	uint32_t seq = (uint32_t)time(NULL);
	ssize_t n;
	int rc = MNL_CB_OK, err;

	if (sock == NULL) {
		return ipsecapi_fail(errno, fn, "cannot open a sock_diag socket: %s", strerror(errno));
	}
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = family;
	req->sdiag_protocol = IPPROTO_TCP;
	req->idiag_states = ~0u;
	if (port != 0) {
		put_port_filter(nlh, port);
	}
	if (mnl_socket_sendto(sock, nlh, nlh->nlmsg_len) < 0) {
		rc = MNL_CB_ERROR;
	}
	while (rc > MNL_CB_STOP) {
		n = mnl_socket_recvfrom(sock, buf, sizeof(buf));
		if (n < 0) {
			rc = MNL_CB_ERROR;
			break;
		}
		rc = mnl_cb_run(buf, (size_t)n, seq, 0, on_socket, f);
	}
	err = errno;
	mnl_socket_close(sock);
	if (rc == MNL_CB_ERROR) {
		return ipsecapi_fail(err, fn, "cannot list the TCP sockets through sock_diag: %s",
				     strerror(err));
	}
	return 0;
}

int ipsecapi_tcp_sockets(uint16_t port, struct ipsecapi_socket_table *t, const char *fn)
{
	struct filling f = { t, false };

	if (dump_family(AF_INET, port, &f, fn) != 0 || dump_family(AF_INET6, port, &f, fn) != 0) {
		return -1;
	}
	if (f.failed) {
		return ipsecapi_fail(ENOMEM, fn, "no memory for the list of TCP sockets");
	}
	return 0;
}

const struct ipsecapi_socket_entry *ipsecapi_socket_table_find(const struct ipsecapi_socket_table *t,
							       uint64_t cookie)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->e[i].cookie == cookie) {
			return &t->e[i];
		}
	}
	return NULL;
}

bool ipsecapi_socket_entry_full(const struct ipsecapi_socket_entry *e)
{
	return e->state != TCP_LISTEN && e->state != TCP_TIME_WAIT && e->state != TCP_SYN_RECV &&
	       e->state != TCP_NEW_SYN_RECV_STATE;
}

bool ipsecapi_socket_entry_queued(const struct ipsecapi_socket_entry *e)
{
	return e->inode == 0 && (e->state == TCP_ESTABLISHED || e->state == TCP_CLOSE_WAIT);
}

void ipsecapi_socket_table_clear(struct ipsecapi_socket_table *t)
{
	free(t->e);
	memset(t, 0, sizeof(*t));
}
