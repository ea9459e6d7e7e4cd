/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The broker's protocol (broker_proto.h) and the pToken byte form
 * (token_codec.h): vectors written by hand from the documented formats,
 * round trips of a full pToken (nested iTokens, a selector), and hostile
 * messages refused with the reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "broker_proto.h"
#include "test_util.h"
#include "token_codec.h"

#define PTOK 'p', 'T', 'o', 'k', 0x01

/* SET_SOCKET_PTOKEN: privacyProtection = ENABLE, reqid = 42. */
static const uint8_t set_request[] = {
	0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x13,
	PTOK,
	0x00, 0x11, 0x00, 0x02, 0x02, 0x02,
	0x00, 0x56, 0x00, 0x04, 0x00, 0x00, 0x00, 0x2a,
};

/* ERROR: EACCES (13), "no". */
static const uint8_t error_answer[] = {
	0x01, 0x83, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x0d, 'n', 'o',
};

static const uint8_t get_request[] = { 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 };

/* WATCH_LATCH as 7; UNWATCH_LATCH of 7; LATCH_EVENT: 7 is BROKEN
 * (0x0303); LATCH_STATE: 0x01020304 has no latch (0). */
static const uint8_t watch_request[] = { 0x01, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04,
					 0x00, 0x00, 0x00, 0x07 };
static const uint8_t unwatch_request[] = { 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04,
					   0x00, 0x00, 0x00, 0x07 };
static const uint8_t latch_event[] = { 0x01, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06,
				       0x00, 0x00, 0x00, 0x07, 0x03, 0x03 };
static const uint8_t latch_state[] = { 0x01, 0x85, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06,
				       0x01, 0x02, 0x03, 0x04, 0x00, 0x00 };

static void assert_reencodes(const struct ipsecapi_broker_msg *m, const uint8_t *want, size_t n)
{
	uint8_t out[IPSECAPI_BROKER_MAX_MSG];

	assert_int_equal(ipsecapi_broker_encode(m, out, sizeof(out), "test"), n);
	assert_memory_equal(out, want, n);
}

static void documented_vectors(void **state)
{
	struct ipsecapi_broker_msg m;
	uint32_t reqid = 0, len = sizeof(reqid);
	void *val = &reqid;

	(void)state;
	assert_int_equal(ipsecapi_broker_decode(set_request, sizeof(set_request), true, &m, "t"), 0);
	assert_int_equal(m.type, IPSECAPI_BROKER_SET_SOCKET_PTOKEN);
	assert_int_equal(get_u16(m.ptoken, IPSEC_API_ATTR_privacyProtection), IPSEC_API_ATTR_ENABLE);
	assert_int_equal(ipsec_get_token_attr(m.ptoken, IPSEC_API_ATTR_reqid, &len, &val), 0);
	assert_int_equal(reqid, 42);
	assert_reencodes(&m, set_request, sizeof(set_request));
	ipsecapi_broker_msg_clear(&m);

	assert_int_equal(ipsecapi_broker_decode(error_answer, sizeof(error_answer), false, &m, "t"),
			 0);
	assert_int_equal(m.error, EACCES);
	assert_string_equal(m.message, "no");
	assert_reencodes(&m, error_answer, sizeof(error_answer));
	ipsecapi_broker_msg_clear(&m);

	assert_int_equal(ipsecapi_broker_decode(get_request, sizeof(get_request), true, &m, "t"), 0);
	assert_int_equal(m.type, IPSECAPI_BROKER_GET_SOCKET_PTOKEN);
	assert_reencodes(&m, get_request, sizeof(get_request));
	ipsecapi_broker_msg_clear(&m);
}

