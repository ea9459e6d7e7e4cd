/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * IPsec channel bindings (RFC 5056 form: "prefix:" then the value).
 *
 * Unique, of one SA pair ("ipsec-sa-unique-v1"): this library's, not
 * registered with IANA.  Both ends hold the same two SAs (one per
 * direction, or one bundle per direction), so both compute
 *   HMAC-SHA-256(K, "ipsec-sa-unique-v1" || 0x00 || D1 || D2)
 * where the direction whose first SA has the lower source address comes
 * first, K is every key of both directions in that order, and Dn encodes
 * each SA: protocol, mode, family, SPI, addresses and its transforms' names
 * and sizes.  The keys make it unique (SPIs alone a man in the middle can
 * copy); HMAC makes it one-way.
 *
 * End-point, of two peers' public keys (draft-williams-ipsec-channel-
 * binding-01, "IPsec-end-point-IKEv2-pubkey-sha-256"):
 *   SHA-256(SHA-256(K1) XOR SHA-256(K2)).
 */
#ifndef IPSECAPI_CHANNEL_BINDING_H
#define IPSECAPI_CHANNEL_BINDING_H

#include <stddef.h>
#include <stdint.h>

#include "kernel.h"

#define IPSECAPI_CB_UNIQUE_PREFIX "ipsec-sa-unique-v1"
#define IPSECAPI_CB_END_POINT_PREFIX "IPsec-end-point-IKEv2-pubkey-sha-256"
#define IPSECAPI_CB_VALUE_LEN 32

/* The unique binding of the SAs of one direction (out, nout) and of the
 * other (in, nin), which must carry their keys. */
int ipsecapi_cb_unique(const struct ipsecapi_xfrm_sa *const *out, size_t nout,
		       const struct ipsecapi_xfrm_sa *const *in, size_t nin,
		       uint8_t value[IPSECAPI_CB_VALUE_LEN], const char *fn);

int ipsecapi_cb_end_point(const uint8_t *k1, size_t len1, const uint8_t *k2, size_t len2,
			  uint8_t value[IPSECAPI_CB_VALUE_LEN], const char *fn);

/* Fills the iToken's channelBinding ("prefix:base64"), channelBindingType
 * and channelBindingData ("prefix:" and the raw value); for type
 * IPSEC_API_CB_END_POINT, its endPointBinding and endPointBindingData. */
int ipsecapi_cb_fill(void *itoken, uint16_t type, const char *prefix,
		     const uint8_t value[IPSECAPI_CB_VALUE_LEN], const char *fn);

#endif
