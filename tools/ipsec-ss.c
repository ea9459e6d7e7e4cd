/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsec-ss: the host's TCP connections and connected UDP sockets, with
 * their IPsec protection as libipsecapi sees it: what an administrator
 * sees of what the API sees, with ss(8)'s options and filter.  As root
 * (it asks the kernel's XFRM and sock_diag).
 *
 * Each socket is found through sock_diag (its addresses, ports, mark and
 * cookie) and asked about by its flow, which finds the socket's own
 * policies (by its cookie) and their latch, and changes nothing.  The
 * filter (ss_filter.c), the report of a socket (ss_report.c), its
 * holders (ss_processes.c) and the two forms of output (ss_print.c) are
 * in files of their own.
 */
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <ipsecapi.h>

#include "engine.h"
#include "ss_filter.h"
#include "ss_print.h"

/* What the command line asks for. */
struct request {
	bool tcp, udp, ipv4, ipv6; /* neither of a pair: both */
	bool protected_only, unprotected_only;
	bool processes, header, json, pretty;
	struct ss_filter *filter;
};

struct entry {
	struct ipsecapi_flow flow;
	uint32_t uid;
	uint32_t inode;
};

struct entries {
	const struct ss_filter *filter;
	struct entry *v;
	size_t n, room;
};

/* Keeps the sockets that pass the address and port filter. */
static int add_entry(const struct ipsecapi_diag_socket *s, void *data)
{
	struct entries *all = data;
	struct entry e = { .uid = s->uid, .inode = s->inode };

	ipsecapi_flow_from_diag(s, &e.flow);
	if (!ss_filter_match(all->filter, &e.flow)) {
		return 0;
	}
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
	all->v[all->n++] = e;
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

/* The sockets that the request's protocols, families and filter select. */
static int list_all(const struct request *rq, struct entries *all)
{
	const bool family_wanted[] = { rq->ipv4 || !rq->ipv6, rq->ipv6 || !rq->ipv4 };
	const bool proto_wanted[] = { rq->tcp || !rq->udp, rq->udp || !rq->tcp };
	static const uint8_t families[] = { AF_INET, AF_INET6 };
	static const uint8_t protos[] = { IPPROTO_TCP, IPPROTO_UDP };
	size_t i, j;

	for (i = 0; i < 2; i++) {
		for (j = 0; j < 2; j++) {
			if (family_wanted[i] && proto_wanted[j] &&
			    list(families[i], protos[j], all) != 0) {
				return -1;
			}
		}
	}
	return 0;
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

/* Whether --protected or --unprotected leaves the report out; a report
 * without an answer is never left out (its protection is not known). */
static bool filtered_out(const struct request *rq, const struct ss_report *r)
{
	if (r->error != NULL || rq->protected_only == rq->unprotected_only) {
		return false;
	}
	return rq->protected_only ? !r->is_protected : r->is_protected;
}

/* Prints the reports of all: 0, 1 when a protection filter could not be
 * applied to every socket (its error shown), or -1 with ENOMEM. */
static int print(const struct request *rq, const struct entries *all,
		 const struct ss_processes *holders_of)
{
	struct ss_table *table = NULL;
	struct ss_json *json = NULL;
	struct ss_holders holders = { .shown = rq->processes };
	struct ss_report r;
	int rc = 0;
	size_t i;

	if (rq->json ? (json = ss_json_create(stdout, rq->pretty)) == NULL
		     : (table = ss_table_create(ss_text_columns(rq->processes))) == NULL ||
			       (rq->header && ss_text_header(table, rq->processes) != 0)) {
		rc = -1;
	} else if (json != NULL) {
		ss_json_open(json, NULL, '[');
	}
	for (i = 0; rc >= 0 && i < all->n; i++) {
		if (ss_report_read(&r, &all->v[i].flow, all->v[i].uid, all->v[i].inode) != 0) {
			rc = -1;
			break;
		}
		if (!filtered_out(rq, &r)) {
			if (r.error != NULL && rq->protected_only != rq->unprotected_only) {
				rc = 1;
			}
			holders.n = holders_of == NULL
					    ? 0
					    : ss_processes_of(holders_of, r.inode, &holders.v);
			if (json != NULL) {
				ss_json_report(json, &r, &holders);
			} else if (ss_text_row(table, &r, &holders) != 0) {
				rc = -1;
			}
		}
		ss_report_clear(&r);
	}
	if (rc >= 0 && json != NULL) {
		ss_json_close(json);
	} else if (rc >= 0) {
		ss_table_print(table, stdout);
	}
	ss_json_free(json);
	ss_table_free(table);
	return rc;
}

/* The usage, on stdout for --help, else on stderr: returns status. */
static int usage(FILE *to, int status)
{
	fprintf(to, "usage: ipsec-ss [-tu46pH] [--protected|--unprotected] [-j|--json [--pretty]]"
		    " [FILTER]\n"
		    "       ipsec-ss -h|--help | -V|--version\n"
		    "FILTER: conditions joined by and: src|dst ADDRESS[/PLEN][:PORT],"
		    " sport|dport [OP] :PORT\n");
	return status;
}

enum { OPT_PRETTY = 256, OPT_PROTECTED, OPT_UNPROTECTED };

/* Reads the command line into rq: -1 to go on, else the exit status. */
static int parse_command_line(int argc, char **argv, struct request *rq)
{
	static const struct option options[] = {
		{ "tcp", no_argument, NULL, 't' },
		{ "udp", no_argument, NULL, 'u' },
		{ "ipv4", no_argument, NULL, '4' },
		{ "ipv6", no_argument, NULL, '6' },
		{ "processes", no_argument, NULL, 'p' },
		{ "no-header", no_argument, NULL, 'H' },
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, OPT_PRETTY },
		{ "protected", no_argument, NULL, OPT_PROTECTED },
		{ "unprotected", no_argument, NULL, OPT_UNPROTECTED },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	char *text = NULL, err[160];
	size_t len = 1;
	int opt, i;

	while ((opt = getopt_long(argc, argv, "tu46pHjhV", options, NULL)) != -1) {
		switch (opt) {
		case 't':
			rq->tcp = true;
			break;
		case 'u':
			rq->udp = true;
			break;
		case '4':
			rq->ipv4 = true;
			break;
		case '6':
			rq->ipv6 = true;
			break;
		case 'p':
			rq->processes = true;
			break;
		case 'H':
			rq->header = false;
			break;
		case 'j':
			rq->json = true;
			break;
		case OPT_PRETTY:
			rq->pretty = true;
			break;
		case OPT_PROTECTED:
			rq->protected_only = true;
			break;
		case OPT_UNPROTECTED:
			rq->unprotected_only = true;
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
	if (rq->pretty && !rq->json) {
		fprintf(stderr, "ipsec-ss: --pretty is for --json\n");
		return usage(stderr, 2);
	}
	/* The filter may come as one argument or as many words, as ss's. */
	for (i = optind; i < argc; i++) {
		len += strlen(argv[i]) + 1;
	}
	text = calloc(1, len);
	if (text == NULL) {
		fprintf(stderr, "ipsec-ss: out of memory\n");
		return 1;
	}
	for (i = optind; i < argc; i++) {
		strcat(strcat(text, argv[i]), " ");
	}
	if (ss_filter_create(text, &rq->filter, err, sizeof(err)) != 0) {
		free(text);
		fprintf(stderr, "ipsec-ss: %s\n", err);
		return errno == EINVAL ? usage(stderr, 2) : 1;
	}
	free(text);
	return -1;
}

int main(int argc, char **argv)
{
	struct request rq = { .header = true };
	struct entries all = { NULL, NULL, 0, 0 };
	struct ss_processes *holders_of = NULL;
	int status = parse_command_line(argc, argv, &rq);

	if (status >= 0) {
		return status;
	}
	all.filter = rq.filter;
	status = 1;
	if (list_all(&rq, &all) != 0) {
		fprintf(stderr, "ipsec-ss: cannot list the sockets (sock_diag): %s\n",
			strerror(errno));
	} else if (all.n > 0 && !may_read_ipsec_state(&all.v[0])) {
		/* The broker answers about sockets that a process holds; this
		 * tool looks at every socket of the host. */
		fprintf(stderr, "ipsec-ss: CAP_NET_ADMIN is needed to read the kernel's IPsec "
				"state (run it as root)\n");
	} else if (rq.processes && (holders_of = ss_processes_create("/proc")) == NULL) {
		fprintf(stderr, "ipsec-ss: cannot read the processes' sockets in /proc: %s\n",
			strerror(errno));
	} else {
		status = print(&rq, &all, holders_of);
		if (status < 0) {
			fprintf(stderr, "ipsec-ss: out of memory\n");
			status = 1;
		} else if (status == 1) {
			fprintf(stderr, "ipsec-ss: the protection of some sockets could not be "
					"read: --%s could not be applied to them (listed with "
					"their error)\n",
				rq.protected_only ? "protected" : "unprotected");
		}
	}
	ss_processes_free(holders_of);
	ss_filter_free(rq.filter);
	free(all.v);
	return status;
}