static void latch_watch_vectors(void **state)
{
	static const struct {
		const uint8_t *msg;
		size_t len;
		bool from_application;
		uint8_t type;
		uint32_t tag;
		uint16_t state;
		int fds;
	} cases[] = {
		{ .msg = watch_request, .len = sizeof(watch_request), .from_application = true,
		  .type = IPSECAPI_BROKER_WATCH_LATCH, .tag = 7, .state = 0, .fds = 1 },
		{ .msg = unwatch_request, .len = sizeof(unwatch_request), .from_application = true,
		  .type = IPSECAPI_BROKER_UNWATCH_LATCH, .tag = 7, .state = 0, .fds = 0 },
		{ .msg = latch_event, .len = sizeof(latch_event), .from_application = false,
		  .type = IPSECAPI_BROKER_LATCH_EVENT, .tag = 7, .state = IPSEC_API_LATCH_BROKEN,
		  .fds = 0 },
		{ .msg = latch_state, .len = sizeof(latch_state), .from_application = false,
		  .type = IPSECAPI_BROKER_LATCH_STATE, .tag = 0x01020304, .state = 0, .fds = 0 },
	};
	struct ipsecapi_broker_msg m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(ipsecapi_broker_decode(cases[i].msg, cases[i].len,
							cases[i].from_application, &m, "t"),
				 0);
		assert_int_equal(m.type, cases[i].type);
		assert_int_equal(m.tag, cases[i].tag);
		assert_int_equal(m.state, cases[i].state);
		if (cases[i].from_application) {
			assert_int_equal(ipsecapi_broker_fds_of(m.type), cases[i].fds);
		}
		assert_reencodes(&m, cases[i].msg, cases[i].len);
		ipsecapi_broker_msg_clear(&m);
	}
	assert_int_equal(ipsecapi_broker_fds_of(IPSECAPI_BROKER_GET_SOCKET_PTOKEN), 1);
	assert_int_equal(ipsecapi_broker_fds_of(IPSECAPI_BROKER_SET_SOCKET_PTOKEN), 1);
}

/* GET_DATAGRAM_PTOKEN of 192.0.2.1 and 192.0.2.2:443; CHECK_DATAGRAM of
 * 2001:db8::1 and [2001:db8::2]:53 for privacy ENABLE, integrity
 * LEVEL_HIGH. */
#define V4_PADDING 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
static const uint8_t get_datagram[] = {
	0x01, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x24, 0x00, 0x02, 0x01, 0xbb,
	192, 0, 2, 1, V4_PADDING, 192, 0, 2, 2, V4_PADDING,
};
static const uint8_t check_datagram[] = {
	0x01, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x0a, 0x00, 0x35,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
	0x02, 0x02, 0x02, 0x06, 0x00, 0x00, 0x01, 0x2c,
};

static void datagram_vectors(void **state)
{
	struct ipsecapi_broker_msg m;

	(void)state;
	assert_int_equal(ipsecapi_broker_decode(get_datagram, sizeof(get_datagram), true, &m, "t"),
			 0);
	assert_int_equal(m.type, IPSECAPI_BROKER_GET_DATAGRAM_PTOKEN);
	assert_int_equal(m.datagram.family, AF_INET);
	assert_int_equal(m.datagram.remote_port, 443);
	assert_memory_equal(m.datagram.local, ((uint8_t[]){ 192, 0, 2, 1 }), 4);
	assert_memory_equal(m.datagram.remote, ((uint8_t[]){ 192, 0, 2, 2 }), 4);
	assert_int_equal(ipsecapi_broker_fds_of(m.type), 1);
	assert_reencodes(&m, get_datagram, sizeof(get_datagram));
	ipsecapi_broker_msg_clear(&m);

	assert_int_equal(
		ipsecapi_broker_decode(check_datagram, sizeof(check_datagram), true, &m, "t"), 0);
	assert_int_equal(m.type, IPSECAPI_BROKER_CHECK_DATAGRAM);
	assert_int_equal(m.datagram.family, AF_INET6);
	assert_int_equal(m.datagram.remote_port, 53);
	assert_int_equal(m.datagram.remote[15], 2);
	assert_int_equal(m.datagram.privacy, IPSEC_API_ATTR_ENABLE);
	assert_int_equal(m.datagram.integrity, IPSEC_API_ATTR_LEVEL_HIGH);
	assert_int_equal(m.datagram.reqid, 300);
	assert_int_equal(ipsecapi_broker_fds_of(m.type), 1);
	assert_reencodes(&m, check_datagram, sizeof(check_datagram));
	ipsecapi_broker_msg_clear(&m);
}

/* One field of a good datagram request spoilt at a time (the offsets:
 * family 8, port 10, local 12, remote 28, demands 44, reqid 48). */
