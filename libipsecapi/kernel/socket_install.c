/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A socket's own XFRM policies replaced, both directions or neither
 * (socket_install.h).
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "core.h"
#include "flow.h"
#include "socket_install.h"
#include "xfrm_nl.h"

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

static int offer_to_census(const struct ipsecapi_xfrm_policy *pol, void *data)
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
	    (n.socket_in + n.socket_out == 0 ||
	     ipsecapi_xfrm_policies(nl, offer_to_census, prev, fn) == 0) &&
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
	struct target t = { .fd = fd, .level = SOL_IP, .name = IP_XFRM_POLICY };
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
