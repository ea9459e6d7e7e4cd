/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsec_set_socket_pToken() on the kernel: the pToken's demands become the
 * socket's inbound and outbound XFRM policies, all or nothing.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>

#include "core.h"
#include "kernel.h"
#include "socket_query.h"
#include "socket_set.h"

struct target {
	int fd;
	int level, name; /* SOL_IP/IP_XFRM_POLICY or SOL_IPV6/IPV6_XFRM_POLICY */
};

static int put_policy(const struct target *t, const struct ipsecapi_xfrm_policy *pol)
{
	uint8_t buf[sizeof(pol->info) + sizeof(pol->tmpl)];
	size_t len = ipsecapi_socket_policy_encode(pol, buf, sizeof(buf));

	return setsockopt(t->fd, t->level, t->name, buf, (socklen_t)len);
}

/* An unconnected IPv6 socket that also takes IPv4 peers cannot be covered:
 * the kernel applies a socket policy only to traffic of its selector's
 * family, and a socket holds one policy per direction. */
static int check_dual_stack(int fd, int domain, bool connected, const char *fn)
{
	int v6only = 0;
	socklen_t len = sizeof(v6only);

	if (domain != AF_INET6 || connected) {
		return 0;
	}
	if (getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, &len) != 0) {
		return ipsecapi_fail(errno, fn, "cannot read IPV6_V6ONLY of fd %d: %s", fd,
				     strerror(errno));
	}
	if (!v6only) {
		return ipsecapi_fail(EAFNOSUPPORT, fn,
				     "fd %d is an IPv6 socket that also takes IPv4 peers, whose "
				     "traffic its policy would not cover: set IPV6_V6ONLY, connect "
				     "it first, or use an IPv4 socket for IPv4",
				     fd);
	}
	return 0;
}

static int on_policy(const struct ipsecapi_xfrm_policy *pol, void *data)
{
	ipsecapi_census_offer(data, pol);
	return 0;
}

/* What the socket holds now, to put it back if the change fails half-way. */
static int find_previous(const struct ipsecapi_flow *flow, struct ipsecapi_census *prev,
			 const char *fn)
{
	struct ipsecapi_nl *nl = NULL;
	struct ipsecapi_spd_counts n;
	int rc = -1;

	ipsecapi_census_start(prev, flow->cookie, NULL, 0);
	if (ipsecapi_nl_open(&nl, fn) == 0 && ipsecapi_xfrm_spd_counts(nl, &n, fn) == 0 &&
	    (n.socket_in + n.socket_out == 0 || ipsecapi_xfrm_policies(nl, on_policy, prev, fn) == 0) &&
	    ipsecapi_census_finish(prev, fn) == 0) {
		rc = 0;
	}
	ipsecapi_nl_close(nl);
	return rc;
}

/* Undoes a half-made change: clears both directions (the kernel's only way
 * to remove one) and puts back what the socket held before. */
static void restore(const struct target *t, const struct ipsecapi_census *prev, uint64_t cookie)
{
	uint8_t dir;

	(void)setsockopt(t->fd, t->level, t->name, NULL, 0);
	for (dir = XFRM_POLICY_IN; dir <= XFRM_POLICY_OUT; dir++) {
		const struct ipsecapi_xfrm_policy *pol = ipsecapi_census_kept(prev, cookie, dir);

		if (pol != NULL) {
			(void)put_policy(t, pol);
		}
	}
}

static int refused(int err, int fd, const char *fn)
{
	if (err == EPERM) {
		return ipsecapi_fail(EPERM, fn,
				     "CAP_NET_ADMIN is needed to set the IPsec policy of fd %d", fd);
	}
	return ipsecapi_fail(err, fn, "the kernel refused the IPsec policy of fd %d: %s", fd,
			     strerror(err));
}

int ipsecapi_socket_install(int fd, const struct ipsecapi_flow *flow,
			    struct ipsecapi_xfrm_policy *out, struct ipsecapi_xfrm_policy *in,
			    const struct ipsecapi_census *known, bool keep_latch, const char *fn)
{
	struct target t = { fd, SOL_IP, IP_XFRM_POLICY };
	struct ipsecapi_census found;
	const struct ipsecapi_census *prev = known != NULL ? known : &found;
	const struct ipsecapi_xfrm_policy *held;
	struct ipsecapi_latch_record latch;
	int domain, err, rc = -1;

	memset(&found, 0, sizeof(found));
	if (ipsecapi_socket_domain(fd, &domain, fn) != 0 ||
	    (known == NULL && find_previous(flow, &found, fn) != 0)) {
		goto out;
	}
	/* A latched connection stays latched to what it was: new demands
	 * that its SAs do not meet the same way break the latch. */
	held = ipsecapi_census_kept(prev, flow->cookie, XFRM_POLICY_OUT);
	if (keep_latch && held != NULL) {
		ipsecapi_socket_policy_latch_of(held, &latch);
		ipsecapi_socket_policy_put_latch(out, &latch);
		ipsecapi_socket_policy_put_latch(in, &latch);
	}
	if (domain == AF_INET6) {
		t.level = SOL_IPV6;
		t.name = IPV6_XFRM_POLICY;
	}
	if (put_policy(&t, in) != 0) {
		rc = refused(errno, fd, fn);
		goto out;
	}
	if (put_policy(&t, out) != 0) {
		err = errno;
		restore(&t, prev, flow->cookie);
		rc = refused(err, fd, fn);
		goto out;
	}
	rc = 0;
out:
	ipsecapi_census_clear(&found);
	return rc;
}

int ipsecapi_socket_set_protection(int fd, const ipsec_pToken_t pToken, bool only_stricter,
				   const char *fn)
{
	const struct ipsecapi_token *p;
	struct ipsecapi_socket_policy sp;
	struct ipsecapi_flow flow;
	struct ipsecapi_owner owner;
	ipsec_pToken_t now = NULL;
	bool connected = false;
	int domain;

	if (ipsecapi_flow_from_any_fd(fd, &flow, &connected, fn) != 0 ||
	    (p = ipsecapi_token_check(pToken, &ipsecapi_ptoken_kind, fn)) == NULL ||
	    ipsecapi_socket_domain(fd, &domain, fn) != 0 ||
	    check_dual_stack(fd, domain, connected, fn) != 0 ||
	    (!connected && ipsecapi_socket_port(fd, &flow.local_port, fn) != 0)) {
		return -1;
	}
	/* The port a listener has now names the copies its connections get. */
	ipsecapi_owner_of_flow(&flow, &owner);
	if (ipsecapi_socket_policy_build(p, flow.family, &owner, &sp, fn) != 0 ||
	    (only_stricter && ipsecapi_override_loosens_nothing(&flow, connected, &sp, fn) != 0)) {
		return -1;
	}
	/* The kernel picks SAs by reqid and protocol, never by algorithm:
	 * an SA already in place must be strong enough. */
	if (connected && (sp.min_privacy != IPSECAPI_NONE || sp.min_integrity != IPSECAPI_NONE) &&
	    ipsecapi_socket_sas_meet(&flow, &sp, fn) != 0) {
		return -1;
	}
	if (ipsecapi_socket_install(fd, &flow, &sp.out, &sp.in, NULL, connected, fn) != 0) {
		return -1;
	}
	/* A connection that its SAs already protect is latched now; if that
	 * cannot be done, the first query does it. */
	if (connected && ipsecapi_socket_protection(fd, &now, fn) == 0) {
		ipsec_free_pToken(now);
	}
	return 0;
}
