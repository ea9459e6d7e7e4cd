/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One query of what the kernel gives a flow, shared by the engine's files
 * (not part of its contract): the lookup (query.c) finds the governing
 * policies, the SAs and the peer; the latch's state is worked out from
 * them (latch_state.c); the latch is made in its own, explicit step
 * (latch_step.c); the pToken is built from them (query_ptoken.c).  Only
 * the latch step writes to the kernel.
 */
#ifndef IPSECAPI_QUERY_H
#define IPSECAPI_QUERY_H

#include <stdbool.h>

#include "direction.h"
#include "kernel.h"
#include "km.h"

struct ipsecapi_query {
	struct ipsecapi_flow flow;
	struct ipsecapi_kernel_view *view;
	bool view_borrowed;
	struct ipsecapi_direction out, in;
	struct ipsecapi_policy_choice spd[2]; /* by XFRM_POLICY_IN and _OUT */
	struct ipsecapi_census census;        /* keeps the socket's own policies */
	struct ipsecapi_route_facts route;
	bool route_known;
	bool keep_keys;                       /* for the channel binding */
	int fd;                               /* the socket, to latch; -1 for none */
	uint16_t latch_state;                 /* IPSEC_API_LATCH_*, or 0 for no latch */
	bool latch_due;                       /* protected beyond doubt, not latched yet */
	struct ipsecapi_latch_record latch_now; /* what a latch made now records */
	struct ipsecapi_km_peer km;           /* the key manager's word on the peer */
	bool km_asked;
	char refused[1024]; /* why the socket refuses its peer, or "" */
	const char *fn;
};

/* A query of flow, the flow of connected socket fd or of none (-1), read
 * from view (NULL: from the kernel, live); NULL with the error recorded. */
struct ipsecapi_query *ipsecapi_query_new(const struct ipsecapi_flow *flow, int fd,
					  struct ipsecapi_kernel_view *view, const char *fn);
void ipsecapi_query_free(struct ipsecapi_query *q);

/* One walk of the policies: the socket's own (kept in the census) and
 * the SPD's choices. */
int ipsecapi_query_read_policies(struct ipsecapi_query *q);

/* Whether the socket's own policy of direction dir was found, of the
 * flow's family. */
bool ipsecapi_query_own_found(const struct ipsecapi_query *q, uint8_t dir);

/* The policy that governs each direction and the SAs that may carry it. */
int ipsecapi_query_lookup(struct ipsecapi_query *q);

/* The key manager's word on the peer of the SAs found, asked once; the
 * settled form waits for a key manager that may own new SAs late. */
const struct ipsecapi_km_peer *ipsecapi_query_peer(struct ipsecapi_query *q);
const struct ipsecapi_km_peer *ipsecapi_query_peer_settled(struct ipsecapi_query *q);

/* What the connection gets both ways: nothing unless both directions are
 * protected beyond doubt. */
bool ipsecapi_query_both_protected(const struct ipsecapi_query *q);
enum ipsecapi_strength ipsecapi_query_privacy(const struct ipsecapi_query *q);
enum ipsecapi_strength ipsecapi_query_integrity(const struct ipsecapi_query *q);

/* Whether the socket's own policy refuses the way its peer authenticated
 * (peer_demands.c): sets q->refused to why, or to "". */
void ipsecapi_query_check_peer(struct ipsecapi_query *q);

/* The latch's state (latch_state.c), writing nothing: ESTABLISHED while
 * the SAs are congruent with what the socket latched, BROKEN when one is
 * missing or conflicts, or when the socket refuses its peer; latch_due
 * for a socket protected beyond doubt that holds no latch yet and does
 * not refuse its peer. */
int ipsecapi_query_latch_state(struct ipsecapi_query *q);

/* The explicit step (latch_step.c): latches the socket if it is due.  It
 * writes the socket's policies. */
int ipsecapi_query_latch(struct ipsecapi_query *q);

/* Fills pToken p with what the query found (query_ptoken.c). */
int ipsecapi_query_fill_ptoken(struct ipsecapi_query *q, ipsec_pToken_t p);

#endif
