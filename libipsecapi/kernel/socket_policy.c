/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "core.h"
#include "socket_policy.h"

/* The owner mark in the selector's destination address: a magic, a
 * version, and the socket cookie in network order; the owner's local port
 * and protocol go in the selector's ports, whose zero masks make the
 * kernel ignore them. */
#define MARK_MAGIC "BTNS"
#define MARK_MAGIC_LEN 4
#define MARK_VERSION 1
#define MARK_REFUSED_AT 6 /* two octets: the methods refused */
#define MARK_COOKIE_AT 8

uint16_t ipsecapi_demand(const struct ipsecapi_token *p, uint32_t attr)
{
	const struct ipsecapi_value *v = &p->values[ipsecapi_attr_index(p->kind, attr)];

	return v->present ? v->u16 : IPSEC_API_ATTR_ANY;
}

static bool required(uint16_t v)
{
	return v == IPSEC_API_ATTR_ENABLE || (v >= IPSEC_API_ATTR_LEVEL_LOW && v <= IPSEC_API_ATTR_LEVEL_HIGH);
}

bool ipsecapi_demands_protection(const struct ipsecapi_token *p)
{
	return required(ipsecapi_demand(p, IPSEC_API_ATTR_privacyProtection)) ||
	       required(ipsecapi_demand(p, IPSEC_API_ATTR_integrityProtection));
}

enum ipsecapi_strength ipsecapi_demanded_strength(uint16_t v)
{
	switch (v) {
	case IPSEC_API_ATTR_LEVEL_HIGH:
		return IPSECAPI_HIGH;
	case IPSEC_API_ATTR_LEVEL_MEDIUM:
		return IPSECAPI_MEDIUM;
	case IPSEC_API_ATTR_LEVEL_LOW:
	case IPSEC_API_ATTR_ENABLE:
		return IPSECAPI_LOW;
	}
	return IPSECAPI_NONE;
}

static bool is_auth_method(uint32_t attr)
{
	return attr >= IPSEC_API_ATTR_authMeth_NONE && attr <= IPSEC_API_ATTR_authMeth_PKIX_OFFLINE;
}

/* Whether an iToken attribute of p demands an identity: what the kernel
 * knows (audit text, channel binding) is not compared and demands
 * nothing, and the authentication methods are refused_methods'; the rest
 * that is compared names an identity. */
static bool demands_identity(const struct ipsecapi_token *p, uint32_t attr)
{
	const struct ipsecapi_value *v = &p->values[ipsecapi_attr_index(p->kind, attr)];
	const struct ipsecapi_token *it = v->data;
	size_t i;

	if (!v->present) {
		return false;
	}
	for (i = 0; i < it->kind->nattrs; i++) {
		if (it->kind->attrs[i].compared && it->values[i].present &&
		    !is_auth_method(it->kind->attrs[i].id)) {
			return true;
		}
	}
	return false;
}

uint16_t ipsecapi_refused_methods(const struct ipsecapi_token *p)
{
	const struct ipsecapi_value *v =
		&p->values[ipsecapi_attr_index(p->kind, IPSEC_API_ATTR_iToken)];
	uint16_t refused = 0;
	uint32_t m;

	if (!v->present) {
		return 0;
	}
	for (m = IPSEC_API_ATTR_authMeth_NONE; m <= IPSEC_API_ATTR_authMeth_PKIX_OFFLINE; m++) {
		if (ipsecapi_demand(v->data, m) == IPSEC_API_ATTR_DISABLE) {
			refused |= (uint16_t)(1u << (m - IPSEC_API_ATTR_authMeth_NONE));
		}
	}
	return refused;
}

uint32_t ipsecapi_demanded_reqid(const struct ipsecapi_token *p)
{
	const struct ipsecapi_value *v = &p->values[ipsecapi_attr_index(p->kind, IPSEC_API_ATTR_reqid)];
	uint32_t reqid = 0;

	if (v->present) {
		memcpy(&reqid, v->data, sizeof(reqid));
	}
	return reqid;
}

/* What a socket policy cannot enforce, or what makes no sense. */
static int check_demands(const struct ipsecapi_token *p, const char *fn)
{
	uint16_t privacy = ipsecapi_demand(p, IPSEC_API_ATTR_privacyProtection);
	uint16_t integrity = ipsecapi_demand(p, IPSEC_API_ATTR_integrityProtection);

	if (ipsecapi_demand(p, IPSEC_API_ATTR_tunnelMode) == IPSEC_API_ATTR_ENABLE) {
		return ipsecapi_fail(ENOTSUP, fn,
				     "tunnel mode needs gateway addresses that a socket policy cannot "
				     "name; use a tunnel policy in the SPD");
	}
	if (p->values[ipsecapi_attr_index(p->kind, IPSEC_API_ATTR_policyName)].present) {
		return ipsecapi_fail(ENOTSUP, fn,
				     "policyName needs a key manager to resolve it, and none is "
				     "built; name the key manager's connection by its reqid");
	}
	if (demands_identity(p, IPSEC_API_ATTR_iToken)) {
		return ipsecapi_fail(ENOTSUP, fn,
				     "the kernel cannot hold a connection to a peer identity, and no "
				     "key manager is built to do it");
	}
	if (demands_identity(p, IPSEC_API_ATTR_remote_iToken)) {
		return ipsecapi_fail(ENOTSUP, fn,
				     "choosing the local identity needs a key manager, and none is built");
	}
	if (required(privacy) && integrity == IPSEC_API_ATTR_DISABLE) {
		return ipsecapi_fail(EINVAL, fn,
				     "privacy without integrity is refused: encryption without "
				     "integrity protection can be forged (RFC 4303, 3.2.2)");
	}
	return 0;
}

