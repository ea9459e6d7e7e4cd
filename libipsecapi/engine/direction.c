/* SPDX-License-Identifier: BSD-2-Clause */
/* One direction of a flow, and its words in the audit text (direction.h). */
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "direction.h"
#include "kernel.h"

bool ipsecapi_direction_certain(const struct ipsecapi_direction *d)
{
	return d->doubt == NULL;
}

bool ipsecapi_direction_protected(const struct ipsecapi_direction *d)
{
	return ipsecapi_direction_certain(d) && d->sas.complete && !d->sas.conflict &&
	       (d->source == IPSECAPI_FROM_SOCKET || d->source == IPSECAPI_FROM_LISTENER ||
		d->source == IPSECAPI_FROM_SPD);
}

void ipsecapi_append(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len + 1 >= size) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

static const char *proto_name(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_ESP:
		return "esp";
	case IPPROTO_AH:
		return "ah";
	case IPPROTO_COMP:
		return "comp";
	}
	return "?";
}

static void describe_alg(char *buf, size_t size, const struct ipsecapi_xfrm_alg *alg, bool cipher)
{
	uint32_t bits = cipher ? ipsecapi_cipher_key_bits(alg) : alg->key_bits;

	if (!alg->present) {
		return;
	}
	ipsecapi_append(buf, size, " %s", alg->name);
	if (bits != 0) {
		ipsecapi_append(buf, size, " %u-bit key", (unsigned)bits);
	}
	if (alg->icv_bits != 0) {
		ipsecapi_append(buf, size, " %u-bit ICV", (unsigned)alg->icv_bits);
	}
}

static void describe_source(char *buf, size_t size, const struct ipsecapi_direction *d,
			    const struct ipsecapi_route_facts *route)
{
	switch (d->source) {
	case IPSECAPI_NO_POLICY:
		ipsecapi_append(buf, size, "no policy, in clear");
		return;
	case IPSECAPI_ROUTE_SKIPS:
		ipsecapi_append(buf, size, "the route%s%s skips the SPD, in clear",
				route != NULL && route->dev[0] != '\0' ? " by " : "",
				route != NULL ? route->dev : "");
		return;
	case IPSECAPI_FROM_SOCKET:
		ipsecapi_append(buf, size, "socket policy");
		return;
	case IPSECAPI_FROM_LISTENER:
		ipsecapi_append(buf, size, "socket policy copied from its listener");
		return;
	case IPSECAPI_FROM_SPD:
		ipsecapi_append(buf, size, "policy priority %u", (unsigned)d->policy.info.priority);
		return;
	}
}

static void describe_sas(char *buf, size_t size, const struct ipsecapi_sa_choice *c)
{
	char src[64], dst[64];
	size_t i;

	for (i = 0; i < c->nsa; i++) {
		const struct ipsecapi_xfrm_sa *sa = &c->sa[i];

		ipsecapi_flow_address(sa->info.family, &sa->info.saddr, src, sizeof(src));
		ipsecapi_flow_address(sa->info.family, &sa->info.id.daddr, dst, sizeof(dst));
		ipsecapi_append(buf, size, "%s %s %s", i == 0 ? "," : ";",
				proto_name(sa->info.id.proto),
				sa->info.mode == XFRM_MODE_TUNNEL ? "tunnel" : "transport");
		describe_alg(buf, size, &sa->aead, true);
		describe_alg(buf, size, &sa->crypt, true);
		describe_alg(buf, size, &sa->auth, false);
		describe_alg(buf, size, &sa->comp, false);
		ipsecapi_append(buf, size, " %s > %s reqid %u", src, dst, (unsigned)sa->info.reqid);
	}
}

void ipsecapi_describe_direction(char *buf, size_t size, const struct ipsecapi_direction *d,
				 const struct ipsecapi_route_facts *route)
{
	const struct ipsecapi_xfrm_policy *pol = &d->policy;

	ipsecapi_append(buf, size, "%s: ", d->dir == XFRM_POLICY_OUT ? "out" : "in");
	if (d->doubt != NULL) {
		ipsecapi_append(buf, size, "which policy the kernel applies cannot be told (%s), so "
					   "no protection is counted",
				d->doubt);
		return;
	}
	describe_source(buf, size, d, route);
	if (d->source == IPSECAPI_NO_POLICY || d->source == IPSECAPI_ROUTE_SKIPS) {
		return;
	}
	if (pol->info.action != XFRM_POLICY_ALLOW) {
		ipsecapi_append(buf, size, " blocks the traffic");
		return;
	}
	if (pol->ntmpl == 0) {
		ipsecapi_append(buf, size, " lets it pass in clear");
		return;
	}
	if (!d->sas.complete) {
		ipsecapi_append(buf, size, ", a required SA is missing (traffic held back)");
		return;
	}
	if (d->sas.nsa == 0) {
		ipsecapi_append(buf, size, " uses IPsec only if an SA exists, else passes it in clear");
		return;
	}
	describe_sas(buf, size, &d->sas);
	if (d->sas.conflict) {
		ipsecapi_append(buf, size, "; SAs of other parameters%s may carry it too, so no "
					   "protection is counted",
				d->dir == XFRM_POLICY_IN ? ", or from another sender," : "");
	}
}
