/* SPDX-License-Identifier: BSD-2-Clause */
/* A socket's protection, as the demonstration shows it (show_protection.h). */
#include <stdio.h>
#include <stdlib.h>

#include <ipsecapi.h>

#include "show_protection.h"

static void show_u16(const char *name, const void *token, uint32_t attr)
{
	uint16_t v = 0;
	void *p = &v;
	uint32_t len = sizeof(v);

	if (ipsec_get_token_attr(token, attr, &len, &p) == 0) {
		printf("ipsec.%s=%s\n", name, ipsec_constant_name(v));
	}
}

static void show_string(const char *name, const void *token, uint32_t attr)
{
	void *p = NULL;
	uint32_t len = 0;

	if (ipsec_get_token_attr(token, attr, &len, &p) == 0) {
		printf("ipsec.%s=%s\n", name, (const char *)p);
		free(p);
	}
}

void show_protection(int fd)
{
	ipsec_pToken_t p = NULL;
	ipsec_iToken_t peer = NULL;
	void *val = &peer;
	uint32_t len = sizeof(peer);

	if (getenv("BTNS_SHOW_PROTECTION") == NULL) {
		return;
	}
	if (ipsec_get_socket_pToken(fd, &p) != 0) {
		printf("ipsec.error=%s\n", ipsec_last_error());
		return;
	}
	show_u16("privacy", p, IPSEC_API_ATTR_privacyProtection);
	show_u16("integrity", p, IPSEC_API_ATTR_integrityProtection);
	show_u16("latch", p, IPSEC_API_ATTR_latchState);
	show_string("protection", p, IPSEC_API_ATTR_auditString);
	if (ipsec_get_token_attr(p, IPSEC_API_ATTR_iToken, &len, &val) == 0) {
		show_string("peer", peer, IPSEC_API_ATTR_auditString);
		show_u16("peer_method", peer, IPSEC_API_ATTR_authenticationMethod);
		show_string("channel_binding", peer, IPSEC_API_ATTR_channelBinding);
		show_string("end_point_binding", peer, IPSEC_API_ATTR_endPointBinding);
		ipsec_free_iToken(peer);
	}
	ipsec_free_pToken(p);
	fflush(stdout);
}
