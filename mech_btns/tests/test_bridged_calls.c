/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_bridged_calls: what bridged contexts answer beyond gss_wrap and
 * gss_unwrap (sec_context.h, iov.h), with the module's parts linked in:
 * contexts established with krb5 from a real KDC (with_kdc.sh), bridged
 * through the stand-in channel and latch, and a pToken that stands in for
 * the socket's (the linker's --wrap of ipsec_get_socket_pToken), whose
 * privacyProtection the test sets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>

#include <ipsecapi.h>

#include "bridged_pair.h"
#include "btns_token.h"
#include "iov.h"
#include "iov_message.h"
#include "message.h"
#include "minor.h"
#include "sec_context.h"
#include "stand_in_latch.h"

/* krb5's SASL SSF for the test KDC's aes256-cts-hmac-sha1-96 session keys. */
#define KRB5_SSF 256

/* ---- The socket's pToken, as the test says it is ---- */

static struct {
	bool fails;
	uint16_t privacy; /* 0: the pToken has no privacyProtection */
	unsigned int asked;
} ptoken;

int __wrap_ipsec_get_socket_pToken(int fd, ipsec_pToken_t *out);

int __wrap_ipsec_get_socket_pToken(int fd, ipsec_pToken_t *out)
{
	ipsec_pToken_t p;

	(void)fd;
	ptoken.asked++;
	if (ptoken.fails) {
		return -1;
	}
	p = ipsec_create_pToken();
	assert_non_null(p);
	if (ptoken.privacy != 0) {
		assert_int_equal(ipsec_set_token_attr(p, IPSEC_API_ATTR_privacyProtection,
						      sizeof(ptoken.privacy), &ptoken.privacy),
				 0);
	}
	*out = p;
	return 0;
}

static int bridged_setup(void **state)
{
	static struct pair p;

	stand_in_latch_says(IPSEC_API_LATCH_ESTABLISHED);
	ptoken.fails = false;
	ptoken.privacy = IPSEC_API_ATTR_LEVEL_HIGH;
	ptoken.asked = 0;
	establish_pair(true, &p);
	*state = &p;
	return 0;
}

static int pair_teardown(void **state)
{
	free_pair(*state);
	return 0;
}

/* ---- Helpers ---- */

/* The SASL SSF that ctx gives: the major status, *ssf if complete. */
static OM_uint32 ssf_of(gss_ctx_id_t ctx, uint32_t *ssf, OM_uint32 *minor)
{
	gss_buffer_set_t set = GSS_C_NO_BUFFER_SET;
	OM_uint32 major, tmp;
	const uint8_t *b;

	major = btns_inquire_sec_context_by_oid(minor, ctx, GSS_C_SEC_CONTEXT_SASL_SSF, &set);
	if (major != GSS_S_COMPLETE) {
		assert_ptr_equal(set, GSS_C_NO_BUFFER_SET);
		return major;
	}
	assert_non_null(set);
	assert_int_equal(set->count, 1);
	assert_int_equal(set->elements[0].length, 4);
	b = set->elements[0].value;
	*ssf = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	gss_release_buffer_set(&tmp, &set);
	return major;
}

static void assert_ssf(gss_ctx_id_t ctx, uint32_t expected)
{
	OM_uint32 minor = 0;
	uint32_t ssf = 0;

	assert_int_equal(ssf_of(ctx, &ssf, &minor), GSS_S_COMPLETE);
	assert_int_equal(ssf, expected);
}

static void iov_release(struct iov_message *m)
{
	OM_uint32 tmp;

	gss_release_iov_buffer(&tmp, m->iov, 4);
}

static void wrap_iov_of(gss_ctx_id_t ctx, struct iov_message *m, const char *text)
{
	OM_uint32 minor = 0;
	int conf = 0;

	assert_int_equal(iov_message_init(m, text), 0);
	assert_int_equal(btns_wrap_iov(&minor, ctx, 1, GSS_C_QOP_DEFAULT, &conf, m->iov, 4),
			 GSS_S_COMPLETE);
	assert_int_equal(conf, 1);
}

