/* SPDX-License-Identifier: BSD-2-Clause */
#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>

#include "ipsecapi.h"
#include "alg_strength.h"

struct cipher {
	const char *name;   /* the kernel's crypto API name */
	unsigned key_extra; /* salt or nonce bits in the key (RFC 4106, 3686, ...) */
	bool block64;       /* a 64-bit block cipher: LOW whatever the key */
	bool none;          /* no confidentiality at all */
};

static const struct cipher ciphers[] = {
	{ .name = "ecb(cipher_null)", .key_extra = 0, .block64 = false, .none = true },
	/* GMAC: integrity only */
	{ .name = "rfc4543(gcm(aes))", .key_extra = 32, .block64 = false, .none = true },
	/* 56 bits: no privacy worth the name */
	{ .name = "cbc(des)", .key_extra = 0, .block64 = false, .none = true },
	{ .name = "rfc4106(gcm(aes))", .key_extra = 32, .block64 = false, .none = false },
	{ .name = "rfc4309(ccm(aes))", .key_extra = 24, .block64 = false, .none = false },
	{ .name = "rfc7539esp(chacha20,poly1305)", .key_extra = 32, .block64 = false, .none = false },
	{ .name = "rfc3686(ctr(aes))", .key_extra = 32, .block64 = false, .none = false },
	{ .name = "cbc(aes)", .key_extra = 0, .block64 = false, .none = false },
	{ .name = "cbc(camellia)", .key_extra = 0, .block64 = false, .none = false },
	{ .name = "cbc(serpent)", .key_extra = 0, .block64 = false, .none = false },
	{ .name = "cbc(twofish)", .key_extra = 0, .block64 = false, .none = false },
	{ .name = "cbc(des3_ede)", .key_extra = 0, .block64 = true, .none = false },
	{ .name = "cbc(cast5)", .key_extra = 0, .block64 = true, .none = false },
	{ .name = "cbc(blowfish)", .key_extra = 0, .block64 = true, .none = false },
};

static const struct cipher *find_cipher(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(ciphers) / sizeof(ciphers[0]); i++) {
		if (strcmp(ciphers[i].name, name) == 0) {
			return &ciphers[i];
		}
	}
	return NULL;
}

uint32_t ipsecapi_cipher_key_bits(const struct ipsecapi_xfrm_alg *alg)
{
	const struct cipher *c = find_cipher(alg->name);
	unsigned extra = c != NULL ? c->key_extra : 0;

	return alg->key_bits > extra ? alg->key_bits - extra : 0;
}

static enum ipsecapi_strength cipher_strength(const struct ipsecapi_xfrm_alg *alg)
{
	const struct cipher *c = find_cipher(alg->name);
	unsigned bits;

	if (c == NULL) {
		return IPSECAPI_LOW; /* encrypted, by something this table cannot judge */
	}
	if (c->none) {
		return IPSECAPI_NONE;
	}
	if (c->block64) {
		return IPSECAPI_LOW;
	}
	bits = ipsecapi_cipher_key_bits(alg);
	return bits >= 256 ? IPSECAPI_HIGH : bits >= 128 ? IPSECAPI_MEDIUM : IPSECAPI_LOW;
}

enum ipsecapi_strength ipsecapi_sa_privacy(const struct ipsecapi_xfrm_sa *sa)
{
	if (sa->info.id.proto != IPPROTO_ESP) {
		return IPSECAPI_NONE; /* AH and IPComp do not encrypt */
	}
	if (sa->aead.present) {
		return cipher_strength(&sa->aead);
	}
	return sa->crypt.present ? cipher_strength(&sa->crypt) : IPSECAPI_NONE;
}

static enum ipsecapi_strength icv_strength(uint32_t icv_bits)
{
	return icv_bits >= 128 ? IPSECAPI_HIGH : icv_bits >= 96 ? IPSECAPI_MEDIUM : IPSECAPI_LOW;
}

static enum ipsecapi_strength mac_strength(const struct ipsecapi_xfrm_alg *alg)
{
	/* No truncation said means the whole output: SHA-256's 256 bits. */
	uint32_t icv = alg->icv_bits;

	if (strcmp(alg->name, "digest_null") == 0) {
		return IPSECAPI_NONE;
	}
	if (strcmp(alg->name, "hmac(sha256)") == 0 || strcmp(alg->name, "hmac(sha384)") == 0 ||
	    strcmp(alg->name, "hmac(sha512)") == 0) {
		return icv == 0 || icv >= 128 ? IPSECAPI_HIGH : IPSECAPI_MEDIUM;
	}
	if (strcmp(alg->name, "hmac(sha1)") == 0 || strcmp(alg->name, "xcbc(aes)") == 0 ||
	    strcmp(alg->name, "cmac(aes)") == 0) {
		return IPSECAPI_MEDIUM;
	}
	return IPSECAPI_LOW; /* hmac(md5), hmac(rmd160), or unknown */
}

enum ipsecapi_strength ipsecapi_sa_integrity(const struct ipsecapi_xfrm_sa *sa)
{
	if (sa->info.id.proto == IPPROTO_COMP) {
		return IPSECAPI_NONE;
	}
	if (sa->aead.present) {
		return icv_strength(sa->aead.icv_bits);
	}
	return sa->auth.present ? mac_strength(&sa->auth) : IPSECAPI_NONE;
}

uint16_t ipsecapi_strength_value(enum ipsecapi_strength s)
{
	switch (s) {
	case IPSECAPI_HIGH:
		return IPSEC_API_ATTR_LEVEL_HIGH;
	case IPSECAPI_MEDIUM:
		return IPSEC_API_ATTR_LEVEL_MEDIUM;
	case IPSECAPI_LOW:
		return IPSEC_API_ATTR_LEVEL_LOW;
	case IPSECAPI_NONE:
		break;
	}
	return IPSEC_API_ATTR_DISABLE;
}
