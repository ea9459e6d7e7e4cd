/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: the control messages of a msghdr, as
 * ipsec_get_msg_pToken() and ipsec_set_msg_pToken() walk them.  Beyond "no
 * crash, no leak": a refusal is EINVAL or ENOMSG with a message, and a
 * demand that is read back is one that a pToken accepts.  (A received
 * datagram's ticket is only found here: working out its protection asks
 * the kernel, which is tested elsewhere.)
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <ipsecapi.h>

#include "msg_ticket.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipsecapi_cmsg_walk w;
	struct ipsecapi_ticket t;
	struct cmsghdr *c;
	struct msghdr msg;
	ipsec_pToken_t p = NULL, want = ipsec_create_pToken();
	uint8_t *control = malloc(size + 1), *space;
	int received, rc;

	if (control == NULL || want == NULL) {
		abort();
	}
	memcpy(control, data, size); /* aligned, as a caller's buffer is */
	memset(&msg, 0, sizeof(msg));
	msg.msg_control = size > 0 ? control : NULL;
	msg.msg_controllen = size;

	ipsecapi_walk_start(&w, &msg);
	while ((rc = ipsecapi_walk_next(&w, &c, "fuzz")) > 0) {
		if ((uint8_t *)c < control || (uint8_t *)c + c->cmsg_len > control + size) {
			abort();
		}
	}
	received = ipsecapi_find_ticket(&msg, IPSECAPI_TICKET_RECEIVED, &t, "fuzz");
	if (received < 0 && (rc >= 0 || errno != EINVAL)) {
		abort(); /* the search fails only where the walk does */
	}
	if (received == 0 && ipsec_get_msg_pToken(&msg, &p) != 0) {
		if ((errno != EINVAL && errno != ENOMSG && errno != ENOMEM) ||
		    ipsec_last_error()[0] == '\0' || p != NULL) {
			abort();
		}
	}
	ipsec_free_pToken(p);
	if (ipsecapi_demand_space(&msg, &space, "fuzz") == 0) {
		if (space + IPSEC_MSG_PTOKEN_SPACE != control + size ||
		    ipsec_set_msg_pToken(&msg, want) != 0) {
			abort();
		}
	}
	ipsec_free_pToken(want);
	free(control);
	return 0;
}
