/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_bridged_latch: what the latch does to a bridged context's messages
 * (message.c), with the module's parts linked in.  Two contexts bridged to
 * each other as establishment leaves them, their channels followed through
 * a stand-in latch (stand_in_latch.h), and a krb5 wrap that stands in for
 * krb5's, so that no KDC is needed: while the latch is ESTABLISHED bridged
 * frames go and are taken; a latch that is not, or whose state cannot be
 * known (a failed poll), has gss_wrap() fall back to krb5 and gss_unwrap()
 * refuse bridged frames.
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

#include <ipsecapi.h>

#include "btns_token.h"
#include "context.h"
#include "mech.h"
#include "message.h"
#include "minor.h"
#include "stand_in_latch.h"

#define BINDING "ipsec-sa-unique-v1:0123456789abcdef0123456789abcdef"
#define FIRST_SEQ 0x1234u

/* krb5's wrap, as far as these cases see it: a token of its own. */
static const char krb5_token[] = "krb5 would have encrypted this";

static OM_uint32 stand_in_krb5_wrap(OM_uint32 *minor, gss_ctx_id_t krb5, int conf_req,
				    gss_qop_t qop, gss_buffer_t message, int *conf_state,
				    gss_buffer_t out)
{
	(void)krb5, (void)conf_req, (void)qop, (void)message;
	out->value = gssalloc_malloc(sizeof(krb5_token));
	assert_non_null(out->value);
	memcpy(out->value, krb5_token, sizeof(krb5_token));
	out->length = sizeof(krb5_token);
	if (conf_state != NULL) {
		*conf_state = 1;
	}
	*minor = 0;
	return GSS_S_COMPLETE;
}

/* One end of a bridged context: established, its IPsec channel followed
 * through the stand-in, its counters where the peer's are. */
static struct btns_ctx *bridged_end(void)
{
	struct gss_channel_bindings_struct cb;
	struct btns_ctx *ctx;
	OM_uint32 minor;

	ctx = btns_ctx_new(&minor, GSS_BTNS_MECHANISM, -1);
	assert_non_null(ctx);
	memset(&cb, 0, sizeof(cb));
	cb.application_data.value = (void *)BINDING;
	cb.application_data.length = strlen(BINDING);
	assert_int_equal(btns_channel_make(&minor, -1, &cb, &ctx->channel), GSS_S_COMPLETE);
	stand_in_latch_follow(&ctx->channel);
	ctx->glue.wrap = stand_in_krb5_wrap;
	ctx->established = ctx->bridged = true;
	ctx->send_seq = ctx->recv_seq = FIRST_SEQ;
	return ctx;
}

struct pair {
	struct btns_ctx *from, *to;
};

static int make_pair(void **state)
{
	static struct pair p;

	stand_in_latch_says(IPSEC_API_LATCH_ESTABLISHED);
	p.from = bridged_end();
	p.to = bridged_end();
	stand_in_latch_asked();
	*state = &p;
	return 0;
}

static int free_pair(void **state)
{
	struct pair *p = *state;

	btns_ctx_free(p->from);
	btns_ctx_free(p->to);
	return 0;
}

/* gss_wrap of text: the type of the token it made. */
static uint8_t wrapped_type(struct btns_ctx *ctx, const char *text, gss_buffer_t token)
{
	gss_buffer_desc msg = { .length = strlen(text), .value = (void *)text };
	struct btns_token t;
	OM_uint32 minor;
	int conf = 0;

	assert_int_equal(btns_wrap(&minor, (gss_ctx_id_t)ctx, 1, GSS_C_QOP_DEFAULT, &msg, &conf,
				   token),
			 GSS_S_COMPLETE);
	assert_int_equal(conf, 1);
	assert_int_equal(btns_token_parse(token, &t), 0);
	return t.type;
}

/* A bridged frame of text, wrapped while the latch holds. */
static void bridged_frame(struct btns_ctx *ctx, const char *text, gss_buffer_t frame)
{
	assert_int_equal(wrapped_type(ctx, text, frame), BTNS_TOK_BRIDGED);
}

/* gss_wrap of text falls back to krb5's: nothing leaves without
 * encryption. */
static void assert_wrap_falls_back_to_krb5(struct btns_ctx *ctx, const char *text)
{
	gss_buffer_desc token = GSS_C_EMPTY_BUFFER;
	OM_uint32 tmp;
	uint64_t seq = ctx->send_seq;

	assert_int_equal(wrapped_type(ctx, text, &token), BTNS_TOK_KRB5);
	assert_int_equal(ctx->send_seq, seq);
	gss_release_buffer(&tmp, &token);
}

static void assert_unwrap_gives(struct btns_ctx *ctx, gss_buffer_t frame, const char *text)
{
	gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
	OM_uint32 minor = 0, tmp;
	int conf = 0;

	assert_int_equal(btns_unwrap(&minor, (gss_ctx_id_t)ctx, frame, &out, &conf, NULL),
			 GSS_S_COMPLETE);
	assert_int_equal(conf, 1);
	assert_int_equal(out.length, strlen(text));
	assert_memory_equal(out.value, text, out.length);
	gss_release_buffer(&tmp, &out);
}