static void put_template(struct ipsecapi_xfrm_policy *pol, uint8_t proto, uint16_t family,
			 uint32_t reqid, bool optional)
{
	struct xfrm_user_tmpl *t = &pol->tmpl[pol->ntmpl++];

	memset(t, 0, sizeof(*t));
	t->id.proto = proto;
	t->family = family;
	t->reqid = reqid;
	t->mode = XFRM_MODE_TRANSPORT;
	t->optional = optional ? 1 : 0;
	/* Every algorithm: the kernel checks masks only inbound and only
	 * for authentication, so the library checks the SAs instead. */
	t->aalgos = t->ealgos = t->calgos = ~0u;
}

void ipsecapi_owner_of_flow(const struct ipsecapi_flow *flow, struct ipsecapi_owner *owner)
{
	owner->cookie = flow->cookie;
	owner->port = flow->local_port;
	owner->proto = flow->proto;
}

static void put_owner(struct xfrm_selector *sel, const struct ipsecapi_owner *owner)
{
	uint8_t *mark = (uint8_t *)&sel->daddr;
	int i;

	memcpy(mark, MARK_MAGIC, MARK_MAGIC_LEN);
	mark[MARK_MAGIC_LEN] = MARK_VERSION;
	for (i = 0; i < 8; i++) {
		mark[MARK_COOKIE_AT + i] = (uint8_t)(owner->cookie >> (56 - 8 * i));
	}
	sel->sport = htons(owner->port);
	sel->dport = htons(owner->proto);
	sel->sport_mask = sel->dport_mask = 0;
}

/* The methods refused, in the mark: the query reads them back from the
 * socket's policies, wherever it runs. */
static void put_refused(struct ipsecapi_xfrm_policy *pol, uint16_t refused)
{
	uint8_t *mark = (uint8_t *)&pol->info.sel.daddr;

	mark[MARK_REFUSED_AT] = (uint8_t)(refused >> 8);
	mark[MARK_REFUSED_AT + 1] = (uint8_t)refused;
}

/* Whether pol carries this library's mark (a query may have turned its
 * direction into the SPD's numbering). */
static bool marked(const struct ipsecapi_xfrm_policy *pol)
{
	const uint8_t *mark = (const uint8_t *)&pol->info.sel.daddr;

	return pol->info.sel.prefixlen_d == 0 && memcmp(mark, MARK_MAGIC, MARK_MAGIC_LEN) == 0 &&
	       mark[MARK_MAGIC_LEN] == MARK_VERSION;
}

uint16_t ipsecapi_socket_policy_refused_methods(const struct ipsecapi_xfrm_policy *pol)
{
	const uint8_t *mark = (const uint8_t *)&pol->info.sel.daddr;

	if (!marked(pol)) {
		return 0;
	}
	return (uint16_t)(mark[MARK_REFUSED_AT] << 8 | mark[MARK_REFUSED_AT + 1]);
}

static void start_policy(struct ipsecapi_xfrm_policy *pol, uint8_t dir, uint16_t family,
			 const struct ipsecapi_owner *owner)
{
	memset(pol, 0, sizeof(*pol));
	pol->info.sel.family = family;
	put_owner(&pol->info.sel, owner);
	pol->info.lft.soft_byte_limit = pol->info.lft.hard_byte_limit = XFRM_INF;
	pol->info.lft.soft_packet_limit = pol->info.lft.hard_packet_limit = XFRM_INF;
	pol->info.dir = dir;
	pol->info.action = XFRM_POLICY_ALLOW;
	pol->type = XFRM_POLICY_TYPE_MAIN;
}

