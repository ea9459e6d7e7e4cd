/* SPDX-License-Identifier: BSD-2-Clause */
/* Small helpers shared by the unit tests (cmocka must be included first). */
#ifndef BTNS_TEST_UTIL_H
#define BTNS_TEST_UTIL_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ipsecapi.h>

#include "token.h"

/* Runs a shell command (ip, sysctl ...); fails the test if it fails. */
static inline void run(const char *cmd)
{
	if (system(cmd) != 0) {
		fail_msg("command failed: %s", cmd);
	}
}

static inline int set_u16(const void *token, uint32_t attr, uint16_t v)
{
	return ipsec_set_token_attr(token, attr, sizeof(v), &v);
}

/* The value of a 2-octet attribute; fails the test if it cannot be read. */
static inline uint16_t get_u16(const void *token, uint32_t attr)
{
	uint16_t v = 0;
	void *buf = &v;
	uint32_t len = sizeof(v);

	assert_int_equal(ipsec_get_token_attr(token, attr, &len, &buf), 0);
	assert_int_equal(len, sizeof(v));
	return v;
}

/* A token's audit string, which the caller frees. */
static inline char *audit_string(const void *token)
{
	void *val = NULL;
	uint32_t len = 0;

	assert_int_equal(ipsec_get_token_attr(token, IPSEC_API_ATTR_auditString, &len, &val), 0);
	return val;
}

/* The audit string of socket fd's pToken, which the caller frees. */
static inline char *socket_audit(int fd)
{
	ipsec_pToken_t p = NULL;
	char *audit;

	if (ipsec_get_socket_pToken(fd, &p) != 0) {
		fail_msg("ipsec_get_socket_pToken: %s", ipsec_last_error());
	}
	audit = audit_string(p);
	ipsec_free_pToken(p);
	return audit;
}

static inline int set_str(const void *token, uint32_t attr, const char *s)
{
	return ipsec_set_token_attr(token, attr, (uint32_t)strlen(s) + 1, s);
}

/* Backend-side setters: read-only attributes included. */
static inline void fill_u16(void *token, uint32_t attr, uint16_t v)
{
	assert_int_equal(ipsecapi_token_fill(token, attr, sizeof(v), &v), 0);
}

static inline void fill_str(void *token, uint32_t attr, const char *s)
{
	assert_int_equal(ipsecapi_token_fill(token, attr, (uint32_t)strlen(s) + 1, s), 0);
}

static inline void fill_bytes(void *token, uint32_t attr, const void *b, uint32_t n)
{
	assert_int_equal(ipsecapi_token_fill(token, attr, n, b), 0);
}

/* Asserts that call failed with -1 and errno err, and that the message of
 * ipsec_last_error() names the failing function and contains needle. */
#define assert_fails(call, err, fn, needle)                                   \
	do {                                                                  \
		errno = 0;                                                    \
		assert_int_equal((call), -1);                                 \
		assert_int_equal(errno, (err));                               \
		assert_non_null(strstr(ipsec_last_error(), fn ": "));         \
		assert_non_null(strstr(ipsec_last_error(), (needle)));        \
	} while (0)

/* A peer identity as the key manager would fill it. */
static inline ipsec_iToken_t make_peer(const char *dn)
{
	static const uint8_t key[] = { 0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70 };
	ipsec_iToken_t it = ipsec_create_iToken();

	assert_non_null(it);
	fill_str(it, IPSEC_API_ATTR_auditString, "peer authenticated by certificate");
	fill_u16(it, IPSEC_API_ATTR_authenticationMethod, IPSEC_API_ATTR_authMeth_PKIX_INLINE);
	fill_str(it, IPSEC_API_ATTR_certificateAuthorityDN, "CN=Test CA");
	fill_str(it, IPSEC_API_ATTR_certificateDN, dn);
	fill_bytes(it, IPSEC_API_ATTR_pubKeyID, key, sizeof(key));
	return it;
}

#endif
