/* SPDX-License-Identifier: BSD-2-Clause */
/* ipsec_export_iToken() and ipsec_import_iToken(): the byte form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "test_util.h"

#define HEADER 'i', 'T', 'o', 'k', 0x01

/* Written by hand from the format in the man page and itoken_codec.c:
 * authenticationMethod = PKIX_TRUSTED, certificateDN = "CN=x",
 * authMeth_BTNS = DISABLE. */
static const uint8_t vector[] = {
	HEADER,
	0x00, 0x02, 0x00, 0x02, 0x01, 0x08,
	0x00, 0x04, 0x00, 0x04, 'C', 'N', '=', 'x',
	0x01, 0x02, 0x00, 0x02, 0x02, 0x01,
};

static void import_reads_the_documented_format(void **state)
{
	ipsec_iToken_t it = NULL;
	char dn[8];
	void *val = dn;
	uint32_t len = sizeof(dn);
	uint8_t out[64];
	void *outp = out;
	uint32_t outlen = sizeof(out);

	(void)state;
	assert_int_equal(ipsec_import_iToken(vector, sizeof(vector), &it), 0);
	assert_int_equal(get_u16(it, IPSEC_API_ATTR_authenticationMethod),
			 IPSEC_API_ATTR_authMeth_PKIX_TRUSTED);
	assert_int_equal(ipsec_get_token_attr(it, IPSEC_API_ATTR_certificateDN, &len, &val), 0);
	assert_int_equal(len, 5);
	assert_string_equal(dn, "CN=x");
	assert_int_equal(get_u16(it, IPSEC_API_ATTR_authMeth_BTNS), IPSEC_API_ATTR_DISABLE);
	assert_int_equal(get_u16(it, IPSEC_API_ATTR_authMeth_EAP), IPSEC_API_ATTR_ANY);
	assert_fails(ipsec_get_token_attr(it, IPSEC_API_ATTR_pubKeyID, &len, NULL), ENOENT,
		     "ipsec_get_token_attr", "pubKeyID");

	assert_int_equal(ipsec_export_iToken(it, &outlen, &outp), 0);
	assert_int_equal(outlen, sizeof(vector));
	assert_memory_equal(out, vector, sizeof(vector));
	ipsec_free_iToken(it);
}

static void export_is_canonical_and_round_trips(void **state)
{
	ipsec_iToken_t a = make_peer("CN=peer"), b = make_peer("CN=peer"), back = NULL;
	void *bytes_a = NULL, *bytes_b = NULL, *bytes_back = NULL;
	uint32_t la = 0, lb = 0, lback = 0;

	(void)state;
	fill_str(a, IPSEC_API_ATTR_channelBinding, "ipsec-end-point:xyz");
	fill_u16(a, IPSEC_API_ATTR_channelBindingType, IPSEC_API_CB_END_POINT);
	fill_bytes(a, IPSEC_API_ATTR_channelBindingData, "\0\1\2", 3);
	assert_int_equal(set_u16(a, IPSEC_API_ATTR_authMeth_GROUPKEY, IPSEC_API_ATTR_DISABLE), 0);
	assert_int_equal(set_u16(a, IPSEC_API_ATTR_authMeth_PKIX_OFFLINE, IPSEC_API_ATTR_ENABLE), 0);
	/* The same identity, its other attributes set in another order and
	 * with an explicit ANY. */
	assert_int_equal(set_u16(b, IPSEC_API_ATTR_authMeth_PKIX_OFFLINE, IPSEC_API_ATTR_ENABLE), 0);
	assert_int_equal(set_u16(b, IPSEC_API_ATTR_authMeth_XAUTH, IPSEC_API_ATTR_ANY), 0);
	assert_int_equal(set_u16(b, IPSEC_API_ATTR_authMeth_GROUPKEY, IPSEC_API_ATTR_DISABLE), 0);
	fill_bytes(b, IPSEC_API_ATTR_channelBindingData, "\0\1\2", 3);
	fill_u16(b, IPSEC_API_ATTR_channelBindingType, IPSEC_API_CB_END_POINT);
	fill_str(b, IPSEC_API_ATTR_channelBinding, "ipsec-end-point:xyz");
	assert_int_equal(ipsec_export_iToken(a, &la, &bytes_a), 0);
	assert_int_equal(ipsec_export_iToken(b, &lb, &bytes_b), 0);
	assert_int_equal(la, lb);
	assert_memory_equal(bytes_a, bytes_b, la);

	assert_int_equal(ipsec_import_iToken(bytes_a, la, &back), 0);
	assert_int_equal(ipsec_cmp_iToken(a, back), 0);
	assert_int_equal(ipsec_export_iToken(back, &lback, &bytes_back), 0);
	assert_int_equal(lback, la);
	assert_memory_equal(bytes_back, bytes_a, la);
	free(bytes_a);
	free(bytes_b);
	free(bytes_back);
	ipsec_free_iToken(a);
	ipsec_free_iToken(b);
	ipsec_free_iToken(back);
}