static void hostile_datagram_requests(void **state)
{
	static const struct {
		const char *name;
		size_t at;
		uint8_t value;
		bool check; /* spoil check_datagram, else get_datagram */
		const char *why;
	} cases[] = {
		{ .name = "family 3", .at = 9, .value = 3, .check = false, .why = "family 3" },
		{ .name = "IPv4 local address with more than 4 octets", .at = 16, .value = 1,
		  .check = false, .why = "do not fit" },
		{ .name = "IPv4 remote address with more than 4 octets", .at = 32, .value = 1,
		  .check = false, .why = "do not fit" },
		{ .name = "privacy 0x0207", .at = 45, .value = 0x07, .check = true,
		  .why = "do not fit" },
		{ .name = "integrity 0x0200", .at = 47, .value = 0x00, .check = true,
		  .why = "do not fit" },
	};
	uint8_t buf[64];
	struct ipsecapi_broker_msg m;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = cases[i].check ? sizeof(check_datagram) : sizeof(get_datagram);
		memcpy(buf, cases[i].check ? check_datagram : get_datagram, n);
		buf[cases[i].at] = cases[i].value;
		if (ipsecapi_broker_decode(buf, n, true, &m, "t") != -1 || errno != EBADMSG ||
		    strstr(ipsec_last_error(), cases[i].why) == NULL) {
			fail_msg("%s: errno %d \"%s\"", cases[i].name, errno, ipsec_last_error());
		}
	}
	/* The body of the other request: one length each. */
	memcpy(buf, check_datagram, sizeof(check_datagram));
	buf[1] = IPSECAPI_BROKER_GET_DATAGRAM_PTOKEN;
	assert_int_equal(ipsecapi_broker_decode(buf, sizeof(check_datagram), true, &m, "t"), -1);
	assert_non_null(strstr(ipsec_last_error(), "a datagram request of 44 octets"));
	memcpy(buf, get_datagram, sizeof(get_datagram));
	buf[1] = IPSECAPI_BROKER_CHECK_DATAGRAM;
	assert_int_equal(ipsecapi_broker_decode(buf, sizeof(get_datagram), true, &m, "t"), -1);
	assert_non_null(strstr(ipsec_last_error(), "a datagram request of 36 octets"));
	/* And none is sent. */
	memset(&m, 0, sizeof(m));
	m.type = IPSECAPI_BROKER_CHECK_DATAGRAM;
	m.datagram.family = AF_INET;
	assert_int_equal(ipsecapi_broker_encode(&m, buf, sizeof(buf), "t"), 0);
	assert_int_equal(errno, EINVAL);
}

/* A pToken as a query fills it: read-only attributes, both iTokens, a
 * selector.  It crosses as an answer and comes back equal. */
static void a_full_ptoken_round_trips(void **state)
{
	static const uint8_t cb[] = "ipsec-sa-unique-v1:0123";
	struct ipsecapi_selector sel = { .family = AF_INET6, .proto = 6, .src_prefixlen = 128,
					 .dst_prefixlen = 128, .src_port = 4433, .dst_port = 50000,
					 .src = { 0x20, 0x01, 0x0d, 0xb8 },
					 .dst = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } };
	ipsec_pToken_t p = ipsec_create_pToken();
	ipsec_iToken_t peer = ipsec_create_iToken(), me = ipsec_create_iToken();
	struct ipsecapi_broker_msg m = { .type = IPSECAPI_BROKER_PTOKEN }, back;
	uint8_t out[IPSECAPI_BROKER_MAX_MSG];
	uint16_t latched = IPSEC_API_LATCH_ESTABLISHED, high = IPSEC_API_ATTR_LEVEL_HIGH;
	size_t n;

	(void)state;
	assert_int_equal(ipsecapi_token_fill(peer, IPSEC_API_ATTR_channelBindingData, sizeof(cb) - 1,
					     cb),
			 0);
	assert_int_equal(ipsecapi_token_fill(peer, IPSEC_API_ATTR_certificateDN, 5, "CN=b"), 0);
	assert_int_equal(ipsecapi_token_fill(me, IPSEC_API_ATTR_certificateDN, 5, "CN=a"), 0);
	assert_int_equal(ipsec_set_token_attr(p, IPSEC_API_ATTR_iToken, sizeof(peer), &peer), 0);
	assert_int_equal(ipsec_set_token_attr(p, IPSEC_API_ATTR_local_iToken, sizeof(me), &me), 0);
	assert_int_equal(ipsecapi_token_fill(p, IPSEC_API_ATTR_latchState, 2, &latched), 0);
	assert_int_equal(ipsecapi_token_fill(p, IPSEC_API_ATTR_privacyProtection, 2, &high), 0);
	assert_int_equal(ipsecapi_token_fill(p, IPSEC_API_ATTR_informationString, 6, "ESP 1"), 0);
	assert_int_equal(ipsecapi_ptoken_set_selector(p, &sel), 0);
	m.ptoken = (struct ipsecapi_token *)p;

	n = ipsecapi_broker_encode(&m, out, sizeof(out), "t");
	assert_true(n > IPSECAPI_BROKER_HEADER_LEN);
	assert_int_equal(ipsecapi_broker_decode(out, n, false, &back, "t"), 0);
	assert_int_equal(ipsec_cmp_pToken(p, (ipsec_pToken_t)back.ptoken), 0);
	assert_int_equal(get_u16(back.ptoken, IPSEC_API_ATTR_latchState),
			 IPSEC_API_LATCH_ESTABLISHED);
	assert_true(back.ptoken->has_selector);
	assert_memory_equal(&back.ptoken->selector, &sel, sizeof(sel));
	assert_reencodes(&back, out, n);
	/* A request may set none of it. */
	out[1] = IPSECAPI_BROKER_SET_SOCKET_PTOKEN;
	assert_int_equal(ipsecapi_broker_decode(out, n, true, &m, "t"), -1);
	assert_int_equal(errno, EBADMSG);
	assert_non_null(strstr(ipsec_last_error(), "that a request may set"));

	ipsecapi_broker_msg_clear(&back);
	ipsec_free_pToken(p);
	ipsec_free_iToken(peer);
	ipsec_free_iToken(me);
}

