/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdlib.h>
#include <string.h>

#include "null_suites.h"

/* The NULL suites with forward secrecy and a certificate (HMAC-SHA1). */
static const char null_suites[] = "ECDHE-ECDSA-NULL-SHA:ECDHE-RSA-NULL-SHA";

bool tls_bridge_is_null_cipher(const SSL_CIPHER *c)
{
	return c != NULL && SSL_CIPHER_get_cipher_nid(c) == NID_undef;
}

/* A cipher of TLS 1.3, whose suites SSL_set_cipher_list() does not take. */
static bool is_tls13(const SSL_CIPHER *c)
{
	return (SSL_CIPHER_get_protocol_id(c) >> 8) == 0x13;
}

int tls_bridge_add_null_suites(SSL *ssl, bool first)
{
	STACK_OF(SSL_CIPHER) *list = SSL_get_ciphers(ssl);
	size_t need = sizeof(null_suites) + 1;
	char *spec, *p;
	int i, rc;

	for (i = 0; i < sk_SSL_CIPHER_num(list); i++) {
		need += strlen(SSL_CIPHER_get_name(sk_SSL_CIPHER_value(list, i))) + 1;
	}
	spec = malloc(need);
	if (spec == NULL) {
		return -1;
	}
	p = first ? stpcpy(spec, null_suites) : spec;
	for (i = 0; i < sk_SSL_CIPHER_num(list); i++) {
		const SSL_CIPHER *c = sk_SSL_CIPHER_value(list, i);

		if (is_tls13(c) || tls_bridge_is_null_cipher(c)) {
			continue;
		}
		if (p != spec) {
			*p++ = ':';
		}
		p = stpcpy(p, SSL_CIPHER_get_name(c));
	}
	if (!first) {
		if (p != spec) {
			*p++ = ':';
		}
		stpcpy(p, null_suites);
	}
	rc = SSL_set_cipher_list(ssl, spec) == 1 ? 0 : -1;
	free(spec);
	return rc;
}