int ipsecapi_socket_policy_build(const struct ipsecapi_token *p, uint16_t family,
				 const struct ipsecapi_owner *owner, struct ipsecapi_socket_policy *sp,
				 const char *fn)
{
	uint16_t privacy = ipsecapi_demand(p, IPSEC_API_ATTR_privacyProtection);
	uint16_t integrity = ipsecapi_demand(p, IPSEC_API_ATTR_integrityProtection);
	uint16_t compression = ipsecapi_demand(p, IPSEC_API_ATTR_compression);
	uint32_t reqid = ipsecapi_demanded_reqid(p);
	bool esp_required = ipsecapi_demands_protection(p);
	bool esp_used = privacy == IPSEC_API_ATTR_ANY || integrity == IPSEC_API_ATTR_ANY;

	memset(sp, 0, sizeof(*sp));
	if (check_demands(p, fn) != 0) {
		return -1;
	}
	start_policy(&sp->out, XFRM_POLICY_OUT, family, owner);
	start_policy(&sp->in, XFRM_POLICY_IN, family, owner);
	/* Templates go innermost first: compress, then protect.  Small
	 * packets travel uncompressed, so inbound IPComp is always optional. */
	if (compression != IPSEC_API_ATTR_DISABLE) {
		put_template(&sp->out, IPPROTO_COMP, family, reqid,
			     compression != IPSEC_API_ATTR_ENABLE);
		put_template(&sp->in, IPPROTO_COMP, family, reqid, true);
	}
	/* ESP serves integrity alone too (with NULL encryption): one template
	 * cannot say "AH or ESP", and ESP is what key managers negotiate. */
	if (esp_required || esp_used) {
		put_template(&sp->out, IPPROTO_ESP, family, reqid, !esp_required);
		put_template(&sp->in, IPPROTO_ESP, family, reqid, !esp_required);
	}
	sp->min_privacy = ipsecapi_demanded_strength(privacy);
	sp->min_integrity = ipsecapi_demanded_strength(integrity);
	sp->refused_methods = ipsecapi_refused_methods(p);
	put_refused(&sp->out, sp->refused_methods);
	put_refused(&sp->in, sp->refused_methods);
	return 0;
}

void ipsecapi_socket_policy_pin(const struct ipsecapi_xfrm_policy *governing, uint8_t dir,
				uint16_t family, const struct ipsecapi_owner *owner,
				const struct ipsecapi_latch_record *latch,
				struct ipsecapi_xfrm_policy *pin)
{
	start_policy(pin, dir, family, owner);
	pin->info.action = governing->info.action;
	pin->info.flags = governing->info.flags;
	pin->ntmpl = governing->ntmpl;
	memcpy(pin->tmpl, governing->tmpl, governing->ntmpl * sizeof(governing->tmpl[0]));
	put_refused(pin, ipsecapi_socket_policy_refused_methods(governing));
	ipsecapi_socket_policy_put_latch(pin, latch);
}

size_t ipsecapi_socket_policy_encode(const struct ipsecapi_xfrm_policy *pol, uint8_t *buf,
				     size_t size)
{
	size_t len = sizeof(pol->info) + pol->ntmpl * sizeof(pol->tmpl[0]);

	if (len > size) {
		return 0;
	}
	memcpy(buf, &pol->info, sizeof(pol->info));
	memcpy(buf + sizeof(pol->info), pol->tmpl, pol->ntmpl * sizeof(pol->tmpl[0]));
	return len;
}

bool ipsecapi_socket_policy_owner(const struct ipsecapi_xfrm_policy *pol,
				  struct ipsecapi_owner *owner)
{
	const uint8_t *mark = (const uint8_t *)&pol->info.sel.daddr;
	int i;

	if ((pol->info.dir != IPSECAPI_SOCKET_POLICY_IN && pol->info.dir != IPSECAPI_SOCKET_POLICY_OUT) ||
	    !marked(pol)) {
		return false;
	}
	owner->cookie = 0;
	for (i = 0; i < 8; i++) {
		owner->cookie = owner->cookie << 8 | mark[MARK_COOKIE_AT + i];
	}
	owner->port = ntohs(pol->info.sel.sport);
	owner->proto = (uint8_t)ntohs(pol->info.sel.dport);
	return true;
}

/* The latch in the selector's source address: a version (0: none yet),
 * the levels, flags, and the digest of the quality of protection. */
#define LATCH_VERSION 1
#define LATCH_FLAGS_AT 3
#define LATCH_IDENTITY_BOUND 0x01
#define LATCH_QOP_AT 4

void ipsecapi_socket_policy_put_latch(struct ipsecapi_xfrm_policy *pol,
				      const struct ipsecapi_latch_record *latch)
{
	uint8_t *at = (uint8_t *)&pol->info.sel.saddr;

	memset(at, 0, sizeof(pol->info.sel.saddr));
	pol->info.sel.prefixlen_s = 0;
	if (!latch->latched) {
		return;
	}
	at[0] = LATCH_VERSION;
	at[1] = latch->privacy;
	at[2] = latch->integrity;
	at[LATCH_FLAGS_AT] = latch->identity_bound ? LATCH_IDENTITY_BOUND : 0;
	memcpy(at + LATCH_QOP_AT, latch->qop, IPSECAPI_QOP_LEN);
}

void ipsecapi_socket_policy_latch_of(const struct ipsecapi_xfrm_policy *pol,
				     struct ipsecapi_latch_record *latch)
{
	const uint8_t *at = (const uint8_t *)&pol->info.sel.saddr;

	memset(latch, 0, sizeof(*latch));
	if (pol->info.sel.prefixlen_s != 0 || at[0] != LATCH_VERSION) {
		return;
	}
	latch->latched = true;
	latch->privacy = at[1];
	latch->integrity = at[2];
	latch->identity_bound = (at[LATCH_FLAGS_AT] & LATCH_IDENTITY_BOUND) != 0;
	memcpy(latch->qop, at + LATCH_QOP_AT, IPSECAPI_QOP_LEN);
}
