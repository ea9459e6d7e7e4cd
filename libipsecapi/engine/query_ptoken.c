/* SPDX-License-Identifier: BSD-2-Clause */
/* The pToken that says what a query found (query.h). */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "channel_binding.h"
#include "core.h"
#include "peer_itoken.h"
#include "query.h"

static int fill_u16(void *token, uint32_t attr, uint16_t v)
{
	return ipsecapi_token_fill(token, attr, sizeof(v), &v);
}

static int fill_str(void *token, uint32_t attr, const char *s)
{
	return ipsecapi_token_fill(token, attr, (uint32_t)strlen(s) + 1, s);
}

/* The peer as the kernel knows it: an address, and the unique channel
 * binding of the SA pair when both directions are protected. */
static int fill_peer(struct ipsecapi_query *q, ipsec_pToken_t p, bool protected_both)
{
	ipsec_iToken_t peer = ipsec_create_iToken();
	const struct ipsecapi_xfrm_sa *out[IPSECAPI_XFRM_MAX_DEPTH], *in[IPSECAPI_XFRM_MAX_DEPTH];
	uint8_t value[IPSECAPI_CB_VALUE_LEN];
	char where[64];
	size_t i;
	int rc = -1;

	if (peer == NULL) {
		return -1;
	}
	ipsecapi_flow_endpoint(q->flow.family, &q->flow.remote, q->flow.remote_port, where,
			       sizeof(where));
	if (ipsecapi_peer_itoken_fill(protected_both ? ipsecapi_query_peer(q) : NULL, where, peer,
				      q->fn) != 0) {
		goto out;
	}
	if (protected_both) {
		for (i = 0; i < q->out.sas.nsa; i++) {
			out[i] = &q->out.sas.sa[i];
		}
		for (i = 0; i < q->in.sas.nsa; i++) {
			in[i] = &q->in.sas.sa[i];
		}
		if (ipsecapi_cb_unique(out, q->out.sas.nsa, in, q->in.sas.nsa, value, q->fn) != 0 ||
		    ipsecapi_cb_fill(peer, IPSEC_API_CB_UNIQUE, IPSECAPI_CB_UNIQUE_PREFIX, value,
				     q->fn) != 0) {
			goto out;
		}
	}
	rc = ipsec_set_token_attr(p, IPSEC_API_ATTR_iToken, sizeof(peer), &peer);
out:
	explicit_bzero(value, sizeof(value));
	ipsec_free_iToken(peer);
	return rc;
}

/* The traffic the protection is about: the governing outbound SPD
 * policy's selector, the ports and protocol of a socket policy's, else
 * the flow itself. */
static int fill_selector(struct ipsecapi_query *q, ipsec_pToken_t p)
{
	struct ipsecapi_selector sel;
	bool spd = q->out.source == IPSECAPI_FROM_SPD;

	memset(&sel, 0, sizeof(sel));
	if (spd || q->out.source == IPSECAPI_FROM_SOCKET || q->out.source == IPSECAPI_FROM_LISTENER) {
		const struct xfrm_selector *s = &q->out.policy.info.sel;

		sel.family = (uint8_t)s->family;
		sel.proto = s->proto;
		sel.src_prefixlen = s->prefixlen_s;
		sel.dst_prefixlen = s->prefixlen_d;
		sel.src_port = (uint16_t)(ntohs(s->sport) & ntohs(s->sport_mask));
		sel.dst_port = (uint16_t)(ntohs(s->dport) & ntohs(s->dport_mask));
		if (spd) { /* a socket policy's addresses hold its owner */
			memcpy(sel.src, &s->saddr, sizeof(sel.src));
			memcpy(sel.dst, &s->daddr, sizeof(sel.dst));
		}
	} else {
		sel.family = (uint8_t)q->flow.family;
		sel.proto = q->flow.proto;
		sel.src_prefixlen = sel.dst_prefixlen = q->flow.family == AF_INET ? 32 : 128;
		sel.src_port = q->flow.local_port;
		sel.dst_port = q->flow.remote_port;
		memcpy(sel.src, &q->flow.local, sizeof(sel.src));
		memcpy(sel.dst, &q->flow.remote, sizeof(sel.dst));
	}
	return ipsecapi_ptoken_set_selector(p, &sel);
}

static const char *proto_word(uint8_t proto)
{
	return proto == IPPROTO_TCP ? "tcp" : proto == IPPROTO_UDP ? "udp" : "sctp";
}

int ipsecapi_query_fill_ptoken(struct ipsecapi_query *q, ipsec_pToken_t p)
{
	enum ipsecapi_strength privacy = ipsecapi_query_privacy(q);
	enum ipsecapi_strength integrity = ipsecapi_query_integrity(q);
	bool both = ipsecapi_query_both_protected(q);
	const struct ipsecapi_route_facts *route = q->route_known ? &q->route : NULL;
	char audit[1400], info[1200], local[64], remote[64];

	ipsecapi_flow_endpoint(q->flow.family, &q->flow.local, q->flow.local_port, local, sizeof(local));
	ipsecapi_flow_endpoint(q->flow.family, &q->flow.remote, q->flow.remote_port, remote,
			       sizeof(remote));
	snprintf(audit, sizeof(audit), "%s %s > %s; ", proto_word(q->flow.proto), local, remote);
	ipsecapi_describe_direction(audit, sizeof(audit), &q->out, route);
	ipsecapi_append(audit, sizeof(audit), "; ");
	ipsecapi_describe_direction(audit, sizeof(audit), &q->in, route);
	snprintf(info, sizeof(info), "%s", !both ? "Not protected by IPsec in both directions"
				 : privacy != IPSECAPI_NONE ? "Encrypted and authenticated by IPsec"
				 : integrity != IPSECAPI_NONE ? "Authenticated, not encrypted, by IPsec"
							      : "Carried by IPsec without protection");
	if (q->refused[0] != '\0') {
		ipsecapi_append(info, sizeof(info), "; refused: %s", q->refused);
	}
	if (fill_u16(p, IPSEC_API_ATTR_privacyProtection, ipsecapi_strength_value(privacy)) != 0 ||
	    fill_u16(p, IPSEC_API_ATTR_integrityProtection, ipsecapi_strength_value(integrity)) != 0 ||
	    fill_u16(p, IPSEC_API_ATTR_compression, both && q->out.sas.compressed && q->in.sas.compressed
								? IPSEC_API_ATTR_ENABLE
								: IPSEC_API_ATTR_DISABLE) != 0 ||
	    fill_u16(p, IPSEC_API_ATTR_tunnelMode, both && q->out.sas.tunnel && q->in.sas.tunnel
							   ? IPSEC_API_ATTR_ENABLE
							   : IPSEC_API_ATTR_DISABLE) != 0 ||
	    fill_u16(p, IPSEC_API_ATTR_ipoptionsProtected,
		     both && (q->out.sas.tunnel || q->out.sas.ah) && (q->in.sas.tunnel || q->in.sas.ah)
			     ? IPSEC_API_ATTR_ENABLE
			     : IPSEC_API_ATTR_DISABLE) != 0 ||
	    fill_str(p, IPSEC_API_ATTR_auditString, audit) != 0 ||
	    fill_str(p, IPSEC_API_ATTR_informationString, info) != 0 || fill_selector(q, p) != 0 ||
	    (q->latch_state != 0 && fill_u16(p, IPSEC_API_ATTR_latchState, q->latch_state) != 0)) {
		return -1;
	}
	return fill_peer(q, p, both && privacy + integrity > IPSECAPI_NONE);
}