static void export_follows_the_buffer_rules(void **state)
{
	ipsec_iToken_t it = ipsec_create_iToken();
	ipsec_pToken_t p = ipsec_create_pToken();
	uint8_t buf[8];
	void *val = buf;
	uint32_t len = 0;

	(void)state;
	fill_str(it, IPSEC_API_ATTR_certificateDN, "CN=x");
	assert_int_equal(ipsec_export_iToken(it, &len, NULL), 0);
	assert_int_equal(len, 5 + 4 + 4);
	len = sizeof(buf);
	memset(buf, 0xee, sizeof(buf));
	assert_fails(ipsec_export_iToken(it, &len, &val), ERANGE, "ipsec_export_iToken",
		     "13 are needed");
	assert_int_equal(len, 13);
	assert_int_equal(buf[0], 0xee);
	assert_fails(ipsec_export_iToken(it, NULL, &val), EINVAL, "ipsec_export_iToken",
		     "no length argument");
	assert_fails(ipsec_export_iToken((ipsec_iToken_t)p, &len, &val), EINVAL,
		     "ipsec_export_iToken", "a pToken was given");
	assert_fails(ipsec_export_iToken(NULL, &len, &val), EINVAL, "ipsec_export_iToken", "NULL");

	/* An empty iToken is its header. */
	ipsec_free_iToken(it);
	it = ipsec_create_iToken();
	assert_int_equal(ipsec_export_iToken(it, &len, NULL), 0);
	assert_int_equal(len, 5);
	ipsec_free_iToken(it);
	ipsec_free_pToken(p);
}

struct bad_input {
	const char *why;
	uint8_t bytes[24];
	uint32_t len;
	int err;
	const char *message;
};

static const struct bad_input bad_inputs[] = {
	{ .why = "empty", .bytes = { 0 }, .len = 0, .err = EBADMSG,
	  .message = "not an exported iToken" },
	{ .why = "short header", .bytes = { 'i', 'T', 'o', 'k' }, .len = 4, .err = EBADMSG,
	  .message = "not an exported iToken" },
	{ .why = "wrong magic", .bytes = { 'p', 'T', 'o', 'k', 1 }, .len = 5, .err = EBADMSG,
	  .message = "not an exported iToken" },
	{ .why = "future version", .bytes = { 'i', 'T', 'o', 'k', 2 }, .len = 5, .err = ENOTSUP,
	  .message = "version 2 is not supported" },
	{ .why = "version 0", .bytes = { 'i', 'T', 'o', 'k', 0 }, .len = 5, .err = ENOTSUP,
	  .message = "version 0" },
	{ .why = "truncated entry header", .bytes = { HEADER, 0x00, 0x02, 0x00 }, .len = 8,
	  .err = EBADMSG, .message = "truncated entry header at offset 5" },
	{ .why = "value overruns", .bytes = { HEADER, 0x00, 0x04, 0x00, 0x05, 'C', 'N' }, .len = 11,
	  .err = EBADMSG, .message = "overruns the buffer" },
	{ .why = "unknown type", .bytes = { HEADER, 0x00, 0x07, 0x00, 0x01, 'x' }, .len = 10,
	  .err = EBADMSG, .message = "0x0007 is not an iToken attribute" },
	{ .why = "pToken attribute", .bytes = { HEADER, 0x00, 0x11, 0x00, 0x02, 0x02, 0x02 },
	  .len = 11, .err = EBADMSG, .message = "0x0011 is not an iToken attribute" },
	{ .why = "repeated",
	  .bytes = { HEADER, 0x00, 0x04, 0x00, 0x01, 'a', 0x00, 0x04, 0x00, 0x01, 'b' }, .len = 15,
	  .err = EBADMSG, .message = "certificateDN is repeated or out of order" },
	{ .why = "out of order",
	  .bytes = { HEADER, 0x00, 0x04, 0x00, 0x01, 'a', 0x00, 0x03, 0x00, 0x01, 'b' }, .len = 15,
	  .err = EBADMSG, .message = "certificateAuthorityDN is repeated or out of order" },
	{ .why = "u16 of 3 octets", .bytes = { HEADER, 0x00, 0x02, 0x00, 0x03, 0x01, 0x08, 0x00 },
	  .len = 12, .err = EBADMSG, .message = "authenticationMethod has length 3" },
	{ .why = "method that is no method",
	  .bytes = { HEADER, 0x00, 0x02, 0x00, 0x02, 0x02, 0x02 }, .len = 11, .err = EBADMSG,
	  .message = "authenticationMethod cannot be ENABLE" },
	{ .why = "explicit ANY", .bytes = { HEADER, 0x01, 0x02, 0x00, 0x02, 0x02, 0x03 }, .len = 11,
	  .err = EBADMSG, .message = "authMeth_BTNS is ANY" },
	{ .why = "level for a method", .bytes = { HEADER, 0x01, 0x02, 0x00, 0x02, 0x02, 0x06 },
	  .len = 11, .err = EBADMSG, .message = "authMeth_BTNS cannot be LEVEL_HIGH" },
	{ .why = "NUL inside a string", .bytes = { HEADER, 0x00, 0x04, 0x00, 0x03, 'a', 0x00, 'b' },
	  .len = 12, .err = EBADMSG, .message = "only NUL" },
	{ .why = "empty bytes", .bytes = { HEADER, 0x00, 0x05, 0x00, 0x00 }, .len = 9,
	  .err = EBADMSG, .message = "outside 1..65535" },
	{ .why = "trailing octet", .bytes = { HEADER, 0x00, 0x04, 0x00, 0x01, 'a', 0x00 },
	  .len = 11, .err = EBADMSG, .message = "truncated entry header at offset 10" },
};