static void unwrap_gives(gss_ctx_id_t ctx, gss_buffer_t token, const char *text)
{
	gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
	OM_uint32 minor = 0, tmp;

	assert_int_equal(btns_unwrap(&minor, ctx, token, &out, NULL, NULL), GSS_S_COMPLETE);
	assert_int_equal(out.length, strlen(text));
	assert_memory_equal(out.value, text, out.length);
	gss_release_buffer(&tmp, &out);
}

/* ---- The SASL SSF ---- */

/* Bridged, the SSF is the SA's, from the pToken's privacy level: 128 for
 * LEVEL_MEDIUM (where krb5 would say 256), 256 for LEVEL_HIGH; asked of
 * the socket each time. */
static void ssf_is_the_sa_s(void **state)
{
	struct pair *p = *state;

	ptoken.privacy = IPSEC_API_ATTR_LEVEL_MEDIUM;
	assert_ssf(p->init, 128);
	assert_ssf(p->accept, 128);
	ptoken.privacy = IPSEC_API_ATTR_LEVEL_HIGH;
	assert_ssf(p->init, 256);
	assert_int_equal(ptoken.asked, 3);
}

/* Bridged, a strength that cannot be known is an error, never krb5's
 * figure for an encryption that is not used. */
static void unknown_strength_fails_closed(void **state)
{
	struct pair *p = *state;
	const uint16_t weak[] = { IPSEC_API_ATTR_LEVEL_LOW, IPSEC_API_ATTR_DISABLE, 0 };
	OM_uint32 minor = 0;
	uint32_t ssf = 0;
	size_t i;

	for (i = 0; i < sizeof(weak) / sizeof(weak[0]); i++) {
		ptoken.privacy = weak[i];
		assert_int_equal(ssf_of(p->init, &ssf, &minor), GSS_S_FAILURE);
		assert_int_equal(minor, BTNS_ERR_UNKNOWN_STRENGTH);
	}
	ptoken.fails = true;
	minor = 0;
	assert_int_equal(ssf_of(p->accept, &ssf, &minor), GSS_S_FAILURE);
	assert_int_equal(minor, BTNS_ERR_UNKNOWN_STRENGTH);
	assert_non_null(strstr(btns_minor_message(minor), "strength"));
}

/* A latch that is not ESTABLISHED sends krb5's messages: the SSF is krb5's,
 * and the socket is not asked. */
static void ssf_is_krb5_s_when_the_latch_breaks(void **state)
{
	struct pair *p = *state;

	ptoken.privacy = IPSEC_API_ATTR_LEVEL_MEDIUM;
	stand_in_latch_says(IPSEC_API_LATCH_BROKEN);
	assert_ssf(p->init, KRB5_SSF);
	assert_int_equal(ptoken.asked, 0);
	stand_in_latch_says(IPSEC_API_LATCH_ESTABLISHED);
	assert_ssf(p->init, 128);
}

/* Unbridged, the SSF is krb5's; other questions are krb5's, bridged too:
 * the session key is the same at both ends. */
static void other_answers_are_krb5_s(void **state)
{
	struct pair *p = *state, plain;
	gss_buffer_set_t a = GSS_C_NO_BUFFER_SET, b = GSS_C_NO_BUFFER_SET;
	OM_uint32 minor = 0, tmp;

	establish_pair(false, &plain);
	assert_ssf(plain.init, KRB5_SSF);
	assert_int_equal(ptoken.asked, 0);
	free_pair(&plain);
	assert_int_equal(btns_inquire_sec_context_by_oid(&minor, p->init,
							 GSS_C_INQ_SSPI_SESSION_KEY, &a),
			 GSS_S_COMPLETE);
	assert_int_equal(btns_inquire_sec_context_by_oid(&minor, p->accept,
							 GSS_C_INQ_SSPI_SESSION_KEY, &b),
			 GSS_S_COMPLETE);
	assert_true(a->count >= 1 && b->count >= 1);
	assert_int_equal(a->elements[0].length, 32);
	assert_int_equal(b->elements[0].length, 32);
	assert_memory_equal(a->elements[0].value, b->elements[0].value, 32);
	gss_release_buffer_set(&tmp, &a);
	gss_release_buffer_set(&tmp, &b);
	assert_int_equal(btns_inquire_sec_context_by_oid(&minor, GSS_C_NO_CONTEXT,
							 GSS_C_SEC_CONTEXT_SASL_SSF, &a),
			 GSS_S_NO_CONTEXT);
}

