/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The engine's queries (socket_query.h): what the kernel gives a socket
 * or a flow, as a pToken or as a latch watch's facts.  A query of a
 * socket latches it only when its caller asks (IPSECAPI_LATCH_IF_DUE).
 */
#include <stdbool.h>
#include <string.h>

#include "core.h"
#include "query.h"
#include "socket_query.h"

/* The query of connected socket fd, in the socket's namespace. */
static struct ipsecapi_query *socket_query(int fd, const char *fn)
{
	struct ipsecapi_flow flow;
	struct ipsecapi_query *q;

	if (ipsecapi_flow_from_fd(fd, &flow, fn) != 0 ||
	    (q = ipsecapi_query_new(&flow, fd, NULL, fn)) == NULL) {
		return NULL;
	}
	/* The namespace is that of the netlink socket that the answer comes
	 * through. */
	if (ipsecapi_same_netns(fd, ipsecapi_view_fd(q->view), fn) != 0) {
		ipsecapi_query_free(q);
		return NULL;
	}
	return q;
}

/* Policies, SAs, the latch's state and, if asked, the latch. */
static int work_out(struct ipsecapi_query *q, enum ipsecapi_latching latching)
{
	if (ipsecapi_query_lookup(q) != 0 || ipsecapi_query_latch_state(q) != 0) {
		return -1;
	}
	return latching == IPSECAPI_LATCH_IF_DUE ? ipsecapi_query_latch(q) : 0;
}

/* The full query, and the pToken that says what the kernel gives. */
static int answer_with_ptoken(struct ipsecapi_query *q, enum ipsecapi_latching latching,
			      ipsec_pToken_t *out)
{
	ipsec_pToken_t p;

	q->keep_keys = true;
	if (work_out(q, latching) != 0) {
		return -1;
	}
	p = ipsec_create_pToken();
	if (p == NULL || ipsecapi_query_fill_ptoken(q, p) != 0) {
		ipsec_free_pToken(p);
		return -1;
	}
	*out = p;
	return 0;
}

int ipsecapi_socket_protection(int fd, enum ipsecapi_latching latching, ipsec_pToken_t *out,
			       const char *fn)
{
	struct ipsecapi_query *q = socket_query(fd, fn);
	int rc;

	if (q == NULL) {
		return -1;
	}
	rc = answer_with_ptoken(q, latching, out);
	ipsecapi_query_free(q);
	return rc;
}

int ipsecapi_flow_protection(const struct ipsecapi_flow *flow, ipsec_pToken_t *out, const char *fn)
{
	struct ipsecapi_query *q = ipsecapi_query_new(flow, -1, NULL, fn);
	int rc;

	if (q == NULL) {
		return -1;
	}
	rc = answer_with_ptoken(q, IPSECAPI_READ_ONLY, out);
	ipsecapi_query_free(q);
	return rc;
}

static void facts_of(const struct ipsecapi_query *q, struct ipsecapi_latch_facts *facts)
{
	bool socket_policies = q->out.source == IPSECAPI_FROM_SOCKET ||
			       q->out.source == IPSECAPI_FROM_LISTENER;

	memset(facts, 0, sizeof(*facts));
	facts->state = q->latch_state;
	/* A latch made now pinned the governing policies to the socket. */
	facts->own = socket_policies || q->latch_state != 0;
	if (facts->own) {
		facts->out = q->out.policy;
		facts->in = q->in.policy;
	}
}

int ipsecapi_socket_latch_facts(int fd, enum ipsecapi_latching latching,
				struct ipsecapi_latch_facts *facts, const char *fn)
{
	struct ipsecapi_query *q = socket_query(fd, fn);
	int rc;

	if (q == NULL) {
		return -1;
	}
	rc = work_out(q, latching);
	if (rc == 0) {
		facts_of(q, facts);
	}
	ipsecapi_query_free(q);
	return rc;
}

int ipsecapi_flow_latch_facts(struct ipsecapi_kernel_view *view, const struct ipsecapi_flow *flow,
			      struct ipsecapi_latch_facts *facts, const char *fn)
{
	struct ipsecapi_query *q = ipsecapi_query_new(flow, -1, view, fn);
	int rc;

	if (q == NULL) {
		return -1;
	}
	rc = work_out(q, IPSECAPI_READ_ONLY);
	if (rc == 0) {
		facts_of(q, facts);
	}
	ipsecapi_query_free(q);
	return rc;
}
