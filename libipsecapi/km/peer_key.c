/* SPDX-License-Identifier: BSD-2-Clause */
/* A public key from a certificate or a raw key (peer_key.h). */
#include <errno.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/x509.h>

#include "core.h"
#include "peer_key.h"

/* name as RFC 4514 text into out: 0, or -1 if it does not fit. */
static int name_text(const X509_NAME *name, char *out, size_t size)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *text;
	long len;
	int rc = -1;

	if (b != NULL && X509_NAME_print_ex(b, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
		len = BIO_get_mem_data(b, &text);
		if (len >= 0 && (size_t)len < size && memchr(text, '\0', (size_t)len) == NULL) {
			memcpy(out, text, (size_t)len);
			out[len] = '\0';
			rc = 0;
		}
	}
	BIO_free(b);
	return rc;
}

/* The DER SubjectPublicKeyInfo of pkey into key: 0, or -1 if too long. */
static int keep_spki(EVP_PKEY *pkey, struct ipsecapi_peer_key *key)
{
	int len = i2d_PUBKEY(pkey, NULL);
	unsigned char *p = key->spki;

	if (len <= 0 || (size_t)len > sizeof(key->spki)) {
		return -1;
	}
	key->spki_len = (size_t)i2d_PUBKEY(pkey, &p);
	return key->spki_len == (size_t)len ? 0 : -1;
}

static int read_cert(const uint8_t *der, size_t len, struct ipsecapi_peer_key *key, const char *fn)
{
	const unsigned char *p = der;
	X509 *cert = d2i_X509(NULL, &p, (long)len);
	int rc = -1;

	if (cert == NULL || p != der + len) {
		ipsecapi_fail(EINVAL, fn, "the IKE daemon listed a certificate that is not DER X.509");
	} else if (X509_get0_pubkey(cert) == NULL) {
		ipsecapi_fail(EINVAL, fn, "a certificate of the IKE daemon has a key that libcrypto "
					  "cannot read");
	} else if (keep_spki(X509_get0_pubkey(cert), key) != 0 ||
		   name_text(X509_get_subject_name(cert), key->subject, sizeof(key->subject)) != 0 ||
		   name_text(X509_get_issuer_name(cert), key->issuer, sizeof(key->issuer)) != 0) {
		ipsecapi_fail(E2BIG, fn, "a certificate of the IKE daemon has a key or name too long");
	} else {
		rc = 0;
	}
	X509_free(cert);
	return rc;
}

static int read_spki(const uint8_t *der, size_t len, struct ipsecapi_peer_key *key, const char *fn)
{
	const unsigned char *p = der;
	EVP_PKEY *pkey = d2i_PUBKEY(NULL, &p, (long)len);
	int rc = -1;

	if (pkey == NULL || p != der + len) {
		ipsecapi_fail(EINVAL, fn, "the IKE daemon listed a public key that is not DER "
					  "SubjectPublicKeyInfo");
	} else if (keep_spki(pkey, key) != 0) {
		ipsecapi_fail(E2BIG, fn, "a public key of the IKE daemon is too long");
	} else {
		rc = 0;
	}
	EVP_PKEY_free(pkey);
	return rc;
}

int ipsecapi_peer_key_read(const uint8_t *der, size_t len, bool cert,
			   struct ipsecapi_peer_key *key, const char *fn)
{
	memset(key, 0, sizeof(*key));
	if (len == 0 || len > (size_t)0x7fffffff) {
		return ipsecapi_fail(EINVAL, fn, "the IKE daemon listed an empty certificate or key");
	}
	return cert ? read_cert(der, len, key, fn) : read_spki(der, len, key, fn);
}
