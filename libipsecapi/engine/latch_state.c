/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The state of a connection's latch (RFC 5660), from what a query found:
 * the socket's latch record against its SAs now and, for a latch bound to
 * the peer, the key manager's word.  Nothing here writes.
 */
#include <errno.h>
#include <string.h>

#include "core.h"
#include "query.h"

int ipsecapi_query_latch_state(struct ipsecapi_query *q)
{
	struct ipsecapi_latch_record held, now;
	bool conflict = q->out.sas.conflict || q->in.sas.conflict;
	uint8_t sa_qop[IPSECAPI_QOP_LEN];
	const struct ipsecapi_km_peer *peer;
	const char *identity = "";

	memset(&held, 0, sizeof(held));
	memset(&now, 0, sizeof(now));
	if (q->out.source == IPSECAPI_FROM_SOCKET) {
		ipsecapi_socket_policy_latch_of(&q->out.policy, &held);
	}
	now.privacy = (uint8_t)ipsecapi_query_privacy(q);
	now.integrity = (uint8_t)ipsecapi_query_integrity(q);
	now.latched = ipsecapi_query_both_protected(q) && now.privacy + now.integrity > IPSECAPI_NONE;
	if (now.latched) {
		if (ipsecapi_connection_qop((const uint8_t(*)[IPSECAPI_QOP_LEN])q->out.sas.qop,
					    q->out.sas.nsa,
					    (const uint8_t(*)[IPSECAPI_QOP_LEN])q->in.sas.qop,
					    q->in.sas.nsa, sa_qop) != 0) {
			return ipsecapi_fail(ENOMEM, q->fn, "cannot digest the SAs of a connection");
		}
		/* A latch bound to the peer waits for a key manager that may
		 * own new SAs late. */
		peer = held.latched && held.identity_bound ? ipsecapi_query_peer_settled(q)
							   : ipsecapi_query_peer(q);
		identity = peer->identity;
		memcpy(now.qop, sa_qop, sizeof(sa_qop));
		now.identity_bound = identity[0] != '\0';
		if (now.identity_bound && ipsecapi_latch_bind_identity(now.qop, identity) != 0) {
			return ipsecapi_fail(ENOMEM, q->fn, "cannot digest the peer of a connection");
		}
	}
	ipsecapi_query_check_peer(q);
	if (q->refused[0] != '\0') {
		/* Never latched to a peer the socket refuses. */
		q->latch_state = IPSEC_API_LATCH_BROKEN;
		return 0;
	}
	if (held.latched) {
		/* A latch bound to the peer holds while the key manager names the
		 * same peer; one that the key manager cannot name now breaks
		 * (never a stale answer).  One made without the key manager's
		 * word compares the SAs only. */
		const uint8_t *expect = held.identity_bound ? now.qop : sa_qop;
		bool peer_holds = !held.identity_bound || now.identity_bound;

		q->latch_state = now.latched && !conflict && peer_holds &&
						 now.privacy == held.privacy &&
						 now.integrity == held.integrity &&
						 memcmp(expect, held.qop, IPSECAPI_QOP_LEN) == 0
					 ? IPSEC_API_LATCH_ESTABLISHED
					 : IPSEC_API_LATCH_BROKEN;
		return 0;
	}
	q->latch_due = now.latched && q->fd >= 0;
	q->latch_now = now;
	return 0;
}