static void import_refuses_malformed_input(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_inputs) / sizeof(bad_inputs[0]); i++) {
		const struct bad_input *b = &bad_inputs[i];
		ipsec_iToken_t it = (ipsec_iToken_t)&it; /* must stay as it is */

		print_message("%s\n", b->why);
		assert_fails(ipsec_import_iToken(b->bytes, b->len, &it), b->err,
			     "ipsec_import_iToken", b->message);
		assert_ptr_equal(it, &it);
	}
}

static void import_takes_the_limits(void **state)
{
	static const uint8_t empty_string[] = { HEADER, 0x00, 0x04, 0x00, 0x00 };
	size_t n = 5 + 4 + 65535;
	uint8_t *big = malloc(n);
	ipsec_iToken_t it = NULL;
	uint32_t len = 0;

	(void)state;
	assert_non_null(big);
	assert_int_equal(ipsec_import_iToken(empty_string, sizeof(empty_string), &it), 0);
	assert_int_equal(ipsec_get_token_attr(it, IPSEC_API_ATTR_certificateDN, &len, NULL), 0);
	assert_int_equal(len, 1);
	ipsec_free_iToken(it);

	/* Bytes may be 65535 octets; a string only 65534 (its NUL makes 65535). */
	memcpy(big, "iTok\x01\x00\x05\xff\xff", 9);
	memset(big + 9, 'k', 65535);
	assert_int_equal(ipsec_import_iToken(big, (uint32_t)n, &it), 0);
	assert_int_equal(ipsec_get_token_attr(it, IPSEC_API_ATTR_pubKeyID, &len, NULL), 0);
	assert_int_equal(len, 65535);
	ipsec_free_iToken(it);
	big[6] = 0x04; /* the same octets as certificateDN */
	assert_fails(ipsec_import_iToken(big, (uint32_t)n, &it), EBADMSG, "ipsec_import_iToken",
		     "outside 1..65535");
	big[8] = 0xfe;
	assert_int_equal(ipsec_import_iToken(big, (uint32_t)n - 1, &it), 0);
	assert_int_equal(ipsec_get_token_attr(it, IPSEC_API_ATTR_certificateDN, &len, NULL), 0);
	assert_int_equal(len, 65535);
	ipsec_free_iToken(it);
	free(big);
}

static void import_refuses_null_arguments(void **state)
{
	ipsec_iToken_t it = NULL;

	(void)state;
	assert_fails(ipsec_import_iToken(NULL, 5, &it), EINVAL, "ipsec_import_iToken", "buf is NULL");
	assert_fails(ipsec_import_iToken(vector, sizeof(vector), NULL), EINVAL,
		     "ipsec_import_iToken", "it is NULL");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(import_reads_the_documented_format),
		cmocka_unit_test(export_is_canonical_and_round_trips),
		cmocka_unit_test(export_follows_the_buffer_rules),
		cmocka_unit_test(import_refuses_malformed_input),
		cmocka_unit_test(import_takes_the_limits),
		cmocka_unit_test(import_refuses_null_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
