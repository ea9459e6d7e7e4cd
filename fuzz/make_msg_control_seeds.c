/* SPDX-License-Identifier: BSD-2-Clause */
/* Writes seed inputs for the msg_control fuzzer into the directory given:
 * control buffers with a caller's control message and demands, and with a
 * received datagram's ticket. */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <ipsecapi.h>

#include "msg_ticket.h"
#include "seed_file.h"

int main(int argc, char **argv)
{
	static uint8_t control[CMSG_SPACE(sizeof(int)) + IPSEC_MSG_PTOKEN_SPACE];
	ipsec_pToken_t p = ipsec_create_pToken();
	uint16_t high = IPSEC_API_ATTR_LEVEL_HIGH, on = IPSEC_API_ATTR_ENABLE;
	uint32_t reqid = 100;
	struct ipsecapi_ticket t;
	struct msghdr msg;
	struct cmsghdr *c;

	if (argc != 2 || p == NULL) {
		fprintf(stderr, "usage: make_msg_control_seeds DIR\n");
		return 2;
	}
	memset(&msg, 0, sizeof(msg));
	msg.msg_control = control;
	msg.msg_controllen = sizeof(control);
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_IP;
	c->cmsg_type = IP_TTL;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	ipsec_set_token_attr(p, IPSEC_API_ATTR_privacyProtection, 2, &high);
	ipsec_set_token_attr(p, IPSEC_API_ATTR_integrityProtection, 2, &on);
	ipsec_set_token_attr(p, IPSEC_API_ATTR_reqid, 4, &reqid);
	if (ipsec_set_msg_pToken(&msg, p) != 0) {
		fprintf(stderr, "make_msg_control_seeds: %s\n", ipsec_last_error());
		return 1;
	}
	if (seed_file_write(argv[1], "demands", NULL, 0, control, sizeof(control)) != 0 ||
	    seed_file_write(argv[1], "demands-only", NULL, 0, control + CMSG_SPACE(sizeof(int)),
			    IPSEC_MSG_PTOKEN_SPACE) != 0) {
		return 1;
	}
	memset(&t, 0, sizeof(t));
	t.magic = IPSECAPI_TICKET_MAGIC;
	t.version = IPSECAPI_TICKET_VERSION;
	t.kind = IPSECAPI_TICKET_RECEIVED;
	t.family = AF_INET;
	t.u.received.proto = IPPROTO_UDP;
	memset(control, 0, sizeof(control));
	ipsecapi_put_ticket(control, SOL_IP, IP_XFRM_POLICY, &t);
	if (seed_file_write(argv[1], "received", NULL, 0, control,
			    CMSG_SPACE(IPSEC_MSG_TICKET_LEN)) != 0) {
		return 1;
	}
	ipsec_free_pToken(p);
	return 0;
}
