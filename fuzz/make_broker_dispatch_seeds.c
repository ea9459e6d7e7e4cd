/* SPDX-License-Identifier: BSD-2-Clause */
/* Writes seed inputs for the broker dispatch fuzzer into the directory
 * given: records of a length (2 octets, network order) and a request's
 * wire form; one seed for each request, and some in sequence. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <ipsecapi.h>

#include "broker_proto.h"
#include "seed_file.h"

struct seed {
	uint8_t bytes[4096];
	size_t len;
};

/* Appends m to s: 0, or -1. */
static int append_msg(struct seed *s, const struct ipsecapi_broker_msg *m)
{
	size_t n = ipsecapi_broker_encode(m, s->bytes + s->len + 2, sizeof(s->bytes) - s->len - 2,
					  "make_broker_dispatch_seeds");

	if (n == 0) {
		fprintf(stderr, "make_broker_dispatch_seeds: %s\n", ipsec_last_error());
		return -1;
	}
	s->bytes[s->len] = (uint8_t)(n >> 8);
	s->bytes[s->len + 1] = (uint8_t)n;
	s->len += n + 2;
	return 0;
}

/* A pToken that demands privacy, and reqid unless it is 0. */
static ipsec_pToken_t demanding_ptoken(uint16_t privacy, uint32_t reqid)
{
	ipsec_pToken_t p = ipsec_create_pToken();

	if (p != NULL && (ipsec_set_token_attr(p, IPSEC_API_ATTR_privacyProtection, 2, &privacy) != 0 ||
			  (reqid != 0 && ipsec_set_token_attr(p, IPSEC_API_ATTR_reqid, 4, &reqid) != 0))) {
		ipsec_free_pToken(p);
		p = NULL;
	}
	return p;
}

int main(int argc, char **argv)
{
	ipsec_pToken_t esp = demanding_ptoken(IPSEC_API_ATTR_ENABLE, 0),
		       listed = demanding_ptoken(IPSEC_API_ATTR_ENABLE, 8),
		       unlisted = demanding_ptoken(IPSEC_API_ATTR_ENABLE, 61),
		       any = demanding_ptoken(IPSEC_API_ATTR_ANY, 0);
	struct ipsecapi_broker_msg get, set, watch, unwatch, datagram, check;
	struct seed s;
	int bad = 0, i;

	if (argc != 2 || esp == NULL || listed == NULL || unlisted == NULL || any == NULL) {
		fprintf(stderr, "usage: make_broker_dispatch_seeds DIR\n");
		return 2;
	}
	memset(&get, 0, sizeof(get));
	get.type = IPSECAPI_BROKER_GET_SOCKET_PTOKEN;
	memset(&set, 0, sizeof(set));
	set.type = IPSECAPI_BROKER_SET_SOCKET_PTOKEN;
	memset(&watch, 0, sizeof(watch));
	watch.type = IPSECAPI_BROKER_WATCH_LATCH;
	watch.tag = 1;
	unwatch = watch;
	unwatch.type = IPSECAPI_BROKER_UNWATCH_LATCH;
	memset(&datagram, 0, sizeof(datagram));
	datagram.type = IPSECAPI_BROKER_GET_DATAGRAM_PTOKEN;
	datagram.datagram.family = AF_INET;
	datagram.datagram.remote_port = 9;
	datagram.datagram.local[0] = datagram.datagram.remote[0] = 127;
	datagram.datagram.local[3] = datagram.datagram.remote[3] = 1;
	check = datagram;
	check.type = IPSECAPI_BROKER_CHECK_DATAGRAM;
	check.datagram.privacy = IPSEC_API_ATTR_ENABLE;
	check.datagram.integrity = IPSEC_API_ATTR_LEVEL_HIGH;
	check.datagram.reqid = 8;

	memset(&s, 0, sizeof(s));
	bad |= append_msg(&s, &get) || seed_file_write(argv[1], "get", NULL, 0, s.bytes, s.len);
	s.len = 0;
	set.ptoken = (struct ipsecapi_token *)esp;
	bad |= append_msg(&s, &set) || seed_file_write(argv[1], "set", NULL, 0, s.bytes, s.len);
	s.len = 0;
	set.ptoken = (struct ipsecapi_token *)listed;
	bad |= append_msg(&s, &set);
	set.ptoken = (struct ipsecapi_token *)unlisted;
	bad |= append_msg(&s, &set);
	set.ptoken = (struct ipsecapi_token *)any;
	bad |= append_msg(&s, &set) ||
	       seed_file_write(argv[1], "set_reqids_and_any", NULL, 0, s.bytes, s.len);
	s.len = 0;
	bad |= append_msg(&s, &watch) || append_msg(&s, &get) || append_msg(&s, &unwatch) ||
	       append_msg(&s, &unwatch) ||
	       seed_file_write(argv[1], "watch_get_unwatch", NULL, 0, s.bytes, s.len);
	s.len = 0;
	for (i = 0; i < 4; i++) {
		watch.tag = (uint32_t)i;
		bad |= append_msg(&s, &watch);
	}
	bad |= seed_file_write(argv[1], "watches", NULL, 0, s.bytes, s.len);
	s.len = 0;
	bad |= append_msg(&s, &datagram) || append_msg(&s, &check) ||
	       seed_file_write(argv[1], "datagrams", NULL, 0, s.bytes, s.len);
	s.len = 0;
	set.ptoken = (struct ipsecapi_token *)esp;
	bad |= append_msg(&s, &set) || append_msg(&s, &get) || append_msg(&s, &check) ||
	       append_msg(&s, &watch) ||
	       seed_file_write(argv[1], "set_then_ask", NULL, 0, s.bytes, s.len);
	ipsec_free_pToken(esp);
	ipsec_free_pToken(listed);
	ipsec_free_pToken(unlisted);
	ipsec_free_pToken(any);
	return bad != 0;
}