/* Each message is one field away from a good one. */
static void hostile_messages(void **state)
{
	static const struct {
		const char *name;
		uint8_t msg[32];
		size_t len;
		bool from_application;
		int error;
		const char *why;
	} cases[] = {
		{ .name = "short", .msg = { 0x01, 0x01, 0, 0 }, .len = 4, .from_application = true,
		  .error = EBADMSG, .why = "of 4 octets" },
		{ .name = "version 2", .msg = { 0x02, 0x01, 0, 0, 0, 0, 0, 0 }, .len = 8,
		  .from_application = true, .error = ENOTSUP, .why = "version 2" },
		{ .name = "reserved set", .msg = { 0x01, 0x01, 0, 1, 0, 0, 0, 0 }, .len = 8,
		  .from_application = true, .error = EBADMSG, .why = "header" },
		{ .name = "length too long", .msg = { 0x01, 0x01, 0, 0, 0, 0, 0, 1 }, .len = 8,
		  .from_application = true, .error = EBADMSG, .why = "header" },
		{ .name = "length too short", .msg = { 0x01, 0x01, 0, 0, 0, 0, 0, 0, 0 }, .len = 9,
		  .from_application = true, .error = EBADMSG, .why = "header" },
		{ .name = "huge length", .msg = { 0x01, 0x01, 0, 0, 0xff, 0xff, 0xff, 0xff },
		  .len = 8, .from_application = true, .error = EBADMSG, .why = "header" },
		{ .name = "an answer as a request", .msg = { 0x01, 0x82, 0, 0, 0, 0, 0, 0 },
		  .len = 8, .from_application = true, .error = EBADMSG,
		  .why = "no broker request" },
		{ .name = "a request as an answer", .msg = { 0x01, 0x01, 0, 0, 0, 0, 0, 0 },
		  .len = 8, .from_application = false, .error = EBADMSG,
		  .why = "no broker answer" },
		{ .name = "unknown type", .msg = { 0x01, 0x7f, 0, 0, 0, 0, 0, 0 }, .len = 8,
		  .from_application = true, .error = EBADMSG, .why = "0x7f" },
		{ .name = "GET with a body", .msg = { 0x01, 0x01, 0, 0, 0, 0, 0, 1, 0 }, .len = 9,
		  .from_application = true, .error = EBADMSG, .why = "with a body" },
		{ .name = "SET with an iToken",
		  .msg = { 0x01, 0x02, 0, 0, 0, 0, 0, 5, 'i', 'T', 'o', 'k', 1 }, .len = 13,
		  .from_application = true, .error = EBADMSG, .why = "not an exported pToken" },
		{ .name = "SET with a selector",
		  .msg = { 0x01, 0x02, 0, 0, 0, 0, 0, 9, PTOK, 0x00, 0xff, 0x00, 0x00 }, .len = 17,
		  .from_application = true, .error = EBADMSG, .why = "not a pToken attribute" },
		{ .name = "SET with latchState",
		  .msg = { 0x01, 0x02, 0, 0, 0, 0, 0, 11, PTOK, 0x00, 0x55, 0x00, 0x02, 0x03, 0x02 },
		  .len = 19, .from_application = true, .error = EBADMSG,
		  .why = "that a request may set" },
		{ .name = "error 0", .msg = { 0x01, 0x83, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 'x' },
		  .len = 13, .from_application = false, .error = EBADMSG, .why = "errno 0" },
		{ .name = "error without text", .msg = { 0x01, 0x83, 0, 0, 0, 0, 0, 4, 0, 0, 0, 1 },
		  .len = 12, .from_application = false, .error = EBADMSG, .why = "of 4 octets" },
		{ .name = "WATCH without its tag", .msg = { 0x01, 0x03, 0, 0, 0, 0, 0, 2, 0, 7 },
		  .len = 10, .from_application = true, .error = EBADMSG,
		  .why = "latch message of 2 octets" },
		{ .name = "UNWATCH with a state",
		  .msg = { 0x01, 0x04, 0, 0, 0, 0, 0, 6, 0, 0, 0, 7, 3, 2 }, .len = 14,
		  .from_application = true, .error = EBADMSG, .why = "latch message of 6 octets" },
		{ .name = "an event as a request",
		  .msg = { 0x01, 0x84, 0, 0, 0, 0, 0, 6, 0, 0, 0, 7, 3, 2 }, .len = 14,
		  .from_application = true, .error = EBADMSG, .why = "no broker request" },
		{ .name = "an event without a state",
		  .msg = { 0x01, 0x84, 0, 0, 0, 0, 0, 4, 0, 0, 0, 7 }, .len = 12,
		  .from_application = false, .error = EBADMSG, .why = "latch message of 4 octets" },
		{ .name = "an event of no state",
		  .msg = { 0x01, 0x84, 0, 0, 0, 0, 0, 6, 0, 0, 0, 7, 3, 5 }, .len = 14,
		  .from_application = false, .error = EBADMSG, .why = "0x0305 is no latch state" },
		{ .name = "a state of a constant that is no state",
		  .msg = { 0x01, 0x85, 0, 0, 0, 0, 0, 6, 0, 0, 0, 7, 0, 2 }, .len = 14,
		  .from_application = false, .error = EBADMSG, .why = "0x0002 is no latch state" },
		{ .name = "error with a NUL",
		  .msg = { 0x01, 0x83, 0, 0, 0, 0, 0, 6, 0, 0, 0, 1, 'x', 0 }, .len = 14,
		  .from_application = false, .error = EBADMSG, .why = "a NUL" },
	};
	struct ipsecapi_broker_msg m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		errno = 0;
		if (ipsecapi_broker_decode(cases[i].msg, cases[i].len, cases[i].from_application, &m,
					   "t") != -1 ||
		    errno != cases[i].error || strstr(ipsec_last_error(), cases[i].why) == NULL) {
			fail_msg("%s: errno %d \"%s\"", cases[i].name, errno, ipsec_last_error());
		}
		assert_null(m.ptoken);
	}
}