/* ---- The PRF ---- */

static void prf_agrees_at_both_ends(void **state)
{
	struct pair *p = *state;
	gss_buffer_desc label = { .length = 5, .value = (void *)"label" };
	gss_buffer_desc a = GSS_C_EMPTY_BUFFER, b = GSS_C_EMPTY_BUFFER;
	OM_uint32 minor = 0, tmp;

	assert_int_equal(btns_pseudo_random(&minor, p->init, GSS_C_PRF_KEY_FULL, &label, 40, &a),
			 GSS_S_COMPLETE);
	assert_int_equal(btns_pseudo_random(&minor, p->accept, GSS_C_PRF_KEY_FULL, &label, 40, &b),
			 GSS_S_COMPLETE);
	assert_int_equal(a.length, 40);
	assert_int_equal(b.length, 40);
	assert_memory_equal(a.value, b.value, 40);
	gss_release_buffer(&tmp, &a);
	gss_release_buffer(&tmp, &b);
}

/* ---- IOV messages ---- */

/* Bridged, gss_wrap_iov leaves DATA as it is, puts the BRIDGED prefix and
 * sequence number in a 12-octet HEADER, nothing in PADDING and TRAILER:
 * the buffers end to end are gss_wrap's frame, which gss_unwrap takes. */
static void wrap_iov_is_wrap_s_frame(void **state)
{
	struct pair *p = *state;
	struct iov_message m;
	gss_buffer_desc token, frame = GSS_C_EMPTY_BUFFER;
	gss_buffer_desc msg = { .length = 4, .value = (void *)"next" };
	struct btns_token t;
	uint64_t seq = ctx_of(p->init)->send_seq;
	OM_uint32 minor, tmp;

	wrap_iov_of(p->init, &m, "bridged iov");
	assert_int_equal(m.iov[0].buffer.length, BTNS_BRIDGED_HEADER_LEN);
	assert_int_equal(m.iov[2].buffer.length, 0);
	assert_int_equal(m.iov[3].buffer.length, 0);
	assert_memory_equal(m.data, "bridged iov", 11);
	assert_int_equal(iov_message_joined(&m, &token), 0);
	assert_int_equal(btns_token_parse(&token, &t), 0);
	assert_int_equal(t.type, BTNS_TOK_BRIDGED);
	assert_int_equal(t.seq, seq);
	unwrap_gives(p->accept, &token, "bridged iov");
	free(token.value);
	iov_release(&m);
	/* It took a number: gss_wrap goes on from the next. */
	assert_int_equal(btns_wrap(&minor, p->init, 1, GSS_C_QOP_DEFAULT, &msg, NULL, &frame),
			 GSS_S_COMPLETE);
	assert_int_equal(btns_token_parse(&frame, &t), 0);
	assert_int_equal(t.seq, seq + 1);
	unwrap_gives(p->accept, &frame, "next");
	gss_release_buffer(&tmp, &frame);
}

/* gss_wrap's frame unwraps with gss_unwrap_iov, split into HEADER and DATA
 * or whole in a STREAM; gss_wrap_iov's buffers with gss_unwrap_iov. */