/* gss_unwrap of a bridged frame is refused because of the latch: nothing
 * given, the sequence where it was, and a minor status that says why. */
static void assert_unwrap_refused_for_the_latch(struct btns_ctx *ctx, gss_buffer_t frame)
{
	gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
	OM_uint32 minor = 0;
	uint64_t seq = ctx->recv_seq;

	assert_int_equal(btns_unwrap(&minor, (gss_ctx_id_t)ctx, frame, &out, NULL, NULL),
			 GSS_S_BAD_SIG);
	assert_int_equal(minor, BTNS_ERR_LATCH_BROKEN);
	assert_true(btns_is_own_minor(minor));
	assert_non_null(strstr(btns_minor_message(minor), "latch is not ESTABLISHED"));
	assert_int_equal(out.length, 0);
	assert_int_equal(ctx->recv_seq, seq);
}

/* ---- The cases ---- */

/* ESTABLISHED: bridged frames go both ways and are taken; each message
 * asks the latch, and not before the first. */
static void an_established_latch_carries_bridged_frames(void **state)
{
	struct pair *p = *state;
	gss_buffer_desc frame = GSS_C_EMPTY_BUFFER;
	OM_uint32 tmp;

	assert_int_equal(stand_in_latch_asked(), 0);
	bridged_frame(p->from, "to the acceptor", &frame);
	assert_unwrap_gives(p->to, &frame, "to the acceptor");
	gss_release_buffer(&tmp, &frame);
	bridged_frame(p->to, "to the initiator", &frame);
	assert_unwrap_gives(p->from, &frame, "to the initiator");
	gss_release_buffer(&tmp, &frame);
	assert_int_equal(stand_in_latch_asked(), 4);
}

/* BROKEN: a frame made before the break is refused, with
 * BTNS_ERR_LATCH_BROKEN, and the sender falls back to krb5.  A latch that
 * is ESTABLISHED again (RFC 5660 allows it) carries bridged frames again,
 * the refused one included: the refusal took no sequence number. */
static void a_broken_latch_refuses_bridged_frames(void **state)
{
	struct pair *p = *state;
	gss_buffer_desc frame = GSS_C_EMPTY_BUFFER;
	OM_uint32 tmp;

	bridged_frame(p->from, "before the break", &frame);
	stand_in_latch_says(IPSEC_API_LATCH_BROKEN);
	assert_unwrap_refused_for_the_latch(p->to, &frame);
	assert_wrap_falls_back_to_krb5(p->from, "during the break");

	stand_in_latch_says(IPSEC_API_LATCH_ESTABLISHED);
	assert_unwrap_gives(p->to, &frame, "before the break");
	gss_release_buffer(&tmp, &frame);
	bridged_frame(p->from, "mended", &frame);
	assert_unwrap_gives(p->to, &frame, "mended");
	gss_release_buffer(&tmp, &frame);
}

/* A failed poll: the state cannot be known, and the context fails closed,
 * for good: refused and krb5's, even once the watch answers ESTABLISHED
 * again. */
static void an_unknown_latch_fails_closed_for_good(void **state)
{
	struct pair *p = *state;
	gss_buffer_desc frame = GSS_C_EMPTY_BUFFER;
	OM_uint32 tmp;

	bridged_frame(p->from, "before the failure", &frame);
	stand_in_latch_fails();
	assert_unwrap_refused_for_the_latch(p->to, &frame);
	assert_wrap_falls_back_to_krb5(p->from, "during the failure");

	stand_in_latch_says(IPSEC_API_LATCH_ESTABLISHED);
	assert_unwrap_refused_for_the_latch(p->to, &frame);
	assert_wrap_falls_back_to_krb5(p->from, "after the failure");
	gss_release_buffer(&tmp, &frame);
}

/* A context that did not bridge never asks the latch, and takes no
 * bridged frame. */
static void a_context_that_did_not_bridge_does_not_ask(void **state)
{
	struct pair *p = *state;
	gss_buffer_desc frame = GSS_C_EMPTY_BUFFER;
	OM_uint32 tmp;

	bridged_frame(p->from, "bridged", &frame);
	stand_in_latch_asked();
	p->to->bridged = false;
	assert_unwrap_refused_for_the_latch(p->to, &frame);
	assert_wrap_falls_back_to_krb5(p->to, "not bridged");
	assert_int_equal(stand_in_latch_asked(), 0);
	gss_release_buffer(&tmp, &frame);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(an_established_latch_carries_bridged_frames,
						make_pair, free_pair),
		cmocka_unit_test_setup_teardown(a_broken_latch_refuses_bridged_frames, make_pair,
						free_pair),
		cmocka_unit_test_setup_teardown(an_unknown_latch_fails_closed_for_good, make_pair,
						free_pair),
		cmocka_unit_test_setup_teardown(a_context_that_did_not_bridge_does_not_ask,
						make_pair, free_pair),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
