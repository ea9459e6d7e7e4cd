/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * strongSwan's VICI wire format (vici_msg.h): the encoding example of
 * strongSwan's VICI README, byte for byte, read and written; packets of
 * each type; and malformed messages refused with the reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "ipsecapi.h"
#include "test_util.h"
#include "vici_msg.h"

/* The README's example:  key1 = value1
 *                        section1 = { sub-section = { key2 = value2 }
 *                                     list1 = [ item1, item2 ] } */
static const uint8_t example[] = {
	3, 4, 'k', 'e', 'y', '1', 0, 6, 'v', 'a', 'l', 'u', 'e', '1',
	1, 8, 's', 'e', 'c', 't', 'i', 'o', 'n', '1',
	1, 11, 's', 'u', 'b', '-', 's', 'e', 'c', 't', 'i', 'o', 'n',
	3, 4, 'k', 'e', 'y', '2', 0, 6, 'v', 'a', 'l', 'u', 'e', '2',
	2,
	4, 5, 'l', 'i', 's', 't', '1',
	5, 0, 5, 'i', 't', 'e', 'm', '1',
	5, 0, 5, 'i', 't', 'e', 'm', '2',
	6,
	2,
};

/* A packet of type and name around the example message. */
static size_t packet(uint8_t type, const char *name, const uint8_t *msg, size_t n, uint8_t *out)
{
	size_t at = 0;

	out[at++] = type;
	if (name != NULL) {
		out[at++] = (uint8_t)strlen(name);
		memcpy(out + at, name, strlen(name));
		at += strlen(name);
	}
	memcpy(out + at, msg, n);
	return at + n;
}

static void the_readme_example(void **state)
{
	struct ipsecapi_vici_packet p;
	const struct ipsecapi_vici_section *s1;
	const struct ipsecapi_vici_entry *list;
	struct ipsecapi_vici_writer w;
	uint8_t buf[256];
	size_t n = packet(IPSECAPI_VICI_EVENT, "list-sa", example, sizeof(example), buf);

	(void)state;
	assert_int_equal(ipsecapi_vici_parse(buf, n, &p, "t"), 0);
	assert_int_equal(p.type, IPSECAPI_VICI_EVENT);
	assert_string_equal(p.name, "list-sa");
	assert_string_equal(ipsecapi_vici_get(p.message, "key1"), "value1");
	s1 = ipsecapi_vici_sub(p.message, "section1");
	assert_non_null(s1);
	assert_string_equal(ipsecapi_vici_get(ipsecapi_vici_sub(s1, "sub-section"), "key2"),
			    "value2");
	list = ipsecapi_vici_find(s1, "list1", IPSECAPI_VICI_LIST_START);
	assert_non_null(list);
	assert_int_equal(list->nitems, 2);
	assert_string_equal((char *)list->items[1].data, "item2");
	assert_null(ipsecapi_vici_get(p.message, "section1")); /* a section, not a key */
	assert_null(ipsecapi_vici_sub(p.message, "nothing"));

	/* Written again, element by element: the same octets. */
	assert_int_equal(ipsecapi_vici_begin(&w, IPSECAPI_VICI_EVENT, "list-sa", "t"), 0);
	assert_int_equal(ipsecapi_vici_write_entries(&w, p.message), 0);
	assert_int_equal(ipsecapi_vici_finish(&w), 0);
	assert_int_equal(w.len, 4 + n);
	assert_memory_equal(w.buf, ((uint8_t[]){ 0, 0, 0, (uint8_t)n }), 4);
	assert_memory_equal(w.buf + 4, buf, n);
	ipsecapi_vici_writer_clear(&w);
	ipsecapi_vici_packet_clear(&p);
}

