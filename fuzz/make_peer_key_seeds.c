/* SPDX-License-Identifier: BSD-2-Clause */
/* Writes seed inputs for the peer-key fuzzer into the directory given: a
 * certificate (first octet 1) and a raw key (0), of an EC and an RSA key,
 * as charon lists them. */
#include <stdio.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "seed_file.h"

/* A self-signed certificate of key, "CN=seed,O=BTNS test". */
static X509 *certificate_of(EVP_PKEY *key)
{
	X509 *x = X509_new();
	X509_NAME *name = X509_NAME_new();

	if (x == NULL || name == NULL ||
	    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, (const unsigned char *)"BTNS test",
				       -1, -1, 0) != 1 ||
	    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"seed", -1,
				       -1, 0) != 1 ||
	    X509_set_version(x, X509_VERSION_3) != 1 ||
	    ASN1_INTEGER_set(X509_get_serialNumber(x), 1) != 1 ||
	    X509_gmtime_adj(X509_getm_notBefore(x), 0) == NULL ||
	    X509_gmtime_adj(X509_getm_notAfter(x), 3600) == NULL ||
	    X509_set_subject_name(x, name) != 1 || X509_set_issuer_name(x, name) != 1 ||
	    X509_set_pubkey(x, key) != 1 || X509_sign(x, key, EVP_sha256()) <= 0) {
		X509_free(x);
		x = NULL;
	}
	X509_NAME_free(name);
	return x;
}

static int seeds_of(const char *dir, const char *kind, EVP_PKEY *key)
{
	static const unsigned char raw_key = 0, certificate = 1; /* the seed's first octet */
	unsigned char *spki = NULL, *cert = NULL;
	X509 *x = key != NULL ? certificate_of(key) : NULL;
	char name[64];
	int rc = -1, nspki = 0, ncert = 0;

	if (x != NULL) {
		nspki = i2d_PUBKEY(key, &spki);
		ncert = i2d_X509(x, &cert);
	}
	if (nspki > 0 && ncert > 0) {
		snprintf(name, sizeof(name), "%s-raw-key", kind);
		rc = seed_file_write(dir, name, &raw_key, 1, spki, (size_t)nspki);
		snprintf(name, sizeof(name), "%s-certificate", kind);
		rc |= seed_file_write(dir, name, &certificate, 1, cert, (size_t)ncert);
	}
	OPENSSL_free(spki);
	OPENSSL_free(cert);
	X509_free(x);
	EVP_PKEY_free(key);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: make_peer_key_seeds DIR\n");
		return 2;
	}
	if (seeds_of(argv[1], "ec", EVP_EC_gen("P-256")) != 0 ||
	    seeds_of(argv[1], "rsa", EVP_RSA_gen(2048)) != 0) {
		fprintf(stderr, "make_peer_key_seeds: cannot make the seeds\n");
		return 1;
	}
	return 0;
}
