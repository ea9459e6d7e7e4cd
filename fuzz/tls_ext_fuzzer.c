/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: tls-bridge's extension parsers on arbitrary bytes, as
 * a peer's ClientHello or ServerHello reaches them.  The first octet
 * chooses the parser (even: the client's offer, odd: the server's
 * verdict).  Beyond "no crash": what a parser accepts, the encoder makes
 * again octet for octet, so that only the one encoding of each value
 * passes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extension.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tls_bridge_offer offer;
	uint8_t again[3 + TLS_BRIDGE_BINDING_MAX], verdict, reply[2];

	if (size == 0) {
		return 0;
	}
	if ((data[0] & 1) == 0) {
		if (tls_bridge_offer_decode(data + 1, size - 1, &offer) == 0 &&
		    (tls_bridge_offer_encode(&offer, again) != size - 1 ||
		     memcmp(again, data + 1, size - 1) != 0)) {
			abort();
		}
	} else if (tls_bridge_verdict_decode(data + 1, size - 1, &verdict) == 0) {
		tls_bridge_verdict_encode(verdict, reply);
		if (size - 1 != sizeof(reply) || memcmp(reply, data + 1, sizeof(reply)) != 0) {
			abort();
		}
	}
	return 0;
}