/* Each type, named or not, with or without a message. */
static void packet_types(void **state)
{
	static const struct {
		uint8_t type;
		const char *name;
		bool message;
	} cases[] = {
		{ .type = IPSECAPI_VICI_CMD_REQUEST, .name = "list-sas", .message = true },
		{ .type = IPSECAPI_VICI_CMD_RESPONSE, .name = NULL, .message = true },
		{ .type = IPSECAPI_VICI_CMD_UNKNOWN, .name = NULL, .message = false },
		{ .type = IPSECAPI_VICI_EVENT_REGISTER, .name = "ike-updown", .message = false },
		{ .type = IPSECAPI_VICI_EVENT_UNREGISTER, .name = "ike-updown", .message = false },
		{ .type = IPSECAPI_VICI_EVENT_CONFIRM, .name = NULL, .message = false },
		{ .type = IPSECAPI_VICI_EVENT_UNKNOWN, .name = NULL, .message = false },
		{ .type = IPSECAPI_VICI_EVENT, .name = "child-rekey", .message = true },
	};
	struct ipsecapi_vici_packet p;
	uint8_t buf[256];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = packet(cases[i].type, cases[i].name, example, cases[i].message ? sizeof(example) : 0,
			   buf);
		assert_int_equal(ipsecapi_vici_parse(buf, n, &p, "t"), 0);
		assert_int_equal(p.type, cases[i].type);
		assert_string_equal(p.name, cases[i].name != NULL ? cases[i].name : "");
		assert_int_equal(p.message != NULL, cases[i].message);
		ipsecapi_vici_packet_clear(&p);
		if (!cases[i].message) {
			/* A message where none belongs is refused. */
			n = packet(cases[i].type, cases[i].name, example, sizeof(example), buf);
			assert_int_equal(ipsecapi_vici_parse(buf, n, &p, "t"), -1);
			assert_int_equal(errno, EBADMSG);
		}
	}
}

/* Each a message one element away from a good one. */
static void malformed_messages(void **state)
{
	static const struct {
		const char *name;
		uint8_t msg[24];
		size_t len;
		const char *why;
	} cases[] = {
		{ .name = "section not ended", .msg = { 1, 1, 's' }, .len = 3,
		  .why = "does not end" },
		{ .name = "section end at the root", .msg = { 2 }, .len = 1,
		  .why = "outside any section" },
		{ .name = "list not ended", .msg = { 4, 1, 'l', 5, 0, 1, 'x' }, .len = 7,
		  .why = "list that does not end" },
		{ .name = "key in a list", .msg = { 4, 1, 'l', 3, 1, 'k', 0, 0, 6 }, .len = 9,
		  .why = "other than items" },
		{ .name = "item outside a list", .msg = { 5, 0, 1, 'x' }, .len = 4,
		  .why = "unknown or misplaced" },
		{ .name = "list end outside a list", .msg = { 6 }, .len = 1,
		  .why = "unknown or misplaced" },
		{ .name = "element type 9", .msg = { 9 }, .len = 1, .why = "unknown or misplaced" },
		{ .name = "empty name", .msg = { 3, 0, 0, 0 }, .len = 4, .why = "empty" },
		{ .name = "name cut short", .msg = { 3, 5, 'k' }, .len = 3, .why = "cut short" },
		{ .name = "name with a NUL", .msg = { 3, 2, 'k', 0, 0, 0 }, .len = 6,
		  .why = "has a NUL" },
		{ .name = "value length cut short", .msg = { 3, 1, 'k', 0 }, .len = 4,
		  .why = "length cut short" },
		{ .name = "value cut short", .msg = { 3, 1, 'k', 0, 9, 'v' }, .len = 6,
		  .why = "value cut short" },
	};
	struct ipsecapi_vici_packet p;
	uint8_t buf[64];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = packet(IPSECAPI_VICI_CMD_RESPONSE, NULL, cases[i].msg, cases[i].len, buf);
		errno = 0;
		if (ipsecapi_vici_parse(buf, n, &p, "t") != -1 || errno != EBADMSG ||
		    strstr(ipsec_last_error(), cases[i].why) == NULL) {
			fail_msg("%s: errno %d \"%s\"", cases[i].name, errno, ipsec_last_error());
		}
		assert_null(p.message);
	}
}

