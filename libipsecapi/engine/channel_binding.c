/* SPDX-License-Identifier: BSD-2-Clause */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <openssl/evp.h>

#include "ipsecapi.h"
#include "channel_binding.h"
#include "core.h"

/* A growing buffer for the HMAC's input and key; wiped when released. */
struct bytes {
	uint8_t *p;
	size_t len, cap;
	bool failed;
};

static void append_bytes(struct bytes *b, const void *data, size_t len)
{
	if (b->failed || len == 0) {
		return;
	}
	if (b->len + len > b->cap) {
		size_t cap = (b->len + len) * 2 + 64;
		uint8_t *p = malloc(cap);

		if (p == NULL) {
			b->failed = true;
			return;
		}
		if (b->p != NULL) {
			memcpy(p, b->p, b->len);
			explicit_bzero(b->p, b->len);
			free(b->p);
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
}

static void put_u32(struct bytes *b, uint32_t v)
{
	v = htonl(v);
	append_bytes(b, &v, sizeof(v));
}

static void wipe_bytes(struct bytes *b)
{
	if (b->p != NULL) {
		explicit_bzero(b->p, b->cap);
		free(b->p);
	}
	memset(b, 0, sizeof(*b));
}

static void put_alg(struct bytes *b, const struct ipsecapi_xfrm_alg *alg)
{
	uint8_t n = alg->present ? (uint8_t)strlen(alg->name) : 0;

	append_bytes(b, &n, 1);
	append_bytes(b, alg->name, n);
	put_u32(b, alg->present ? alg->key_bits : 0);
	put_u32(b, alg->present ? alg->icv_bits : 0);
}

static void put_sa(struct bytes *data, struct bytes *key, const struct ipsecapi_xfrm_sa *sa)
{
	uint8_t head[4] = { sa->info.id.proto, sa->info.mode, (uint8_t)(sa->info.family >> 8),
			    (uint8_t)sa->info.family };

	append_bytes(data, head, sizeof(head));
	append_bytes(data, &sa->info.id.spi, sizeof(sa->info.id.spi)); /* network order already */
	append_bytes(data, &sa->info.saddr, sizeof(sa->info.saddr));
	append_bytes(data, &sa->info.id.daddr, sizeof(sa->info.id.daddr));
	put_alg(data, &sa->aead);
	put_alg(data, &sa->crypt);
	put_alg(data, &sa->auth);
	put_alg(data, &sa->comp);
	append_bytes(key, sa->keys.bytes, sa->keys.len);
}

/* Whether direction a comes before direction b: by the source, then the
 * destination address of its first SA. */
static bool comes_first(const struct ipsecapi_xfrm_sa *a, const struct ipsecapi_xfrm_sa *b)
{
	int c = memcmp(&a->info.saddr, &b->info.saddr, sizeof(a->info.saddr));

	if (c == 0) {
		c = memcmp(&a->info.id.daddr, &b->info.id.daddr, sizeof(a->info.id.daddr));
	}
	if (c == 0) {
		c = memcmp(&a->info.id.spi, &b->info.id.spi, sizeof(a->info.id.spi));
	}
	return c < 0;
}

int ipsecapi_cb_unique(const struct ipsecapi_xfrm_sa *const *out, size_t nout,
		       const struct ipsecapi_xfrm_sa *const *in, size_t nin,
		       uint8_t value[IPSECAPI_CB_VALUE_LEN], const char *fn)
{
	static const char label[] = IPSECAPI_CB_UNIQUE_PREFIX; /* with its NUL */
	const struct ipsecapi_xfrm_sa *const *first = out, *const *second = in;
	size_t nfirst = nout, nsecond = nin, i, len = IPSECAPI_CB_VALUE_LEN;
	struct bytes data = { .p = NULL, .len = 0, .cap = 0, .failed = false },
		     key = { .p = NULL, .len = 0, .cap = 0, .failed = false };
	int rc = -1;

	if (nout == 0 || nin == 0) {
		return ipsecapi_fail(EINVAL, fn, "a unique channel binding needs SAs in both directions");
	}
	if (comes_first(in[0], out[0])) {
		first = in;
		nfirst = nin;
		second = out;
		nsecond = nout;
	}
	append_bytes(&data, label, sizeof(label));
	for (i = 0; i < nfirst; i++) {
		put_sa(&data, &key, first[i]);
	}
	for (i = 0; i < nsecond; i++) {
		put_sa(&data, &key, second[i]);
	}
	if (data.failed || key.failed) {
		ipsecapi_fail(ENOMEM, fn, "no memory for the channel binding");
	} else if (key.len == 0) {
		ipsecapi_fail(EINVAL, fn, "the SAs carry no key material, so no unique binding");
	} else if (EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key.p, key.len, data.p, data.len,
			     value, IPSECAPI_CB_VALUE_LEN, &len) == NULL ||
		   len != IPSECAPI_CB_VALUE_LEN) {
		ipsecapi_fail(EIO, fn, "HMAC-SHA-256 failed in libcrypto");
	} else {
		rc = 0;
	}
	wipe_bytes(&data);
	wipe_bytes(&key);
	return rc;
}

int ipsecapi_cb_end_point(const uint8_t *k1, size_t len1, const uint8_t *k2, size_t len2,
			  uint8_t value[IPSECAPI_CB_VALUE_LEN], const char *fn)
{
	uint8_t h1[IPSECAPI_CB_VALUE_LEN], h2[IPSECAPI_CB_VALUE_LEN];
	size_t i;

	if (len1 == 0 || len2 == 0) {
		return ipsecapi_fail(EINVAL, fn, "an end-point binding needs both public keys");
	}
	if (EVP_Q_digest(NULL, "SHA256", NULL, k1, len1, h1, NULL) != 1 ||
	    EVP_Q_digest(NULL, "SHA256", NULL, k2, len2, h2, NULL) != 1) {
		return ipsecapi_fail(EIO, fn, "SHA-256 failed in libcrypto");
	}
	for (i = 0; i < sizeof(h1); i++) {
		h1[i] ^= h2[i];
	}
	if (EVP_Q_digest(NULL, "SHA256", NULL, h1, sizeof(h1), value, NULL) != 1) {
		return ipsecapi_fail(EIO, fn, "SHA-256 failed in libcrypto");
	}
	return 0;
}

int ipsecapi_cb_fill(void *itoken, uint16_t type, const char *prefix,
		     const uint8_t value[IPSECAPI_CB_VALUE_LEN], const char *fn)
{
	size_t plen = strlen(prefix);
	bool end_point = type == IPSEC_API_CB_END_POINT;
	/* base64 of 32 octets is 44 characters. */
	char printable[128];
	uint8_t raw[128];
	int n;

	if (plen + 1 + 45 > sizeof(printable) || plen + 1 + IPSECAPI_CB_VALUE_LEN > sizeof(raw)) {
		return ipsecapi_fail(EINVAL, fn, "channel-binding prefix too long");
	}
	memcpy(printable, prefix, plen);
	printable[plen] = ':';
	n = EVP_EncodeBlock((unsigned char *)printable + plen + 1, value, IPSECAPI_CB_VALUE_LEN);
	memcpy(raw, prefix, plen);
	raw[plen] = ':';
	memcpy(raw + plen + 1, value, IPSECAPI_CB_VALUE_LEN);
	if (n <= 0 ||
	    ipsecapi_token_fill(itoken, end_point ? IPSEC_API_ATTR_endPointBinding
						  : IPSEC_API_ATTR_channelBinding,
				(uint32_t)(plen + 1 + (size_t)n + 1), printable) != 0 ||
	    (!end_point && ipsecapi_token_fill(itoken, IPSEC_API_ATTR_channelBindingType,
					       sizeof(type), &type) != 0) ||
	    ipsecapi_token_fill(itoken, end_point ? IPSEC_API_ATTR_endPointBindingData
						  : IPSEC_API_ATTR_channelBindingData,
				(uint32_t)(plen + 1 + IPSECAPI_CB_VALUE_LEN), raw) != 0) {
		return -1;
	}
	return 0;
}