/* What cannot be sent is not: no type, no pToken, an error without text. */
static void encode_refuses(void **state)
{
	struct ipsecapi_broker_msg m = { 0 };
	uint8_t out[16];

	(void)state;
	m.type = 0x42;
	assert_int_equal(ipsecapi_broker_encode(&m, out, sizeof(out), "t"), 0);
	assert_int_equal(errno, EINVAL);
	m.type = IPSECAPI_BROKER_PTOKEN;
	assert_int_equal(ipsecapi_broker_encode(&m, out, sizeof(out), "t"), 0);
	assert_int_equal(errno, EINVAL);
	m.type = IPSECAPI_BROKER_ERROR;
	m.error = EPERM;
	assert_int_equal(ipsecapi_broker_encode(&m, out, sizeof(out), "t"), 0);
	assert_int_equal(errno, EINVAL);
	strcpy(m.message, "a message too long for 16 octets");
	assert_int_equal(ipsecapi_broker_encode(&m, out, sizeof(out), "t"), 0);
	assert_int_equal(errno, E2BIG);
	memset(&m, 0, sizeof(m));
	m.type = IPSECAPI_BROKER_LATCH_EVENT;
	m.state = 0x0300;
	assert_int_equal(ipsecapi_broker_encode(&m, out, sizeof(out), "t"), 0);
	assert_int_equal(errno, EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(documented_vectors),
		cmocka_unit_test(latch_watch_vectors),
		cmocka_unit_test(datagram_vectors),
		cmocka_unit_test(hostile_datagram_requests),
		cmocka_unit_test(a_full_ptoken_round_trips),
		cmocka_unit_test(hostile_messages),
		cmocka_unit_test(encode_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