/* Bounds: the packet's size, its type, nesting. */
static void bounds(void **state)
{
	static uint8_t deep[1 + 2 * 3 * IPSECAPI_VICI_MAX_DEPTH];
	struct ipsecapi_vici_packet p;
	const uint8_t unknown_type[] = { 8 }, unnamed[] = { IPSECAPI_VICI_EVENT };
	size_t i, n = 0;

	(void)state;
	assert_int_equal(ipsecapi_vici_parse(unknown_type, 1, &p, "t"), -1);
	assert_non_null(strstr(ipsec_last_error(), "type 8"));
	assert_int_equal(ipsecapi_vici_parse(unnamed, 1, &p, "t"), -1);
	assert_int_equal(ipsecapi_vici_parse(unnamed, 0, &p, "t"), -1);
	assert_int_equal(ipsecapi_vici_parse(unnamed, IPSECAPI_VICI_MAX_PACKET + 1, &p, "t"), -1);
	deep[n++] = IPSECAPI_VICI_CMD_RESPONSE;
	for (i = 0; i < IPSECAPI_VICI_MAX_DEPTH; i++) {
		deep[n++] = 1;
		deep[n++] = 1;
		deep[n++] = 's';
	}
	memset(deep + n, 2, IPSECAPI_VICI_MAX_DEPTH);
	n += IPSECAPI_VICI_MAX_DEPTH;
	assert_int_equal(ipsecapi_vici_parse(deep, n, &p, "t"), -1);
	assert_non_null(strstr(ipsec_last_error(), "nested too deep"));
	/* One level less is fine. */
	memmove(deep + 1, deep + 4, n - 4);
	n -= 4;
	assert_int_equal(ipsecapi_vici_parse(deep, n, &p, "t"), 0);
	ipsecapi_vici_packet_clear(&p);
}

/* The writer refuses what the format cannot carry, and after that fails
 * only. */
static void the_writer_refuses(void **state)
{
	struct ipsecapi_vici_writer w;
	static char long_name[300];
	static uint8_t big[70000];

	(void)state;
	memset(long_name, 'n', sizeof(long_name) - 1);
	assert_int_equal(ipsecapi_vici_begin(&w, IPSECAPI_VICI_CMD_REQUEST, long_name, "t"), -1);
	assert_int_equal(errno, EINVAL);
	ipsecapi_vici_writer_clear(&w);

	assert_int_equal(ipsecapi_vici_begin(&w, IPSECAPI_VICI_CMD_REQUEST, "list-sas", "t"), 0);
	assert_int_equal(ipsecapi_vici_key_value(&w, "k", big, sizeof(big)), -1);
	assert_int_equal(ipsecapi_vici_key_value(&w, "k", "v", 1), -1);
	assert_int_equal(ipsecapi_vici_finish(&w), -1);
	ipsecapi_vici_writer_clear(&w);

	assert_int_equal(ipsecapi_vici_begin(&w, IPSECAPI_VICI_CMD_REQUEST, "list-sas", "t"), 0);
	assert_int_equal(ipsecapi_vici_list_start(&w, "l"), 0);
	assert_int_equal(ipsecapi_vici_key_value(&w, "k", "v", 1), -1);
	assert_non_null(strstr(ipsec_last_error(), "out of order"));
	ipsecapi_vici_writer_clear(&w);

	assert_int_equal(ipsecapi_vici_begin(&w, IPSECAPI_VICI_CMD_REQUEST, "list-sas", "t"), 0);
	assert_int_equal(ipsecapi_vici_section_start(&w, "s"), 0);
	assert_int_equal(ipsecapi_vici_finish(&w), -1);
	assert_non_null(strstr(ipsec_last_error(), "not closed"));
	ipsecapi_vici_writer_clear(&w);

	assert_int_equal(ipsecapi_vici_begin(&w, IPSECAPI_VICI_CMD_REQUEST, "list-sas", "t"), 0);
	assert_int_equal(ipsecapi_vici_section_end(&w), -1);
	ipsecapi_vici_writer_clear(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_readme_example),
		cmocka_unit_test(packet_types),
		cmocka_unit_test(malformed_messages),
		cmocka_unit_test(bounds),
		cmocka_unit_test(the_writer_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
