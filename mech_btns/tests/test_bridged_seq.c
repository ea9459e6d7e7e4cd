/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_bridged_seq: the sequence numbers of bridged contexts
 * (bridge_seq.h, message.c), with the module's parts linked in.
 *
 * A bridged context needs a socket whose IPsec latch holds, which only the
 * test VM has (its gss_bridged scenario).  Here the application's IPsec
 * binding stands for the socket's (stand_in_channel.c) and a stand-in
 * latch always holds (stand_in_latch.h);
 * the rest is real: krb5 against a KDC (with_kdc.sh), the module's
 * establishment, its wrap and its unwrap.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_alloc.h>
#include <gssapi/gssapi_btns.h>

#include "bridge_seq.h"
#include "btns_token.h"
#include "context.h"
#include "export.h"
#include "mech.h"
#include "message.h"
#include "minor.h"
#include "bridged_pair.h"
#include "stand_in_latch.h"


/* ---- What stands in for IPsec, and for a failing krb5 PRF ---- */

OM_uint32 __real_btns_bridge_seq_start(OM_uint32 *minor, struct btns_ctx *ctx);
OM_uint32 __wrap_btns_bridge_seq_start(OM_uint32 *minor, struct btns_ctx *ctx);

static OM_uint32 failing_prf(OM_uint32 *minor, gss_ctx_id_t krb5, int key, const gss_buffer_t in,
			     ssize_t len, gss_buffer_t out)
{
	(void)krb5;
	(void)key;
	(void)in;
	(void)len;
	*minor = 1;
	out->length = 0;
	out->value = NULL;
	return GSS_S_FAILURE;
}

/* Which side's PRF fails during establishment (none, normally). */
static enum { PRF_WORKS, PRF_FAILS_AT_INITIATOR, PRF_FAILS_AT_ACCEPTOR } prf_state;

OM_uint32 __wrap_btns_bridge_seq_start(OM_uint32 *minor, struct btns_ctx *ctx)
{
	if (prf_state == (ctx->initiator ? PRF_FAILS_AT_INITIATOR : PRF_FAILS_AT_ACCEPTOR)) {
		ctx->glue.pseudo_random = failing_prf;
	}
	return __real_btns_bridge_seq_start(minor, ctx);
}

/* ---- Helpers ---- */

/* gss_wrap of text at from, into frame: a BRIDGED frame, whose sequence
 * number it returns. */
static uint64_t wrap_bridged(gss_ctx_id_t from, const char *text, gss_buffer_t frame)
{
	gss_buffer_desc msg = { .length = strlen(text), .value = (void *)text };
	struct btns_token t;
	OM_uint32 minor;
	int conf = 0;

	assert_int_equal(btns_wrap(&minor, from, 1, GSS_C_QOP_DEFAULT, &msg, &conf, frame),
			 GSS_S_COMPLETE);
	assert_int_equal(conf, 1);
	assert_int_equal(btns_token_parse(frame, &t), 0);
	assert_int_equal(t.type, BTNS_TOK_BRIDGED);
	return t.seq;
}

/* gss_unwrap of frame at to gives text back. */
static void unwrap_gives(gss_ctx_id_t to, gss_buffer_t frame, const char *text)
{
	gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
	OM_uint32 minor = 0, tmp;
	int conf = 0;

	assert_int_equal(btns_unwrap(&minor, to, frame, &out, &conf, NULL), GSS_S_COMPLETE);
	assert_int_equal(conf, 1);
	assert_int_equal(out.length, strlen(text));
	assert_memory_equal(out.value, text, out.length);
	gss_release_buffer(&tmp, &out);
}

/* A message from one end to the other; the sequence number it carried. */
static uint64_t send_message(gss_ctx_id_t from, gss_ctx_id_t to, const char *text)
{
	gss_buffer_desc frame = GSS_C_EMPTY_BUFFER;
	OM_uint32 tmp;
	uint64_t seq = wrap_bridged(from, text, &frame);

	unwrap_gives(to, &frame, text);
	gss_release_buffer(&tmp, &frame);
	return seq;
}