static void unwrap_iov_takes_both(void **state)
{
	struct pair *p = *state;
	gss_buffer_desc msg = { .length = 5, .value = (void *)"split" }, frame;
	gss_iov_buffer_desc split[2], stream[2];
	struct iov_message m;
	OM_uint32 minor = 0, tmp;
	int conf = 0;

	assert_int_equal(btns_wrap(&minor, p->accept, 1, GSS_C_QOP_DEFAULT, &msg, NULL, &frame),
			 GSS_S_COMPLETE);
	memset(split, 0, sizeof(split));
	split[0].type = GSS_IOV_BUFFER_TYPE_HEADER;
	split[0].buffer.value = frame.value;
	split[0].buffer.length = BTNS_BRIDGED_HEADER_LEN;
	split[1].type = GSS_IOV_BUFFER_TYPE_DATA;
	split[1].buffer.value = (char *)frame.value + BTNS_BRIDGED_HEADER_LEN;
	split[1].buffer.length = frame.length - BTNS_BRIDGED_HEADER_LEN;
	assert_int_equal(btns_unwrap_iov(&minor, p->init, &conf, NULL, split, 2), GSS_S_COMPLETE);
	assert_int_equal(conf, 1);
	assert_memory_equal(split[1].buffer.value, "split", 5);
	gss_release_buffer(&tmp, &frame);

	msg.value = (void *)"whole";
	assert_int_equal(btns_wrap(&minor, p->accept, 1, GSS_C_QOP_DEFAULT, &msg, NULL, &frame),
			 GSS_S_COMPLETE);
	memset(stream, 0, sizeof(stream));
	stream[0].type = GSS_IOV_BUFFER_TYPE_STREAM;
	stream[0].buffer = frame;
	stream[1].type = GSS_IOV_BUFFER_TYPE_DATA;
	assert_int_equal(btns_unwrap_iov(&minor, p->init, NULL, NULL, stream, 2), GSS_S_COMPLETE);
	assert_int_equal(stream[1].buffer.length, 5);
	assert_memory_equal(stream[1].buffer.value, "whole", 5);
	gss_release_buffer(&tmp, &frame);

	wrap_iov_of(p->init, &m, "iov both ways");
	assert_int_equal(btns_unwrap_iov(&minor, p->accept, NULL, NULL, m.iov, 4), GSS_S_COMPLETE);
	assert_memory_equal(m.iov[1].buffer.value, "iov both ways", 13);
	iov_release(&m);
}

/* Bridged frames over IOVs keep the sequence rules: a replay is a
 * duplicate, a forged number a gap, and neither takes a number. */
static void unwrap_iov_keeps_the_sequence(void **state)
{
	struct pair *p = *state;
	struct iov_message m;
	uint8_t forged[BTNS_BRIDGED_HEADER_LEN];
	OM_uint32 minor = 0;
	uint64_t expected;

	wrap_iov_of(p->init, &m, "once");
	assert_int_equal(btns_unwrap_iov(&minor, p->accept, NULL, NULL, m.iov, 4), GSS_S_COMPLETE);
	expected = ctx_of(p->accept)->recv_seq;
	assert_int_equal(btns_unwrap_iov(&minor, p->accept, NULL, NULL, m.iov, 4),
			 GSS_S_BAD_SIG | GSS_S_DUPLICATE_TOKEN);
	assert_int_equal(minor, BTNS_ERR_OUT_OF_SEQUENCE);
	iov_release(&m);
	btns_token_header_put(BTNS_TOK_BRIDGED, expected + 1, forged); /* one ahead */
	assert_int_equal(iov_message_init(&m, "injected"), 0);
	m.iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER;
	m.iov[0].buffer.value = forged;
	m.iov[0].buffer.length = sizeof(forged);
	/* An error, not only the supplementary GAP_TOKEN: DATA holds what
	 * came, which an application that checks GSS_ERROR() must not take. */
	assert_int_equal(btns_unwrap_iov(&minor, p->accept, NULL, NULL, m.iov, 4),
			 GSS_S_BAD_SIG | GSS_S_GAP_TOKEN);
	assert_int_equal(minor, BTNS_ERR_OUT_OF_SEQUENCE);
	assert_int_equal(ctx_of(p->accept)->recv_seq, expected);
}

/* Hostile buffers: an error, a minor status that says why, no number
 * taken, nothing allocated. */
