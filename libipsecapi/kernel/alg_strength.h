/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * How strong an SA's transforms are, as the draft's levels.  The mapping is
 * this library's and is documented in ipsec_get_socket_pToken(3):
 *   privacy    HIGH   AES, Camellia, ChaCha20 ... with a 256-bit key
 *              MEDIUM the same with a 128- or 192-bit key
 *              LOW    3DES, CAST5, Blowfish (64-bit blocks), an unknown cipher
 *              DISABLE none, NULL encryption, GMAC, single DES
 *   integrity  HIGH   HMAC-SHA-2 with at least 128 ICV bits; an AEAD with a
 *                     128-bit ICV
 *              MEDIUM HMAC-SHA-1, HMAC-SHA-2 under 128 bits, AES-XCBC or
 *                     -CMAC, an AEAD with a 96-bit ICV
 *              LOW    HMAC-MD5, an AEAD with a 64-bit ICV, an unknown MAC
 *              DISABLE none (ESP without a MAC)
 */
#ifndef IPSECAPI_ALG_STRENGTH_H
#define IPSECAPI_ALG_STRENGTH_H

#include "xfrm_msg.h"

/* Levels as ordinals, so that they compare: 0 DISABLE, 1 LOW, 2 MEDIUM,
 * 3 HIGH. */
enum ipsecapi_strength {
	IPSECAPI_NONE = 0,
	IPSECAPI_LOW = 1,
	IPSECAPI_MEDIUM = 2,
	IPSECAPI_HIGH = 3,
};

enum ipsecapi_strength ipsecapi_sa_privacy(const struct ipsecapi_xfrm_sa *sa);
enum ipsecapi_strength ipsecapi_sa_integrity(const struct ipsecapi_xfrm_sa *sa);

/* The key size of a cipher or AEAD, without the salt or nonce that the
 * kernel's key holds (RFC 4106, 4309, 3686, 7634): 160 bits of
 * rfc4106(gcm(aes)) key are AES-128. */
uint32_t ipsecapi_cipher_key_bits(const struct ipsecapi_xfrm_alg *alg);

/* The draft's value for a strength: IPSEC_API_ATTR_DISABLE or a level. */
uint16_t ipsecapi_strength_value(enum ipsecapi_strength s);

#endif
