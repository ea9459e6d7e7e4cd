/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <ipsecapi.h>

#include "ss_names.h"
#include "ss_report.h"

/* The name of a 2-octet attribute's value, or NULL when token has none. */
static const char *value_name(const void *token, uint32_t attr)
{
	uint16_t v = 0;
	void *val = &v;
	uint32_t len = sizeof(v);

	if (ipsec_get_token_attr(token, attr, &len, &val) != 0) {
		return NULL;
	}
	return ss_value_name(v);
}

/* A string attribute, or NULL; the caller frees it. */
static char *string_attr(const void *token, uint32_t attr)
{
	void *val = NULL;
	uint32_t len = 0;

	return ipsec_get_token_attr(token, attr, &len, &val) == 0 ? val : NULL;
}

static void read_peer(struct ss_report *r, const void *itoken)
{
	uint16_t method = 0;
	void *val = &method;
	uint32_t len = sizeof(method);

	r->has_peer = true;
	r->authentication = value_name(itoken, IPSEC_API_ATTR_authenticationMethod);
	/* BTNS: NULL authentication, so that only a channel binding can name
	 * the peer. */
	r->unauthenticated = ipsec_get_token_attr(itoken, IPSEC_API_ATTR_authenticationMethod,
						  &len, &val) == 0 &&
			     method == IPSEC_API_ATTR_authMeth_BTNS;
	r->binding = value_name(itoken, IPSEC_API_ATTR_channelBindingType);
	r->identity = string_attr(itoken, IPSEC_API_ATTR_certificateDN);
}

static void read_protection(struct ss_report *r, ipsec_pToken_t p)
{
	const struct ipsecapi_token *t = (const struct ipsecapi_token *)p;
	ipsec_iToken_t it = NULL;
	void *val = &it;
	uint32_t len = sizeof(it);

	r->privacy = value_name(p, IPSEC_API_ATTR_privacyProtection);
	r->integrity = value_name(p, IPSEC_API_ATTR_integrityProtection);
	r->is_protected = ipsecapi_demands_protection(t);
	if (r->is_protected) {
		r->mode = ipsecapi_demand(t, IPSEC_API_ATTR_tunnelMode) == IPSEC_API_ATTR_ENABLE
				  ? "tunnel"
				  : "transport";
	}
	r->latch = value_name(p, IPSEC_API_ATTR_latchState);
	if (ipsec_get_token_attr(p, IPSEC_API_ATTR_iToken, &len, &val) == 0) {
		read_peer(r, it);
		ipsec_free_iToken(it);
	}
	r->information = string_attr(p, IPSEC_API_ATTR_informationString);
}

int ss_report_read(struct ss_report *r, const struct ipsecapi_flow *flow, uint32_t uid,
		   uint32_t inode)
{
	ipsec_pToken_t p = NULL;

	*r = (struct ss_report){
		.proto = flow->proto == IPPROTO_TCP ? "tcp" : "udp",
		.family = flow->family,
		.local_port = flow->local_port,
		.peer_port = flow->remote_port,
		.uid = uid,
		.inode = inode,
	};
	ipsecapi_flow_address(flow->family, &flow->local, r->local, sizeof(r->local));
	ipsecapi_flow_address(flow->family, &flow->remote, r->peer, sizeof(r->peer));
	if (ipsecapi_flow_protection(flow, &p, "ipsec-ss") != 0) {
		r->error = strdup(ipsec_last_error());
		if (r->error == NULL) {
			errno = ENOMEM;
			return -1;
		}
		return 0;
	}
	read_protection(r, p);
	ipsec_free_pToken(p);
	return 0;
}

void ss_report_clear(struct ss_report *r)
{
	free(r->error);
	free(r->identity);
	free(r->information);
	*r = (struct ss_report){ .proto = NULL };
}