static void hostile_iovs_are_refused(void **state)
{
	struct pair *p = *state;
	uint8_t header[BTNS_BRIDGED_HEADER_LEN], small[8];
	char text[] = "text";
	gss_iov_buffer_desc iov[4];
	struct iov_message m;
	uint64_t send = ctx_of(p->init)->send_seq, recv = ctx_of(p->accept)->recv_seq;
	OM_uint32 minor = 0;

	/* A HEADER too short, without ALLOCATE. */
	memset(iov, 0, sizeof(iov));
	iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER;
	iov[0].buffer.value = small;
	iov[0].buffer.length = sizeof(small);
	iov[1].type = GSS_IOV_BUFFER_TYPE_DATA;
	iov[1].buffer.value = text;
	iov[1].buffer.length = 4;
	assert_int_equal(btns_wrap_iov(&minor, p->init, 1, GSS_C_QOP_DEFAULT, NULL, iov, 2),
			 GSS_S_FAILURE);
	assert_int_equal(minor, BTNS_ERR_SHORT_BUFFER);
	assert_int_equal(ctx_of(p->init)->send_seq, send);
	/* No HEADER; a STREAM to wrap into; two PADDINGs; an unknown type. */
	assert_int_equal(btns_wrap_iov(&minor, p->init, 1, GSS_C_QOP_DEFAULT, NULL, iov + 1, 1),
			 GSS_S_FAILURE);
	assert_int_equal(minor, BTNS_ERR_BAD_IOV);
	iov[0].type = GSS_IOV_BUFFER_TYPE_STREAM;
	assert_int_equal(btns_wrap_iov(&minor, p->init, 1, GSS_C_QOP_DEFAULT, NULL, iov, 2),
			 GSS_S_FAILURE);
	iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER | GSS_IOV_BUFFER_FLAG_ALLOCATE;
	iov[2].type = iov[3].type = GSS_IOV_BUFFER_TYPE_PADDING | GSS_IOV_BUFFER_FLAG_ALLOCATE;
	assert_int_equal(btns_wrap_iov(&minor, p->init, 1, GSS_C_QOP_DEFAULT, NULL, iov, 4),
			 GSS_S_FAILURE);
	assert_int_equal(minor, BTNS_ERR_BAD_IOV);
	iov[3].type = 0x42;
	assert_int_equal(btns_wrap_iov_length(&minor, p->init, 1, GSS_C_QOP_DEFAULT, NULL, iov, 4),
			 GSS_S_FAILURE);
	assert_ptr_equal(iov[0].buffer.value, small);
	assert_false(iov[0].type & GSS_IOV_BUFFER_FLAG_ALLOCATED);
	assert_int_equal(ctx_of(p->init)->send_seq, send);

	/* A bridged HEADER of the wrong length, or with a TRAILER that holds
	 * something; a STREAM beside two DATA buffers. */
	btns_token_header_put(BTNS_TOK_BRIDGED, recv, header);
	memset(iov, 0, sizeof(iov));
	iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER;
	iov[0].buffer.value = header;
	iov[0].buffer.length = sizeof(header) - 1;
	iov[1].type = GSS_IOV_BUFFER_TYPE_DATA;
	iov[1].buffer.value = text;
	iov[1].buffer.length = 4;
	assert_int_equal(btns_unwrap_iov(&minor, p->accept, NULL, NULL, iov, 2),
			 GSS_S_DEFECTIVE_TOKEN);
	iov[0].buffer.length = sizeof(header);
	iov[2].type = GSS_IOV_BUFFER_TYPE_TRAILER;
	iov[2].buffer.value = small;
	iov[2].buffer.length = 1;
	assert_int_equal(btns_unwrap_iov(&minor, p->accept, NULL, NULL, iov, 3),
			 GSS_S_DEFECTIVE_TOKEN);
	assert_int_equal(minor, BTNS_ERR_BAD_TOKEN);
	iov[0].type = GSS_IOV_BUFFER_TYPE_STREAM;
	iov[2].type = GSS_IOV_BUFFER_TYPE_DATA;
	assert_int_equal(btns_unwrap_iov(&minor, p->accept, NULL, NULL, iov, 3), GSS_S_FAILURE);
	assert_int_equal(minor, BTNS_ERR_BAD_IOV);
	assert_int_equal(ctx_of(p->accept)->recv_seq, recv);
	/* The right header still goes through: nothing was taken. */
	assert_int_equal(btns_unwrap_iov(&minor, p->accept, NULL, NULL, iov + 1, 0), GSS_S_FAILURE);
	wrap_iov_of(p->init, &m, "after the hostile ones");
	assert_int_equal(btns_unwrap_iov(&minor, p->accept, NULL, NULL, m.iov, 4), GSS_S_COMPLETE);
	iov_release(&m);
}

/* A broken latch: gss_wrap_iov falls back to krb5 (the KRB5 prefix, the
 * data encrypted in place), which gss_unwrap_iov and gss_unwrap take;
 * a bridged HEADER is refused.  gss_wrap_iov_length asks for krb5's room
 * either way, which a bridged frame fits. */
