/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: reading a public key as charon lists it (peer_key.c),
 * a DER certificate or SubjectPublicKeyInfo from whatever listens at the
 * charon.vici socket.  The first octet chooses which.  Beyond "no crash":
 * a key read is the DER SubjectPublicKeyInfo that libcrypto reads back to
 * the same octets, and the names are NUL-terminated text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>

#include "peer_key.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipsecapi_peer_key key;
	const unsigned char *p;
	unsigned char *again = NULL;
	EVP_PKEY *pkey;
	int len;

	if (size < 1 || ipsecapi_peer_key_read(data + 1, size - 1, data[0] & 1, &key, "fuzz") != 0) {
		return 0;
	}
	p = key.spki;
	pkey = d2i_PUBKEY(NULL, &p, (long)key.spki_len);
	len = pkey != NULL ? i2d_PUBKEY(pkey, &again) : -1;
	if (pkey == NULL || p != key.spki + key.spki_len || len != (int)key.spki_len ||
	    memcmp(again, key.spki, key.spki_len) != 0 ||
	    memchr(key.subject, '\0', sizeof(key.subject)) == NULL ||
	    memchr(key.issuer, '\0', sizeof(key.issuer)) == NULL) {
		abort();
	}
	OPENSSL_free(again);
	EVP_PKEY_free(pkey);
	return 0;
}
