/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: the broker protocol's parser (broker_proto.c, with the
 * pToken byte form of token_codec.c) on arbitrary bytes, as a hostile
 * application's request reaches the broker, or a broker's answer the
 * library.  The first octet chooses which (even: a request).  Beyond "no
 * crash": what the parser accepts, the encoder makes again octet for
 * octet, so that only the one encoding of each message passes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "broker_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t again[IPSECAPI_BROKER_MAX_MSG];
	struct ipsecapi_broker_msg m;

	if (size == 0) {
		return 0;
	}
	if (ipsecapi_broker_decode(data + 1, size - 1, (data[0] & 1) == 0, &m, "fuzz") == 0 &&
	    (ipsecapi_broker_encode(&m, again, sizeof(again), "fuzz") != size - 1 ||
	     memcmp(again, data + 1, size - 1) != 0)) {
		abort();
	}
	ipsecapi_broker_msg_clear(&m);
	return 0;
}
