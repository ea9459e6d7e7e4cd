/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What ipsec-ss says of one socket: its ends and owner from sock_diag,
 * and its protection as the API sees it (asked by its flow, which latches
 * nothing), or why it could not be asked.  Text and JSON print the same
 * report.
 */
#ifndef IPSEC_SS_REPORT_H
#define IPSEC_SS_REPORT_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>

#include "engine.h"

struct ss_report {
	const char *proto; /* "tcp" or "udp" */
	uint16_t family;   /* AF_INET (v4-mapped IPv6 included) or AF_INET6 */
	char local[INET6_ADDRSTRLEN], peer[INET6_ADDRSTRLEN];
	uint16_t local_port, peer_port;
	uint32_t uid, inode;

	char *error; /* the query failed: the library's sentence; nothing below is set */

	/* protected: privacy or integrity is ENABLE or a level, as the API
	 * answers for a protected socket; mode is set only then. */
	bool is_protected;
	const char *privacy, *integrity, *mode, *latch; /* NULL: the pToken has none */
	bool has_peer;					/* the pToken has the peer's iToken */
	const char *authentication, *binding;		/* NULL: the iToken has none */
	bool unauthenticated; /* the peer authenticated by nothing (authMeth_BTNS) */
	char *identity;	      /* the peer's certificate DN, or NULL */
	char *information;    /* the library's sentence on the protection, or NULL */
};

/* The report of the socket of flow, owned by uid, of inode.  0 (a failed
 * query gives a report with its error), or -1 with ENOMEM. */
int ss_report_read(struct ss_report *r, const struct ipsecapi_flow *flow, uint32_t uid,
		   uint32_t inode);

/* Frees what the report holds. */
void ss_report_clear(struct ss_report *r);

#endif