static void a_broken_latch_falls_back_to_krb5(void **state)
{
	struct pair *p = *state;
	struct iov_message m, lengths;
	gss_buffer_desc token;
	uint8_t header[BTNS_BRIDGED_HEADER_LEN];
	char text[] = "text";
	gss_iov_buffer_desc bridged[2];
	OM_uint32 minor = 0;
	uint64_t send = ctx_of(p->init)->send_seq;

	assert_int_equal(iov_message_init(&lengths, "while broken"), 0);
	assert_int_equal(btns_wrap_iov_length(&minor, p->init, 1, GSS_C_QOP_DEFAULT, NULL,
					      lengths.iov, 4),
			 GSS_S_COMPLETE);
	assert_true(lengths.iov[0].buffer.length > BTNS_BRIDGED_HEADER_LEN);
	btns_token_header_put(BTNS_TOK_BRIDGED, ctx_of(p->accept)->recv_seq, header);
	stand_in_latch_says(IPSEC_API_LATCH_BROKEN);
	wrap_iov_of(p->init, &m, "while broken");
	assert_int_equal(m.iov[0].buffer.length, lengths.iov[0].buffer.length);
	assert_int_equal(((uint8_t *)m.iov[0].buffer.value)[1], BTNS_TOK_KRB5);
	assert_memory_not_equal(m.data, "while broken", 12);
	assert_int_equal(ctx_of(p->init)->send_seq, send);
	assert_int_equal(iov_message_joined(&m, &token), 0);
	unwrap_gives(p->accept, &token, "while broken");
	free(token.value);
	iov_release(&m);

	wrap_iov_of(p->init, &m, "krb5 iov");
	assert_int_equal(btns_unwrap_iov(&minor, p->accept, NULL, NULL, m.iov, 4), GSS_S_COMPLETE);
	assert_memory_equal(m.iov[1].buffer.value, "krb5 iov", 8);
	iov_release(&m);

	memset(bridged, 0, sizeof(bridged));
	bridged[0].type = GSS_IOV_BUFFER_TYPE_HEADER;
	bridged[0].buffer.value = header;
	bridged[0].buffer.length = sizeof(header);
	bridged[1].type = GSS_IOV_BUFFER_TYPE_DATA;
	bridged[1].buffer.value = text;
	bridged[1].buffer.length = 4;
	assert_int_equal(btns_unwrap_iov(&minor, p->accept, NULL, NULL, bridged, 2), GSS_S_BAD_SIG);
	assert_int_equal(minor, BTNS_ERR_LATCH_BROKEN);
}

/* Unbridged, IOV messages are krb5's behind the prefix, both ways. */
static void unbridged_iovs_are_krb5_s(void **state)
{
	struct pair p;
	struct iov_message m;
	gss_buffer_desc token;
	OM_uint32 minor = 0;

	(void)state;
	establish_pair(false, &p);
	wrap_iov_of(p.accept, &m, "plain iov");
	assert_int_equal(((uint8_t *)m.iov[0].buffer.value)[1], BTNS_TOK_KRB5);
	assert_int_equal(iov_message_joined(&m, &token), 0);
	unwrap_gives(p.init, &token, "plain iov");
	free(token.value);
	iov_release(&m);
	wrap_iov_of(p.accept, &m, "plain iov again");
	assert_int_equal(btns_unwrap_iov(&minor, p.init, NULL, NULL, m.iov, 4), GSS_S_COMPLETE);
	assert_memory_equal(m.iov[1].buffer.value, "plain iov again", 15);
	iov_release(&m);
	free_pair(&p);
}

int main(void)
{
#define BRIDGED(f) cmocka_unit_test_setup_teardown(f, bridged_setup, pair_teardown)
	const struct CMUnitTest tests[] = {
		BRIDGED(ssf_is_the_sa_s),
		BRIDGED(unknown_strength_fails_closed),
		BRIDGED(ssf_is_krb5_s_when_the_latch_breaks),
		BRIDGED(other_answers_are_krb5_s),
		BRIDGED(prf_agrees_at_both_ends),
		BRIDGED(wrap_iov_is_wrap_s_frame),
		BRIDGED(unwrap_iov_takes_both),
		BRIDGED(unwrap_iov_keeps_the_sequence),
		BRIDGED(hostile_iovs_are_refused),
		BRIDGED(a_broken_latch_falls_back_to_krb5),
		cmocka_unit_test(unbridged_iovs_are_krb5_s),
	};
#undef BRIDGED

	return cmocka_run_group_tests(tests, NULL, NULL);
}
