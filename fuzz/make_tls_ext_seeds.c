/* SPDX-License-Identifier: BSD-2-Clause */
/* Writes seed inputs for the tls-bridge extension fuzzer into the
 * directory given: an offer and each verdict, with the fuzzer's selector
 * octet in front. */
#include <stdio.h>
#include <string.h>

#include "extension.h"

static int write_seed(const char *dir, const char *name, uint8_t selector, const uint8_t *data,
		      size_t len)
{
	char path[4096];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	ok = f != NULL && fputc(selector, f) != EOF && fwrite(data, 1, len, f) == len;
	if (f == NULL || fclose(f) != 0 || !ok) {
		perror(path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const char binding[] = "ipsec-sa-unique-v1:0123456789abcdef0123456789abcdef";
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
	bad |= len == 0 || write_seed(argv[1], "offer", 0, wire, len) != 0;
	tls_bridge_verdict_encode(0, reply);
	bad |= write_seed(argv[1], "verdict-none", 1, reply, sizeof(reply)) != 0;
	tls_bridge_verdict_encode(TLS_BRIDGE_VERDICT_BOUND, reply);
	bad |= write_seed(argv[1], "verdict-bound", 1, reply, sizeof(reply)) != 0;
	tls_bridge_verdict_encode(TLS_BRIDGE_VERDICT_BOUND | TLS_BRIDGE_VERDICT_BRIDGED, reply);
	bad |= write_seed(argv[1], "verdict-bridged", 1, reply, sizeof(reply)) != 0;
	return bad;
}
