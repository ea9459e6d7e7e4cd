/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsec-ss: the host's TCP connections and connected UDP sockets, with
 * their IPsec protection as libipsecapi sees it: what an administrator
 * sees of what the API sees.  As root (it asks the kernel's XFRM and
 * sock_diag).
 *
 *   ipsec-ss [--json]
 *
 * Each socket is found through sock_diag (its addresses, ports, mark and
 * cookie) and asked about by its flow, which finds the socket's own
 * policies (by its cookie) and their latch, and changes nothing.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>

#include <ipsecapi.h>

#include "engine.h"

struct entry {
	struct ipsecapi_flow flow;
	uint32_t uid;
	uint32_t inode;
};

struct entries {
	struct entry *v;
	size_t n, room;
};

static int on_socket(const struct nlmsghdr *nlh, void *data)
{
	struct entries *all = data;
	const struct inet_diag_msg *m = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	struct entry *e;

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY || mnl_nlmsg_get_payload_len(nlh) < sizeof(*m)) {
		return MNL_CB_OK;
	}
	if (all->n == all->room) {
		size_t room = all->room != 0 ? 2 * all->room : 64;
		struct entry *v = realloc(all->v, room * sizeof(*v));

		if (v == NULL) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		all->v = v;
		all->room = room;
	}
	e = &all->v[all->n++];
	memset(e, 0, sizeof(*e));
	e->flow.family = m->idiag_family;
	memcpy(&e->flow.local, m->id.idiag_src, sizeof(e->flow.local));
	memcpy(&e->flow.remote, m->id.idiag_dst, sizeof(e->flow.remote));
	e->flow.local_port = ntohs(m->id.idiag_sport);
	e->flow.remote_port = ntohs(m->id.idiag_dport);
	e->flow.cookie = (uint64_t)m->id.idiag_cookie[1] << 32 | m->id.idiag_cookie[0];
	e->uid = m->idiag_uid;
	e->inode = m->idiag_inode;
	/* An IPv4 peer of an IPv6 socket is an IPv4 flow, as XFRM sees it. */
	if (e->flow.family == AF_INET6 && IN6_IS_ADDR_V4MAPPED((struct in6_addr *)&e->flow.local) &&
	    IN6_IS_ADDR_V4MAPPED((struct in6_addr *)&e->flow.remote)) {
		e->flow.family = AF_INET;
		memmove(&e->flow.local, (uint8_t *)&e->flow.local + 12, 4);
		memset((uint8_t *)&e->flow.local + 4, 0, 12);
		memmove(&e->flow.remote, (uint8_t *)&e->flow.remote + 12, 4);
		memset((uint8_t *)&e->flow.remote + 4, 0, 12);
	}
	mnl_attr_for_each(a, nlh, sizeof(*m)) {
		if (mnl_attr_get_type(a) == INET_DIAG_MARK &&
		    mnl_attr_validate(a, MNL_TYPE_U32) == 0) {
			e->flow.mark = mnl_attr_get_u32(a);
		}
	}
	return MNL_CB_OK;
}

/* The connected sockets of family and protocol, added to all. */
static int dump(int family, int proto, struct entries *all)
{
	uint8_t buf[32768]; /* several sockets per read */
	struct mnl_socket *sock = mnl_socket_open(NETLINK_SOCK_DIAG);
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct inet_diag_req_v2 *req;
	uint32_t seq = (uint32_t)time(NULL);
	size_t first = all->n;
	ssize_t n;
	int rc = MNL_CB_OK;

	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = (uint8_t)family;
	req->sdiag_protocol = (uint8_t)proto;
	/* TCP: the states of a connection that a process holds (not
	 * listeners, half-open requests or TIME_WAIT); UDP: connected
	 * sockets. */
	req->idiag_states = proto == IPPROTO_UDP
				    ? 1u << TCP_ESTABLISHED
				    : (1u << TCP_ESTABLISHED) | (1u << TCP_SYN_SENT) |
					      (1u << TCP_FIN_WAIT1) | (1u << TCP_FIN_WAIT2) |
					      (1u << TCP_CLOSE_WAIT) | (1u << TCP_LAST_ACK) |
					      (1u << TCP_CLOSING);
	if (sock == NULL || mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) != 0 ||
	    mnl_socket_sendto(sock, nlh, nlh->nlmsg_len) < 0) {
		rc = MNL_CB_ERROR;
	}
	while (rc > MNL_CB_STOP) {
		n = mnl_socket_recvfrom(sock, buf, sizeof(buf));
		rc = n < 0 ? MNL_CB_ERROR : mnl_cb_run(buf, (size_t)n, seq, 0, on_socket, all);
	}
	if (sock != NULL) {
		mnl_socket_close(sock);
	}
	for (; first < all->n; first++) {
		all->v[first].flow.proto = (uint8_t)proto;
	}
	return rc == MNL_CB_ERROR ? -1 : 0;
}

static const char *u16_name(const void *token, uint32_t attr)
{
	uint16_t v = 0;
	void *val = &v;
	uint32_t len = sizeof(v);
	const char *name;

	if (ipsec_get_token_attr(token, attr, &len, &val) != 0) {
		return NULL;
	}
	name = ipsec_constant_name(v);
	return name != NULL ? name : "?";
}

/* A string attribute, or NULL; the caller frees it. */
static char *string_attr(const void *token, uint32_t attr)
{
	void *val = NULL;
	uint32_t len = 0;

	return ipsec_get_token_attr(token, attr, &len, &val) == 0 ? val : NULL;
}

static void put_json_string(const char *s)
{
	putchar('"');
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			printf("\\%c", c);
		} else if (c < 0x20 || c == 0x7f) {
			printf("\\u%04x", c);
		} else {
			putchar(c);
		}
	}
	putchar('"');
}

