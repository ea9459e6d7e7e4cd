/* SPDX-License-Identifier: BSD-2-Clause */
/* Writes seed inputs for the tls-bridge extension fuzzer into the
 * directory given: an offer and each verdict, with the fuzzer's selector
 * octet in front. */
#include <stdio.h>
#include <string.h>

#include "extension.h"
#include "seed_file.h"

int main(int argc, char **argv)
{
	static const char binding[] = "ipsec-sa-unique-v1:0123456789abcdef0123456789abcdef";
	static const uint8_t offer_selector = 0, verdict_selector = 1;
	struct tls_bridge_offer offer;
	uint8_t wire[3 + TLS_BRIDGE_BINDING_MAX], reply[2];
	size_t len;
	int bad = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: make_tls_ext_seeds DIR\n");
		return 2;
	}
	memset(&offer, 0, sizeof(offer));
	offer.flags = TLS_BRIDGE_OFFER_NULL_CIPHER | TLS_BRIDGE_OFFER_HAND_OVER;
	offer.binding_len = sizeof(binding) - 1;
	memcpy(offer.binding, binding, offer.binding_len);
	len = tls_bridge_offer_encode(&offer, wire);
	bad |= len == 0 || seed_file_write(argv[1], "offer", &offer_selector, 1, wire, len) != 0;
	tls_bridge_verdict_encode(0, reply);
	bad |= seed_file_write(argv[1], "verdict-none", &verdict_selector, 1, reply,
			       sizeof(reply)) != 0;
	tls_bridge_verdict_encode(TLS_BRIDGE_VERDICT_BOUND, reply);
	bad |= seed_file_write(argv[1], "verdict-bound", &verdict_selector, 1, reply,
			       sizeof(reply)) != 0;
	tls_bridge_verdict_encode(TLS_BRIDGE_VERDICT_BOUND | TLS_BRIDGE_VERDICT_BRIDGED, reply);
	bad |= seed_file_write(argv[1], "verdict-bridged", &verdict_selector, 1, reply,
			       sizeof(reply)) != 0;
	return bad;
}
