/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The socket's demands on how its peer authenticated (the methods its
 * pToken's iToken sets to DISABLE, kept with its policies): the key
 * manager's word on the peer against them.  A method that cannot be
 * told is refused as well when any is: the check cannot be done.
 */
#include <stdio.h>

#include "core.h"
#include "query.h"

static const char *const method_words[] = {
	"no authentication (authMeth_NONE)",
	"nothing, BTNS (authMeth_BTNS)",
	"a leap of faith (authMeth_LEAPOFFAITH)",
	"a pre-shared key (authMeth_PRESHAREDKEY)",
	"a group key (authMeth_GROUPKEY)",
	"XAUTH (authMeth_XAUTH)",
	"EAP (authMeth_EAP)",
	"a trusted PKIX certificate (authMeth_PKIX_TRUSTED)",
	"an inline PKIX certificate (authMeth_PKIX_INLINE)",
	"an offline PKIX certificate (authMeth_PKIX_OFFLINE)",
};

void ipsecapi_query_check_peer(struct ipsecapi_query *q)
{
	uint16_t refused = q->out.source == IPSECAPI_FROM_SOCKET
				   ? ipsecapi_socket_policy_refused_methods(&q->out.policy)
				   : 0;
	const struct ipsecapi_km_peer *peer;
	unsigned m;

	q->refused[0] = '\0';
	if (refused == 0 || !ipsecapi_query_both_protected(q)) {
		return;
	}
	peer = ipsecapi_query_peer(q);
	m = peer->auth_method - IPSEC_API_ATTR_authMeth_NONE;
	if (peer->status != 1 || peer->auth_method < IPSEC_API_ATTR_authMeth_NONE ||
	    m >= sizeof(method_words) / sizeof(method_words[0])) {
		snprintf(q->refused, sizeof(q->refused),
			 "the socket's pToken refuses some ways of authenticating, and %s did not "
			 "tell how the peer authenticated%s%.400s",
			 peer->daemon[0] != '\0' ? peer->daemon : "no key manager",
			 peer->why[0] != '\0' ? ": " : "", peer->why);
	} else if (refused & (1u << m)) {
		snprintf(q->refused, sizeof(q->refused),
			 "the peer authenticated by %s, which the socket's pToken disables",
			 method_words[m]);
	}
}
