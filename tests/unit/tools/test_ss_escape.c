/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsec-ss's quoting (ss_escape.c): text in double quotes with C-like
 * escapes, and JSON strings, for any octets: valid UTF-8 kept as it is,
 * control characters escaped, and each octet that is not part of valid
 * UTF-8 (overlong forms, surrogates, past U+10FFFF, cut short, a stray
 * continuation) escaped in text and replaced by U+FFFD in JSON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "ss_escape.h"
#include "test_util.h"

static void quoted_is(const char *in, const char *want)
{
	char *got = ss_quoted(in);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void json_is(const char *in, const char *want)
{
	char *got = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&got, &len);

	assert_non_null(out);
	ss_put_json_string(out, in);
	assert_int_equal(fclose(out), 0);
	assert_string_equal(got, want);
	free(got);
}

static void text_is_quoted_and_escaped(void **state)
{
	(void)state;
	quoted_is("", "\"\"");
	quoted_is("Not protected", "\"Not protected\"");
	quoted_is("say \"hi\"\\", "\"say \\\"hi\\\"\\\\\"");
	quoted_is("a\nb\rc\td", "\"a\\nb\\rc\\td\"");
	quoted_is("\x01\x1f\x7f", "\"\\x01\\x1f\\x7f\"");
}

static void text_keeps_valid_utf8_and_escapes_the_rest(void **state)
{
	(void)state;
	quoted_is("CN=J\xc3\xa9r\xc3\xb4me \xe2\x82\xac \xf0\x9f\x98\x80",
		  "\"CN=J\xc3\xa9r\xc3\xb4me \xe2\x82\xac \xf0\x9f\x98\x80\"");
	quoted_is("\xc0\x80", "\"\\xc0\\x80\"");         /* overlong NUL */
	quoted_is("\xe0\x80\xaf", "\"\\xe0\\x80\\xaf\""); /* overlong / */
	quoted_is("\xed\xa0\x80", "\"\\xed\\xa0\\x80\""); /* a surrogate */
	quoted_is("\xf4\x90\x80\x80", "\"\\xf4\\x90\\x80\\x80\""); /* past U+10FFFF */
	quoted_is("\xf5\x80", "\"\\xf5\\x80\"");
	quoted_is("\xe2\x82", "\"\\xe2\\x82\""); /* cut short by the end */
	quoted_is("\xe2\x82x", "\"\\xe2\\x82x\"");
	quoted_is("\x80x\xff", "\"\\x80x\\xff\"");
}

static void json_strings_are_valid_for_any_octets(void **state)
{
	(void)state;
	json_is("", "\"\"");
	json_is("say \"hi\"\\", "\"say \\\"hi\\\"\\\\\"");
	json_is("a\nb\rc\td", "\"a\\nb\\rc\\td\"");
	json_is("\x01\x08\x0c\x1f\x7f", "\"\\u0001\\u0008\\u000c\\u001f\\u007f\"");
	json_is("J\xc3\xa9r\xc3\xb4me \xf0\x9f\x98\x80",
		"\"J\xc3\xa9r\xc3\xb4me \xf0\x9f\x98\x80\"");
	json_is("\xc0\x80", "\"\\ufffd\\ufffd\"");
	json_is("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
	json_is("x\xe2\x82", "\"x\\ufffd\\ufffd\"");
	json_is("\xff", "\"\\ufffd\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_is_quoted_and_escaped),
		cmocka_unit_test(text_keeps_valid_utf8_and_escapes_the_rest),
		cmocka_unit_test(json_strings_are_valid_for_any_octets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
