/* SPDX-License-Identifier: BSD-2-Clause */
/* The extension's wire format (see extension.h): strict both ways. */
#include <string.h>

#include "extension.h"

#define KNOWN_OFFER_FLAGS (TLS_BRIDGE_OFFER_NULL_CIPHER | TLS_BRIDGE_OFFER_HAND_OVER)
#define KNOWN_VERDICTS (TLS_BRIDGE_VERDICT_BOUND | TLS_BRIDGE_VERDICT_BRIDGED)

static int offer_valid(const struct tls_bridge_offer *offer)
{
	return (offer->flags & ~KNOWN_OFFER_FLAGS) == 0 && offer->binding_len > 0 &&
	       offer->binding_len <= TLS_BRIDGE_BINDING_MAX;
}

size_t tls_bridge_offer_encode(const struct tls_bridge_offer *offer, uint8_t *out)
{
	if (!offer_valid(offer)) {
		return 0;
	}
	out[0] = TLS_BRIDGE_WIRE_VERSION;
	out[1] = offer->flags;
	out[2] = offer->binding_len;
	memcpy(out + 3, offer->binding, offer->binding_len);
	return 3 + (size_t)offer->binding_len;
}

int tls_bridge_offer_decode(const uint8_t *data, size_t len, struct tls_bridge_offer *offer)
{
	memset(offer, 0, sizeof(*offer));
	if (data == NULL || len < 3 || data[0] != TLS_BRIDGE_WIRE_VERSION ||
	    len != 3 + (size_t)data[2]) {
		return -1;
	}
	offer->flags = data[1];
	offer->binding_len = data[2];
	if (!offer_valid(offer)) {
		memset(offer, 0, sizeof(*offer));
		return -1;
	}
	memcpy(offer->binding, data + 3, offer->binding_len);
	return 0;
}

void tls_bridge_verdict_encode(uint8_t verdict, uint8_t out[2])
{
	out[0] = TLS_BRIDGE_WIRE_VERSION;
	out[1] = verdict;
}

int tls_bridge_verdict_decode(const uint8_t *data, size_t len, uint8_t *verdict)
{
	if (data == NULL || len != 2 || data[0] != TLS_BRIDGE_WIRE_VERSION ||
	    (data[1] & ~KNOWN_VERDICTS) != 0 ||
	    /* Bridged without bound is a contradiction. */
	    (data[1] & (TLS_BRIDGE_VERDICT_BOUND | TLS_BRIDGE_VERDICT_BRIDGED)) ==
		    TLS_BRIDGE_VERDICT_BRIDGED) {
		return -1;
	}
	*verdict = data[1];
	return 0;
}
