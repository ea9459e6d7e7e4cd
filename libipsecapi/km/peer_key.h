/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A public key as the IKE daemon holds it for an identity: from an X.509
 * certificate (with its subject and issuer) or a raw key (a DER
 * SubjectPublicKeyInfo, as strongSwan lists a configured key).  The key
 * is kept as DER SubjectPublicKeyInfo: the iToken's pubKeyID and the
 * input of the end-point channel binding.
 */
#ifndef IPSECAPI_PEER_KEY_H
#define IPSECAPI_PEER_KEY_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

/* Large enough for an RSA key of 16384 bits. */
#define IPSECAPI_SPKI_MAX 2200

struct ipsecapi_peer_key {
	uint8_t spki[IPSECAPI_SPKI_MAX];
	size_t spki_len;
	char subject[512]; /* the certificate's, RFC 4514; "" for a raw key */
	char issuer[512];
};

/* Reads a DER certificate (cert true) or a DER SubjectPublicKeyInfo into
 * *key: 0, or -1 with the error recorded for fn (EINVAL: not one, or
 * with bytes after it; E2BIG: a key or name longer than *key holds). */
int ipsecapi_peer_key_read(const uint8_t *der, size_t len, bool cert,
			   struct ipsecapi_peer_key *key, const char *fn);

#endif
