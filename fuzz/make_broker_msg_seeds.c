/* SPDX-License-Identifier: BSD-2-Clause */
/* Writes seed inputs for the broker protocol fuzzer into the directory
 * given: one message of each type, the fuzzer's first octet choosing
 * request (0) or answer (1). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <ipsecapi.h>

#include "broker_proto.h"
#include "seed_file.h"

static int write_seed(const char *dir, const char *name, uint8_t direction,
		      const struct ipsecapi_broker_msg *m)
{
	static uint8_t out[IPSECAPI_BROKER_MAX_MSG];
	size_t n = ipsecapi_broker_encode(m, out, sizeof(out), "make_broker_msg_seeds");

	if (n == 0) {
		fprintf(stderr, "make_broker_msg_seeds: %s\n", ipsec_last_error());
		return -1;
	}
	return seed_file_write(dir, name, &direction, 1, out, n);
}

int main(int argc, char **argv)
{
	static const uint8_t cb[] = "ipsec-sa-unique-v1:0123";
	struct ipsecapi_selector sel = { .family = AF_INET, .proto = 6, .src_prefixlen = 32,
					 .dst_prefixlen = 32, .src_port = 443, .dst_port = 50000,
					 .src = { 192, 0, 2, 1 }, .dst = { 192, 0, 2, 2 } };
	ipsec_pToken_t p = ipsec_create_pToken(), set = ipsec_create_pToken();
	ipsec_iToken_t peer = ipsec_create_iToken();
	uint16_t enable = IPSEC_API_ATTR_ENABLE, latched = IPSEC_API_LATCH_ESTABLISHED;
	uint32_t reqid = 42;
	struct ipsecapi_broker_msg m;
	int bad = 0;

	if (argc != 2 || p == NULL || set == NULL || peer == NULL) {
		fprintf(stderr, "usage: make_broker_msg_seeds DIR\n");
		return 2;
	}
	bad |= ipsecapi_token_fill(peer, IPSEC_API_ATTR_channelBindingData, sizeof(cb) - 1, cb);
	bad |= ipsec_set_token_attr(p, IPSEC_API_ATTR_iToken, sizeof(peer), &peer);
	bad |= ipsecapi_token_fill(p, IPSEC_API_ATTR_latchState, sizeof(latched), &latched);
	bad |= ipsecapi_ptoken_set_selector(p, &sel);
	bad |= ipsec_set_token_attr(set, IPSEC_API_ATTR_privacyProtection, sizeof(enable), &enable);
	bad |= ipsec_set_token_attr(set, IPSEC_API_ATTR_reqid, sizeof(reqid), &reqid);

	memset(&m, 0, sizeof(m));
	m.type = IPSECAPI_BROKER_GET_SOCKET_PTOKEN;
	bad |= write_seed(argv[1], "get", 0, &m);
	m.type = IPSECAPI_BROKER_SET_SOCKET_PTOKEN;
	m.ptoken = (struct ipsecapi_token *)set;
	bad |= write_seed(argv[1], "set", 0, &m);
	m.type = IPSECAPI_BROKER_PTOKEN;
	m.ptoken = (struct ipsecapi_token *)p;
	bad |= write_seed(argv[1], "ptoken", 1, &m);
	m.ptoken = NULL;
	m.type = IPSECAPI_BROKER_DONE;
	bad |= write_seed(argv[1], "done", 1, &m);
	m.type = IPSECAPI_BROKER_ERROR;
	m.error = EACCES;
	strcpy(m.message, "the socket is not the caller's");
	bad |= write_seed(argv[1], "error", 1, &m);
	memset(&m, 0, sizeof(m));
	m.tag = 7;
	m.type = IPSECAPI_BROKER_WATCH_LATCH;
	bad |= write_seed(argv[1], "watch", 0, &m);
	m.type = IPSECAPI_BROKER_UNWATCH_LATCH;
	bad |= write_seed(argv[1], "unwatch", 0, &m);
	m.type = IPSECAPI_BROKER_LATCH_STATE;
	m.state = IPSEC_API_LATCH_ESTABLISHED;
	bad |= write_seed(argv[1], "latch_state", 1, &m);
	m.type = IPSECAPI_BROKER_LATCH_EVENT;
	m.state = IPSEC_API_LATCH_BROKEN;
	bad |= write_seed(argv[1], "latch_event", 1, &m);
	memset(&m, 0, sizeof(m));
	m.type = IPSECAPI_BROKER_GET_DATAGRAM_PTOKEN;
	m.datagram.family = AF_INET;
	m.datagram.remote_port = 53;
	memcpy(m.datagram.local, sel.src, 4);
	memcpy(m.datagram.remote, sel.dst, 4);
	bad |= write_seed(argv[1], "get_datagram", 0, &m);
	m.type = IPSECAPI_BROKER_CHECK_DATAGRAM;
	m.datagram.privacy = IPSEC_API_ATTR_ENABLE;
	m.datagram.integrity = IPSEC_API_ATTR_LEVEL_HIGH;
	m.datagram.reqid = 300;
	bad |= write_seed(argv[1], "check_datagram", 0, &m);
	ipsec_free_pToken(p);
	ipsec_free_pToken(set);
	ipsec_free_iToken(peer);
	return bad != 0;
}