/* name=value, or in JSON "name": "value" (a number unquoted). */
static void put_field(bool json, bool *first, const char *name, const char *value, bool number)
{
	if (value == NULL) {
		return;
	}
	if (json) {
		printf("%s", *first ? "" : ", ");
		put_json_string(name);
		printf(": ");
		if (number) {
			printf("%s", value);
		} else {
			put_json_string(value);
		}
	} else {
		printf("%s%s=%s", *first ? "" : " ", name, value);
	}
	*first = false;
}

static void endpoint(const struct ipsecapi_flow *f, const xfrm_address_t *a, uint16_t port,
		     char *out, size_t room)
{
	char host[INET6_ADDRSTRLEN];

	inet_ntop(f->family, a, host, sizeof(host));
	snprintf(out, room, f->family == AF_INET6 ? "[%s]:%u" : "%s:%u", host, port);
}

/* One socket's line (or JSON object). */
static void show(const struct entry *e, bool json, bool first_entry)
{
	char local[64], peer[64], uid[16], inode[16];
	ipsec_pToken_t p = NULL;
	const struct ipsecapi_token *t;
	ipsec_iToken_t it = NULL;
	void *val = &it;
	uint32_t len = sizeof(it);
	bool first = true, tunnel;
	char *audit = NULL, *dn = NULL;

	endpoint(&e->flow, &e->flow.local, e->flow.local_port, local, sizeof(local));
	endpoint(&e->flow, &e->flow.remote, e->flow.remote_port, peer, sizeof(peer));
	snprintf(uid, sizeof(uid), "%u", e->uid);
	snprintf(inode, sizeof(inode), "%u", e->inode);
	if (json) {
		fputs(first_entry ? "  {" : ",\n  {", stdout);
	}
	put_field(json, &first, "proto", e->flow.proto == IPPROTO_TCP ? "tcp" : "udp", false);
	put_field(json, &first, "local", local, false);
	put_field(json, &first, "peer", peer, false);
	put_field(json, &first, "uid", uid, true);
	put_field(json, &first, "inode", inode, true);
	if (ipsecapi_flow_protection(&e->flow, &p, "ipsec-ss") != 0) {
		put_field(json, &first, "error", ipsec_last_error(), false);
	} else {
		put_field(json, &first, "privacy", u16_name(p, IPSEC_API_ATTR_privacyProtection),
			  false);
		put_field(json, &first, "integrity", u16_name(p, IPSEC_API_ATTR_integrityProtection),
			  false);
		t = (const struct ipsecapi_token *)p;
		if (ipsecapi_demands_protection(t)) {
			tunnel = ipsecapi_demand(t, IPSEC_API_ATTR_tunnelMode) == IPSEC_API_ATTR_ENABLE;
			put_field(json, &first, "mode", tunnel ? "tunnel" : "transport", false);
		}
		put_field(json, &first, "latch", u16_name(p, IPSEC_API_ATTR_latchState), false);
		if (ipsec_get_token_attr(p, IPSEC_API_ATTR_iToken, &len, &val) == 0) {
			put_field(json, &first, "authentication",
				  u16_name(it, IPSEC_API_ATTR_authenticationMethod), false);
			put_field(json, &first, "binding",
				  u16_name(it, IPSEC_API_ATTR_channelBindingType), false);
			dn = string_attr(it, IPSEC_API_ATTR_certificateDN);
			put_field(json, &first, "identity", dn, false);
		}
		audit = string_attr(p, IPSEC_API_ATTR_informationString);
		put_field(json, &first, "information", audit, false);
	}
	fputs(json ? "}" : "\n", stdout);
	free(audit);
	free(dn);
	ipsec_free_iToken(it);
	ipsec_free_pToken(p);
}

/* Whether this process may read the kernel's IPsec state (CAP_NET_ADMIN):
 * tried on the first socket, before anything is printed. */
static bool may_read_ipsec_state(const struct entry *e)
{
	ipsec_pToken_t p = NULL;

	if (ipsecapi_flow_protection(&e->flow, &p, "ipsec-ss") == 0) {
		ipsec_free_pToken(p);
		return true;
	}
	return errno != EPERM;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const int families[] = { AF_INET, AF_INET6 }, protos[] = { IPPROTO_TCP, IPPROTO_UDP };
	struct entries all = { NULL, 0, 0 };
	bool json = false;
	size_t i, j;
	int opt;

	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (opt != 'j') {
			fprintf(stderr, "usage: ipsec-ss [--json]\n");
			return opt == 'h' ? 0 : 2;
		}
		json = true;
	}
	for (i = 0; i < 2; i++) {
		for (j = 0; j < 2; j++) {
			if (dump(families[i], protos[j], &all) != 0) {
				fprintf(stderr, "ipsec-ss: cannot list the sockets (sock_diag): %s\n",
					strerror(errno));
				free(all.v);
				return 1;
			}
		}
	}
	if (all.n > 0 && !may_read_ipsec_state(&all.v[0])) {
		/* The broker answers about sockets that a process holds; this
		 * tool looks at every socket of the host. */
		fprintf(stderr, "ipsec-ss: CAP_NET_ADMIN is needed to read the kernel's IPsec state "
				"(run it as root)\n");
		free(all.v);
		return 1;
	}
	if (json) {
		fputs("[\n", stdout);
	}
	for (i = 0; i < all.n; i++) {
		show(&all.v[i], json, i == 0);
	}
	if (json) {
		fputs(all.n > 0 ? "\n]\n" : "]\n", stdout);
	}
	free(all.v);
	return 0;
}