/* gss_unwrap of frame at to: refused as out of sequence, nothing given;
 * the major status. */
static OM_uint32 unwrap_refused(gss_ctx_id_t to, gss_buffer_t frame)
{
	gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
	OM_uint32 major, minor = 0;

	major = btns_unwrap(&minor, to, frame, &out, NULL, NULL);
	assert_int_not_equal(major, GSS_S_COMPLETE);
	assert_int_equal(minor, BTNS_ERR_OUT_OF_SEQUENCE);
	assert_int_equal(out.length, 0);
	return major;
}

/* A BRIDGED frame made by someone who knows the format, not the context. */
static void forge(uint64_t seq, const char *text, gss_buffer_t frame)
{
	struct btns_token t;

	memset(&t, 0, sizeof(t));
	t.type = BTNS_TOK_BRIDGED;
	t.seq = seq;
	t.inner.value = (void *)text;
	t.inner.length = strlen(text);
	assert_int_equal(btns_token_build(&t, frame), 0);
}

static OM_uint32 unwrap_forged(gss_ctx_id_t to, uint64_t seq)
{
	gss_buffer_desc frame = GSS_C_EMPTY_BUFFER;
	OM_uint32 major, tmp;

	forge(seq, "injected", &frame);
	major = unwrap_refused(to, &frame);
	gss_release_buffer(&tmp, &frame);
	return major;
}

static void assert_out_of_sequence(OM_uint32 major)
{
	assert_true(major == GSS_S_DUPLICATE_TOKEN || major == GSS_S_GAP_TOKEN);
}

/* ---- The cases ---- */

/* Each direction of each context starts at its own number, not 0. */
static void starts_are_unpredictable(void **state)
{
	struct pair a, b;
	uint64_t a_out, a_back, b_out, b_back;

	(void)state;
	establish_pair(true, &a);
	establish_pair(true, &b);
	a_out = send_message(a.init, a.accept, "to the acceptor");
	a_back = send_message(a.accept, a.init, "to the initiator");
	b_out = send_message(b.init, b.accept, "to the acceptor");
	b_back = send_message(b.accept, b.init, "to the initiator");
	assert_int_not_equal(a_out, 0);
	assert_int_not_equal(a_back, 0);
	assert_int_not_equal(b_out, 0);
	assert_int_not_equal(b_back, 0);
	assert_int_not_equal(a_out, a_back);
	assert_int_not_equal(b_out, b_back);
	assert_int_not_equal(a_out, b_out);
	assert_int_not_equal(a_back, b_back);
	free_pair(&a);
	free_pair(&b);
}

/* Frames with the numbers a fixed start would give are refused, in both
 * directions, and do not disturb the real messages. */
static void guessed_numbers_refused(void **state)
{
	struct pair p;

	(void)state;
	establish_pair(true, &p);
	assert_out_of_sequence(unwrap_forged(p.accept, 0));
	assert_out_of_sequence(unwrap_forged(p.accept, 1));
	assert_out_of_sequence(unwrap_forged(p.init, 0));
	assert_out_of_sequence(unwrap_forged(p.init, 1));
	send_message(p.init, p.accept, "first");
	send_message(p.accept, p.init, "reply");
	assert_out_of_sequence(unwrap_forged(p.accept, 1));
	assert_out_of_sequence(unwrap_forged(p.init, 1));
	free_pair(&p);
}

/* Messages go both ways, one number after another; a replay is a
 * duplicate, a skipped number a gap. */
