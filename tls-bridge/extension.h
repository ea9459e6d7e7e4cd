/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The tls-bridge TLS extension, version 1, in a private-use code point
 * (RFC 8447).  The handshake transcript covers it.
 *
 * ClientHello:
 *   uint8  version          1
 *   uint8  flags            TLS_BRIDGE_OFFER_NULL_CIPHER, _HAND_OVER
 *   uint8  binding length   1 to TLS_BRIDGE_BINDING_MAX
 *   opaque binding          the client's IPsec channel binding (RFC 5056
 *                           form, "prefix:" then the value)
 * ServerHello (TLS 1.2) or EncryptedExtensions (TLS 1.3):
 *   uint8  version          1
 *   uint8  verdict          TLS_BRIDGE_VERDICT_BOUND, _BRIDGED
 * Nothing may follow; unknown flags are an error.
 */
#ifndef TLS_BRIDGE_EXTENSION_H
#define TLS_BRIDGE_EXTENSION_H

#include <stddef.h>
#include <stdint.h>

#define TLS_BRIDGE_EXTENSION_TYPE 0xFFBB
#define TLS_BRIDGE_WIRE_VERSION 1
#define TLS_BRIDGE_BINDING_MAX 128

/* The client's socket is latched, and it can bridge this way: */
#define TLS_BRIDGE_OFFER_NULL_CIPHER 0x01 /* TLS 1.2: it offers the NULL suites */
#define TLS_BRIDGE_OFFER_HAND_OVER 0x02   /* TLS 1.3: it takes the socket after the handshake */

#define TLS_BRIDGE_VERDICT_BOUND 0x01   /* the server's binding equals the client's */
#define TLS_BRIDGE_VERDICT_BRIDGED 0x02 /* and bridged, in the way the version has */

struct tls_bridge_offer {
	uint8_t flags;
	uint8_t binding_len;
	uint8_t binding[TLS_BRIDGE_BINDING_MAX];
};

/* The ClientHello's extension data into out (room for
 * 3 + TLS_BRIDGE_BINDING_MAX octets): its length, or 0 if the offer is
 * not well formed. */
size_t tls_bridge_offer_encode(const struct tls_bridge_offer *offer, uint8_t *out);

/* 0 and *offer, or -1 for data that is not exactly a version 1 offer. */
int tls_bridge_offer_decode(const uint8_t *data, size_t len, struct tls_bridge_offer *offer);

/* The reply's two octets. */
void tls_bridge_verdict_encode(uint8_t verdict, uint8_t out[2]);

/* 0 and *verdict, or -1 for data that is not exactly a version 1 reply. */
int tls_bridge_verdict_decode(const uint8_t *data, size_t len, uint8_t *verdict);

#endif
