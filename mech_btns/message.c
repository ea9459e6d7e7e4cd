/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Per-message calls.  On a bridged context, while its latch is
 * ESTABLISHED, gss_wrap() frames the message with a sequence number and
 * no second encryption: the IPsec SA, held by a "require" policy, encrypts
 * and authenticates it.  Otherwise, and as soon as the latch is not
 * ESTABLISHED, gss_wrap() is krb5's; gss_unwrap() then refuses bridged
 * messages, which may have travelled unprotected.  A latch whose state
 * cannot be known counts as broken, for good (channel_follower.h).
 */
#include <gssapi/gssapi_alloc.h>
#include <string.h>

#include "btns_token.h"
#include "channel_follower.h"
#include "mech.h"
#include "message.h"
#include "minor.h"

struct btns_ctx *btns_ctx_established(OM_uint32 *minor, gss_ctx_id_t handle)
{
	struct btns_ctx *ctx = (struct btns_ctx *)handle;

	if (ctx == NULL || !ctx->established) {
		*minor = BTNS_ERR_NOT_ESTABLISHED;
		return NULL;
	}
	return ctx;
}

/* The latch of a bridged context is ESTABLISHED now, after the news that
 * waits. */
static bool latch_holds(struct btns_ctx *ctx)
{
	return btns_channel_follower_latch_holds(ctx->channel.follower);
}

bool btns_bridged_send_now(struct btns_ctx *ctx, gss_qop_t qop)
{
	return ctx->bridged && qop == GSS_C_QOP_DEFAULT && latch_holds(ctx);
}

/* Whether a sequence number that is not the expected one was seen already.
 * Counters start anywhere and wrap at 2^64, so "before" is the half of the
 * number space behind the expected number, modulo 2^64. */
static bool seq_is_behind(uint64_t seq, uint64_t expected)
{
	return seq - expected > UINT64_MAX / 2;
}

OM_uint32 btns_bridged_check(OM_uint32 *minor, struct btns_ctx *ctx, uint64_t seq)
{
	if (!ctx->bridged || !latch_holds(ctx)) {
		*minor = BTNS_ERR_LATCH_BROKEN;
		return GSS_S_BAD_SIG;
	}
	if (seq != ctx->recv_seq) {
		*minor = BTNS_ERR_OUT_OF_SEQUENCE;
		return seq_is_behind(seq, ctx->recv_seq) ? GSS_S_DUPLICATE_TOKEN : GSS_S_GAP_TOKEN;
	}
	return GSS_S_COMPLETE;
}

/* A krb5 token of t's type around what krb5 made in inner. */
static OM_uint32 around(OM_uint32 *minor, uint8_t type, gss_buffer_t inner, gss_buffer_t out)
{
	struct btns_token t;
	OM_uint32 tmp;
	int rc;

	memset(&t, 0, sizeof(t));
	t.type = type;
	t.inner = *inner;
	rc = btns_token_build(&t, out);
	gss_release_buffer(&tmp, inner);
	if (rc != 0) {
		*minor = BTNS_ERR_NO_MEMORY;
		return GSS_S_FAILURE;
	}
	return GSS_S_COMPLETE;
}

OM_uint32 btns_wrap(OM_uint32 *minor, gss_ctx_id_t handle, int conf_req, gss_qop_t qop,
		    gss_buffer_t message, int *conf_state, gss_buffer_t out)
{
	struct btns_ctx *ctx = btns_ctx_established(minor, handle);
	gss_buffer_desc inner = GSS_C_EMPTY_BUFFER;
	struct btns_token t;
	OM_uint32 major;

	out->length = 0;
	out->value = NULL;
	if (ctx == NULL) {
		return GSS_S_NO_CONTEXT;
	}
	if (btns_bridged_send_now(ctx, qop)) {
		memset(&t, 0, sizeof(t));
		t.type = BTNS_TOK_BRIDGED;
		t.seq = ctx->send_seq;
		t.inner = *message;
		if (btns_token_build(&t, out) != 0) {
			*minor = BTNS_ERR_NO_MEMORY;
			return GSS_S_FAILURE;
		}
		ctx->send_seq++; /* wraps at 2^64, as the peer's recv_seq does */
		if (conf_state != NULL) {
			*conf_state = 1; /* the channel's, as the latch holds it */
		}
		return GSS_S_COMPLETE;
	}
	major = ctx->glue.wrap(minor, ctx->krb5, conf_req, qop, message, conf_state, &inner);
	if (major != GSS_S_COMPLETE) {
		return major;
	}
	return around(minor, BTNS_TOK_KRB5, &inner, out);
}