static void round_trips_both_ways(void **state)
{
	gss_buffer_desc frame = GSS_C_EMPTY_BUFFER, skipped = GSS_C_EMPTY_BUFFER;
	struct pair p;
	uint64_t out[3], back[3], last;
	OM_uint32 tmp;
	int i;

	(void)state;
	establish_pair(true, &p);
	for (i = 0; i < 3; i++) {
		out[i] = send_message(p.init, p.accept, "to the acceptor");
		back[i] = send_message(p.accept, p.init, "to the initiator");
	}
	for (i = 1; i < 3; i++) {
		assert_int_equal(out[i], out[i - 1] + 1);
		assert_int_equal(back[i], back[i - 1] + 1);
	}
	last = wrap_bridged(p.init, "once", &frame);
	unwrap_gives(p.accept, &frame, "once");
	assert_int_equal(unwrap_refused(p.accept, &frame), GSS_S_DUPLICATE_TOKEN);
	gss_release_buffer(&tmp, &frame);
	wrap_bridged(p.init, "lost", &skipped);
	assert_int_equal(wrap_bridged(p.init, "after the lost one", &frame), last + 2);
	assert_int_equal(unwrap_refused(p.accept, &frame), GSS_S_GAP_TOKEN);
	unwrap_gives(p.accept, &skipped, "lost");
	unwrap_gives(p.accept, &frame, "after the lost one");
	gss_release_buffer(&tmp, &frame);
	gss_release_buffer(&tmp, &skipped);
	free_pair(&p);
}

/* A counter that starts near 2^64 wraps to 0 on both ends, and what is
 * behind the expected number across the wrap is a duplicate. */
static void counters_wrap_at_2_64(void **state)
{
	gss_buffer_desc last = GSS_C_EMPTY_BUFFER;
	struct pair p;
	OM_uint32 tmp;

	(void)state;
	establish_pair(true, &p);
	ctx_of(p.init)->send_seq = ctx_of(p.accept)->recv_seq = UINT64_MAX - 1;
	assert_int_equal(send_message(p.init, p.accept, "two before the wrap"), UINT64_MAX - 1);
	assert_int_equal(wrap_bridged(p.init, "just before the wrap", &last), UINT64_MAX);
	unwrap_gives(p.accept, &last, "just before the wrap");
	assert_int_equal(send_message(p.init, p.accept, "after the wrap"), 0);
	assert_int_equal(send_message(p.init, p.accept, "and on"), 1);
	assert_int_equal(unwrap_refused(p.accept, &last), GSS_S_DUPLICATE_TOKEN);
	assert_int_equal(unwrap_forged(p.accept, UINT64_MAX - 1), GSS_S_DUPLICATE_TOKEN);
	assert_int_equal(unwrap_forged(p.accept, 3), GSS_S_GAP_TOKEN);
	send_message(p.init, p.accept, "still in sequence");
	gss_release_buffer(&tmp, &last);
	free_pair(&p);
}

/* A PRF that fails at either end fails the establishment: no context
 * with a known start. */
static void establishment_fails_without_prf(void **state)
{
	struct pair p;

	(void)state;
	prf_state = PRF_FAILS_AT_ACCEPTOR;
	try_establish(true, &p);
	prf_state = PRF_WORKS;
	assert_int_equal(p.accept_major, GSS_S_FAILURE);
	assert_int_equal(p.minor, BTNS_ERR_NO_SEQUENCE_START);
	assert_ptr_equal(p.accept, GSS_C_NO_CONTEXT);
	free_pair(&p);

	prf_state = PRF_FAILS_AT_INITIATOR;
	try_establish(true, &p);
	prf_state = PRF_WORKS;
	assert_int_equal(p.accept_major, GSS_S_COMPLETE);
	assert_int_equal(p.init_major, GSS_S_FAILURE);
	assert_int_equal(p.minor, BTNS_ERR_NO_SEQUENCE_START);
	assert_false(ctx_of(p.init)->established);
	assert_false(ctx_of(p.init)->bridged);
	free_pair(&p);

	assert_true(btns_is_own_minor(BTNS_ERR_NO_SEQUENCE_START));
	assert_non_null(strstr(btns_minor_message(BTNS_ERR_NO_SEQUENCE_START),
			       "gss_pseudo_random"));
}

/* What the PRF was asked, and its fixed answer. */
static int prf_key_asked;
static char prf_label_asked[64];
static ssize_t prf_len_asked;

