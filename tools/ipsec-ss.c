/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsec-ss: the host's TCP connections and connected UDP sockets, with
 * their IPsec protection as libipsecapi sees it: what an administrator
 * sees of what the API sees.  As root (it asks the kernel's XFRM and
 * sock_diag).
 *
 *   ipsec-ss [-j|--json]
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

static int add_entry(const struct ipsecapi_diag_socket *s, void *data)
{
	struct entries *all = data;
	struct entry *e;

	if (all->n == all->room) {
		size_t room = all->room != 0 ? 2 * all->room : 64;
		struct entry *v = realloc(all->v, room * sizeof(*v));

		if (v == NULL) {
			errno = ENOMEM;
			return -1;
		}
		all->v = v;
		all->room = room;
	}
	e = &all->v[all->n++];
	*e = (struct entry){ .uid = s->uid, .inode = s->inode };
	ipsecapi_flow_from_diag(s, &e->flow);
	return 0;
}

/* The connected sockets of family and protocol, added to all. */
static int list(uint8_t family, uint8_t proto, struct entries *all)
{
	/* TCP: the states of a connection that a process holds (not
	 * listeners, half-open requests or TIME_WAIT); UDP: connected
	 * sockets. */
	const struct ipsecapi_sock_diag_query q = {
		.family = family,
		.proto = proto,
		.states = proto == IPPROTO_UDP
				  ? 1u << TCP_ESTABLISHED
				  : (1u << TCP_ESTABLISHED) | (1u << TCP_SYN_SENT) |
					    (1u << TCP_FIN_WAIT1) | (1u << TCP_FIN_WAIT2) |
					    (1u << TCP_CLOSE_WAIT) | (1u << TCP_LAST_ACK) |
					    (1u << TCP_CLOSING),
	};

	return ipsecapi_sock_diag_dump(&q, add_entry, all, "ipsec-ss");
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

/* Whether the key manager says the peer authenticated by nothing (BTNS:
 * NULL authentication), so that only a channel binding can name it. */
static bool unauthenticated(const void *itoken)
{
	uint16_t v = 0;
	void *val = &v;
	uint32_t len = sizeof(v);

	return ipsec_get_token_attr(itoken, IPSEC_API_ATTR_authenticationMethod, &len, &val) == 0 &&
	       v == IPSEC_API_ATTR_authMeth_BTNS;
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
			if (unauthenticated(it)) {
				put_field(json, &first, "unauthenticated", json ? "true" : "yes",
					  true);
			}
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

/* The usage, on stdout for --help, else on stderr: returns status. */
static int usage(FILE *to, int status)
{
	fprintf(to, "usage: ipsec-ss [-j|--json]\n"
		    "       ipsec-ss -h|--help | -V|--version\n");
	return status;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static const uint8_t families[] = { AF_INET, AF_INET6 }, protos[] = { IPPROTO_TCP, IPPROTO_UDP };
	struct entries all = { NULL, 0, 0 };
	bool json = false;
	size_t i, j;
	int opt;

	while ((opt = getopt_long(argc, argv, "hjV", options, NULL)) != -1) {
		switch (opt) {
		case 'j':
			json = true;
			break;
		case 'h':
			return usage(stdout, 0);
		case 'V':
			printf("ipsec-ss %s\n", BTNS_VERSION);
			return 0;
		default:
			return usage(stderr, 2);
		}
	}
	if (optind != argc) {
		fprintf(stderr, "ipsec-ss: unexpected argument \"%s\"\n", argv[optind]);
		return usage(stderr, 2);
	}
	for (i = 0; i < 2; i++) {
		for (j = 0; j < 2; j++) {
			if (list(families[i], protos[j], &all) != 0) {
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