OM_uint32 btns_unwrap(OM_uint32 *minor, gss_ctx_id_t handle, gss_buffer_t in, gss_buffer_t out,
		      int *conf_state, gss_qop_t *qop)
{
	struct btns_ctx *ctx = btns_ctx_established(minor, handle);
	struct btns_token t;
	OM_uint32 major;

	out->length = 0;
	out->value = NULL;
	if (ctx == NULL) {
		return GSS_S_NO_CONTEXT;
	}
	if (btns_token_parse(in, &t) != 0 || (t.type != BTNS_TOK_BRIDGED && t.type != BTNS_TOK_KRB5)) {
		*minor = BTNS_ERR_BAD_TOKEN;
		return GSS_S_DEFECTIVE_TOKEN;
	}
	if (t.type == BTNS_TOK_KRB5) {
		return ctx->glue.unwrap(minor, ctx->krb5, &t.inner, out, conf_state, qop);
	}
	major = btns_bridged_check(minor, ctx, t.seq);
	if (major != GSS_S_COMPLETE) {
		return major;
	}
	if (t.inner.length > 0) {
		out->value = gssalloc_malloc(t.inner.length);
		if (out->value == NULL) {
			*minor = BTNS_ERR_NO_MEMORY;
			return GSS_S_FAILURE;
		}
		memcpy(out->value, t.inner.value, t.inner.length);
		out->length = t.inner.length;
	}
	ctx->recv_seq++;
	if (conf_state != NULL) {
		*conf_state = 1;
	}
	if (qop != NULL) {
		*qop = GSS_C_QOP_DEFAULT;
	}
	return GSS_S_COMPLETE;
}

OM_uint32 btns_get_mic(OM_uint32 *minor, gss_ctx_id_t handle, gss_qop_t qop, gss_buffer_t message,
		       gss_buffer_t out)
{
	struct btns_ctx *ctx = btns_ctx_established(minor, handle);
	gss_buffer_desc inner = GSS_C_EMPTY_BUFFER;
	OM_uint32 major;

	out->length = 0;
	out->value = NULL;
	if (ctx == NULL) {
		return GSS_S_NO_CONTEXT;
	}
	major = ctx->glue.get_mic(minor, ctx->krb5, qop, message, &inner);
	if (major != GSS_S_COMPLETE) {
		return major;
	}
	return around(minor, BTNS_TOK_MIC, &inner, out);
}

OM_uint32 btns_verify_mic(OM_uint32 *minor, gss_ctx_id_t handle, gss_buffer_t message,
			  gss_buffer_t mic, gss_qop_t *qop)
{
	struct btns_ctx *ctx = btns_ctx_established(minor, handle);
	struct btns_token t;

	if (ctx == NULL) {
		return GSS_S_NO_CONTEXT;
	}
	if (btns_token_parse(mic, &t) != 0 || t.type != BTNS_TOK_MIC) {
		*minor = BTNS_ERR_BAD_TOKEN;
		return GSS_S_DEFECTIVE_TOKEN;
	}
	return ctx->glue.verify_mic(minor, ctx->krb5, message, &t.inner, qop);
}

OM_uint32 btns_wrap_size_limit(OM_uint32 *minor, gss_ctx_id_t handle, int conf_req, gss_qop_t qop,
			       OM_uint32 req_output, OM_uint32 *max_input)
{
	struct btns_ctx *ctx = btns_ctx_established(minor, handle);
	OM_uint32 major, krb5_max = 0;

	if (ctx == NULL) {
		return GSS_S_NO_CONTEXT;
	}
	/* The smaller of the two forms, since wrap may fall back to krb5's. */
	major = ctx->glue.wrap_size_limit(minor, ctx->krb5, conf_req, qop,
					  req_output > 4 ? req_output - 4 : 0, &krb5_max);
	*max_input = krb5_max;
	return major;
}