static OM_uint32 counting_prf(OM_uint32 *minor, gss_ctx_id_t krb5, int key, const gss_buffer_t in,
			      ssize_t len, gss_buffer_t out)
{
	uint8_t *p = gssalloc_malloc(16);
	int i;

	(void)krb5;
	assert_non_null(p);
	assert_true(in->length < sizeof(prf_label_asked));
	prf_key_asked = key;
	memcpy(prf_label_asked, in->value, in->length);
	prf_label_asked[in->length] = '\0';
	prf_len_asked = len;
	for (i = 0; i < 16; i++) {
		p[i] = (uint8_t)i;
	}
	out->value = p;
	out->length = 16;
	*minor = 0;
	return GSS_S_COMPLETE;
}

/* The documented derivation: the label, the full key, 16 octets, the
 * first 8 for the initiator's direction. */
static void derivation_as_documented(void **state)
{
	struct btns_ctx *ctx;
	OM_uint32 minor;
	int initiator;

	(void)state;
	for (initiator = 0; initiator < 2; initiator++) {
		ctx = btns_ctx_new(&minor, GSS_BTNS_MECHANISM, -1);
		assert_non_null(ctx);
		ctx->initiator = initiator;
		ctx->glue.pseudo_random = counting_prf;
		assert_int_equal(btns_bridge_seq_start(&minor, ctx), GSS_S_COMPLETE);
		assert_int_equal(prf_key_asked, GSS_C_PRF_KEY_FULL);
		assert_string_equal(prf_label_asked, "mech_btns bridged sequence numbers v1");
		assert_int_equal(prf_len_asked, 16);
		assert_int_equal(initiator ? ctx->send_seq : ctx->recv_seq, 0x0001020304050607u);
		assert_int_equal(initiator ? ctx->recv_seq : ctx->send_seq, 0x08090a0b0c0d0e0fu);
		btns_ctx_free(ctx);
	}
}

/* A failed PRF leaves the counters as they were and says why. */
static void derivation_failure_keeps_counters(void **state)
{
	struct btns_ctx *ctx;
	OM_uint32 minor;

	(void)state;
	ctx = btns_ctx_new(&minor, GSS_BTNS_MECHANISM, -1);
	assert_non_null(ctx);
	ctx->glue.pseudo_random = failing_prf;
	ctx->send_seq = ctx->recv_seq = 7;
	assert_int_equal(btns_bridge_seq_start(&minor, ctx), GSS_S_FAILURE);
	assert_int_equal(minor, BTNS_ERR_NO_SEQUENCE_START);
	assert_int_equal(ctx->send_seq, 7);
	assert_int_equal(ctx->recv_seq, 7);
	btns_ctx_free(ctx);
}

/* A bridged context stays unexported; a plain one carries its counters
 * (near 2^64 here) through export and import. */
static void export_keeps_counters(void **state)
{
	gss_buffer_desc token = GSS_C_EMPTY_BUFFER;
	struct pair p;
	OM_uint32 minor, tmp;

	(void)state;
	establish_pair(true, &p);
	assert_int_equal(btns_export_sec_context(&minor, &p.init, &token), GSS_S_UNAVAILABLE);
	assert_int_equal(minor, BTNS_ERR_BRIDGED_EXPORT);
	free_pair(&p);

	establish_pair(false, &p);
	ctx_of(p.init)->send_seq = UINT64_MAX;
	ctx_of(p.init)->recv_seq = UINT64_MAX - 1;
	assert_int_equal(btns_export_sec_context(&minor, &p.init, &token), GSS_S_COMPLETE);
	assert_ptr_equal(p.init, GSS_C_NO_CONTEXT);
	assert_int_equal(btns_import_sec_context(&minor, &token, &p.init), GSS_S_COMPLETE);
	gss_release_buffer(&tmp, &token);
	assert_int_equal(ctx_of(p.init)->send_seq, UINT64_MAX);
	assert_int_equal(ctx_of(p.init)->recv_seq, UINT64_MAX - 1);
	free_pair(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(starts_are_unpredictable),
		cmocka_unit_test(guessed_numbers_refused),
		cmocka_unit_test(round_trips_both_ways),
		cmocka_unit_test(counters_wrap_at_2_64),
		cmocka_unit_test(establishment_fails_without_prf),
		cmocka_unit_test(derivation_as_documented),
		cmocka_unit_test(derivation_failure_keeps_counters),
		cmocka_unit_test(export_keeps_counters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
