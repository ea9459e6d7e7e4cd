/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Context establishment: krb5 (through the mechglue) with the channel
 * binding in its authenticator, then the acceptor's confirmation.
 *
 *   initiator                                acceptor
 *   INIT(flags, AP-REQ with CB)   ------>    krb5 checks CB (BAD_BINDINGS)
 *                                 <------    ACCEPT(flags, AP-REP, MIC(confirmation))
 *   krb5 checks AP-REP, we check the MIC: both know the binding held and
 *   whether both skip the second encryption (BTNS_FLAG_BRIDGED); if they
 *   do, each takes the starting sequence numbers from krb5's PRF
 *   (bridge_seq.h).
 *
 * krb5's acceptor learns that the bindings matched (CHANNEL_BOUND flag);
 * its initiator never does, hence the confirmation.
 */
#include <gssapi/gssapi_alloc.h>
#include <gssapi/gssapi_krb5.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

#include "bridge_seq.h"
#include "context.h"
#include "cred.h"
#include "mech.h"
#include "minor.h"
#include "btns_token.h"

struct btns_ctx *btns_ctx_new(OM_uint32 *minor, const gss_OID mech, int socket)
{
	struct btns_ctx *ctx = calloc(1, sizeof(*ctx));

	if (ctx == NULL) {
		*minor = BTNS_ERR_NO_MEMORY;
		return NULL;
	}
	ctx->socket = -1;
	if (btns_glue_load(&ctx->glue) != 0) {
		free(ctx);
		*minor = BTNS_ERR_NO_KRB5;
		return NULL;
	}
	if (mech == GSS_C_NO_OID || mech->length > sizeof(ctx->mech_oid) ||
	    (socket >= 0 && (ctx->socket = fcntl(socket, F_DUPFD_CLOEXEC, 0)) < 0)) {
		free(ctx);
		*minor = mech == GSS_C_NO_OID || mech->length > sizeof(ctx->mech_oid)
				 ? BTNS_ERR_BAD_TOKEN
				 : BTNS_ERR_BAD_SOCKET;
		return NULL;
	}
	memcpy(ctx->mech_oid, mech->elements, mech->length);
	ctx->mech.length = mech->length;
	ctx->mech.elements = ctx->mech_oid;
	return ctx;
}

void btns_ctx_free(struct btns_ctx *ctx)
{
	OM_uint32 minor;

	if (ctx == NULL) {
		return;
	}
	if (ctx->krb5 != GSS_C_NO_CONTEXT) {
		ctx->glue.delete_sec_context(&minor, &ctx->krb5, GSS_C_NO_BUFFER);
	}
	if (ctx->target != GSS_C_NO_NAME) {
		ctx->glue.release_name(&minor, &ctx->target);
	}
	if (ctx->socket >= 0) {
		close(ctx->socket);
	}
	btns_channel_clear(&ctx->channel);
	free(ctx);
}

/* krb5's channel bindings: the application's addresses, and as data the
 * context's binding. */
static gss_channel_bindings_t krb5_bindings(const struct btns_ctx *ctx,
					    const gss_channel_bindings_t app,
					    struct gss_channel_bindings_struct *cb)
{
	if (ctx->channel.binding.length == 0 && app == GSS_C_NO_CHANNEL_BINDINGS) {
		return GSS_C_NO_CHANNEL_BINDINGS;
	}
	memset(cb, 0, sizeof(*cb));
	if (app != GSS_C_NO_CHANNEL_BINDINGS) {
		*cb = *app;
	}
	cb->application_data = ctx->channel.binding;
	return cb;
}

/* Both ends skip the second encryption only where both can: the socket
 * latched and protected.  Each direction's sequence numbers start where
 * only the two ends can tell (bridge_seq.h), so that a frame put on the
 * connection blindly is refused.  The latch watch that says when bridging
 * ends is made at the first message (the channel's follower), so
 * establishment does not pay for it. */
static OM_uint32 start_bridge(OM_uint32 *minor, struct btns_ctx *ctx)
{
	OM_uint32 major = btns_bridge_seq_start(minor, ctx);

	if (major != GSS_S_COMPLETE) {
		return major;
	}
	ctx->bridged = true;
	return GSS_S_COMPLETE;
}

static OM_uint32 framed(OM_uint32 *minor, const struct btns_ctx *ctx, const struct btns_token *t,
			gss_buffer_t out)
{
	gss_buffer_desc inner;
	OM_uint32 major, tmp;

	if (btns_token_build(t, &inner) != 0) {
		*minor = BTNS_ERR_NO_MEMORY;
		return GSS_S_FAILURE;
	}
	major = gss_encapsulate_token(&inner, (gss_OID)&ctx->mech, out);
	gss_release_buffer(&tmp, &inner);
	if (GSS_ERROR(major)) {
		*minor = BTNS_ERR_NO_MEMORY;
	}
	return major;
}

static OM_uint32 unframed(OM_uint32 *minor, const gss_buffer_t in, uint8_t type,
			  struct btns_token *t, gss_OID_desc *oid)
{
	gss_buffer_desc inner;

	if (btns_frame_parse(in, oid, &inner) != 0 || btns_token_parse(&inner, t) != 0 ||
	    t->type != type) {
		*minor = BTNS_ERR_BAD_TOKEN;
		return GSS_S_DEFECTIVE_TOKEN;
	}
	return GSS_S_COMPLETE;
}

static OM_uint32 init_first(OM_uint32 *minor, struct btns_cred *cred, struct btns_ctx *ctx,
			    gss_name_t target, OM_uint32 req_flags, OM_uint32 time_req,
			    gss_channel_bindings_t app_cb, gss_buffer_t output)
{
	struct gss_channel_bindings_struct cb;
	gss_buffer_desc k_out = GSS_C_EMPTY_BUFFER;
	struct btns_token t;
	OM_uint32 major, tmp;

	major = btns_channel_make(minor, ctx->socket, app_cb, &ctx->channel);
	if (major == GSS_S_COMPLETE) {
		major = ctx->glue.duplicate_name(minor, target, &ctx->target);
	}
	if (major != GSS_S_COMPLETE) {
		return major;
	}
	/* Mutual authentication always: the confirmation rides on its reply. */
	major = ctx->glue.init_sec_context(minor, cred != NULL ? cred->krb5 : GSS_C_NO_CREDENTIAL,
					   &ctx->krb5, target, (gss_OID)gss_mech_krb5,
					   req_flags | GSS_C_MUTUAL_FLAG, time_req,
					   krb5_bindings(ctx, app_cb, &cb), GSS_C_NO_BUFFER, NULL,
					   &k_out, NULL, NULL);
	if (major != GSS_S_CONTINUE_NEEDED) {
		gss_release_buffer(&tmp, &k_out);
		if (!GSS_ERROR(major)) {
			*minor = BTNS_ERR_BAD_TOKEN; /* krb5 without a reply to come */
			major = GSS_S_FAILURE;
		}
		return major;
	}
	ctx->init_flags = (ctx->channel.ipsec ? BTNS_FLAG_BOUND : 0) |
			  (ctx->channel.can_bridge ? BTNS_FLAG_CAN_BRIDGE : 0);
	memset(&t, 0, sizeof(t));
	t.type = BTNS_TOK_INIT;
	t.flags = ctx->init_flags;
	t.inner = k_out;
	major = framed(minor, ctx, &t, output);
	gss_release_buffer(&tmp, &k_out);
	return GSS_ERROR(major) ? major : GSS_S_CONTINUE_NEEDED;
}

static OM_uint32 init_second(OM_uint32 *minor, struct btns_ctx *ctx, gss_buffer_t input,
			     OM_uint32 *ret_flags)
{
	gss_buffer_desc confirmation, nothing = GSS_C_EMPTY_BUFFER;
	gss_OID_desc oid;
	struct btns_token t;
	OM_uint32 major, tmp, flags = 0;

	major = unframed(minor, input, BTNS_TOK_ACCEPT, &t, &oid);
	if (major != GSS_S_COMPLETE) {
		return major;
	}
	major = ctx->glue.init_sec_context(minor, GSS_C_NO_CREDENTIAL, &ctx->krb5,
					   ctx->target, (gss_OID)gss_mech_krb5, 0, 0,
					   GSS_C_NO_CHANNEL_BINDINGS, &t.inner, NULL, &nothing, &flags,
					   NULL);
	gss_release_buffer(&tmp, &nothing); /* krb5 says no more after the reply */
	if (major != GSS_S_COMPLETE) {
		return GSS_ERROR(major) ? major : (*minor = BTNS_ERR_BAD_TOKEN, GSS_S_FAILURE);
	}
	/* The context's flags as krb5 holds them (its second call reports
	 * only what that call settled). */
	major = ctx->glue.inquire_context(minor, ctx->krb5, NULL, NULL, NULL, NULL, &flags, NULL,
					  NULL);
	if (major != GSS_S_COMPLETE) {
		return major;
	}
	if (btns_confirmation(ctx->init_flags, t.flags, &ctx->channel.binding, &confirmation) != 0) {
		*minor = BTNS_ERR_NO_MEMORY;
		return GSS_S_FAILURE;
	}
	major = ctx->glue.verify_mic(minor, ctx->krb5, &confirmation, &t.mic, NULL);
	gss_release_buffer(&tmp, &confirmation);
	if (major != GSS_S_COMPLETE) {
		*minor = BTNS_ERR_BAD_CONFIRMATION;
		return ctx->channel.binding.length > 0 ? GSS_S_BAD_BINDINGS : GSS_S_DEFECTIVE_TOKEN;
	}
	/* The acceptor confirmed what it bound to; it must be what we did. */
	if ((ctx->init_flags & BTNS_FLAG_BOUND) && !(t.flags & BTNS_FLAG_BOUND)) {
		*minor = BTNS_ERR_NOT_BOUND;
		return GSS_S_BAD_BINDINGS;
	}
	if ((t.flags & BTNS_FLAG_BRIDGED) && !(ctx->init_flags & BTNS_FLAG_CAN_BRIDGE)) {
		*minor = BTNS_ERR_BAD_TOKEN;
		return GSS_S_DEFECTIVE_TOKEN;
	}
	if ((t.flags & BTNS_FLAG_BRIDGED) && start_bridge(minor, ctx) != GSS_S_COMPLETE) {
		return GSS_S_FAILURE;
	}
	ctx->flags = flags | (t.flags & BTNS_FLAG_BOUND ? GSS_C_CHANNEL_BOUND_FLAG : 0);
	ctx->established = true;
	if (ret_flags != NULL) {
		*ret_flags = ctx->flags;
	}
	return GSS_S_COMPLETE;
}

OM_uint32 btns_init_sec_context(OM_uint32 *minor, gss_cred_id_t claimant, gss_ctx_id_t *handle,
				gss_name_t target, gss_OID mech, OM_uint32 req_flags,
				OM_uint32 time_req, gss_channel_bindings_t cb, gss_buffer_t input,
				gss_OID *actual_mech, gss_buffer_t output, OM_uint32 *ret_flags,
				OM_uint32 *time_rec)
{
	struct btns_cred *cred = (struct btns_cred *)claimant;
	struct btns_ctx *ctx = (struct btns_ctx *)*handle;
	OM_uint32 major, tmp;

	*minor = 0;
	output->length = 0;
	output->value = NULL;
	if (ctx == NULL) {
		ctx = btns_ctx_new(minor, mech, cred != NULL ? cred->socket : -1);
		if (ctx == NULL) {
			return GSS_S_FAILURE;
		}
		ctx->initiator = true;
		major = init_first(minor, cred, ctx, target, req_flags, time_req, cb, output);
		if (GSS_ERROR(major)) {
			btns_ctx_free(ctx);
			return major;
		}
		*handle = (gss_ctx_id_t)ctx;
	} else if (!ctx->initiator || ctx->established) {
		*minor = BTNS_ERR_BAD_TOKEN;
		return GSS_S_FAILURE;
	} else {
		major = init_second(minor, ctx, input, ret_flags);
		if (GSS_ERROR(major)) {
			return major; /* the caller deletes the context */
		}
	}
	if (actual_mech != NULL) {
		*actual_mech = &ctx->mech;
	}
	if (time_rec != NULL && ctx->established) {
		ctx->glue.context_time(&tmp, ctx->krb5, time_rec);
	}
	return major;
}

/* The acceptor's flags: what it bound and verified, and whether both may
 * skip the second encryption. */
static uint8_t accept_flags(const struct btns_ctx *ctx, uint8_t init_flags, OM_uint32 k_flags)
{
	uint8_t flags = 0;

	if (ctx->channel.ipsec && (k_flags & GSS_C_CHANNEL_BOUND_FLAG)) {
		flags |= BTNS_FLAG_BOUND;
	}
	if ((flags & BTNS_FLAG_BOUND) && ctx->channel.can_bridge) {
		flags |= BTNS_FLAG_CAN_BRIDGE;
		if (init_flags & BTNS_FLAG_CAN_BRIDGE) {
			flags |= BTNS_FLAG_BRIDGED;
		}
	}
	return flags;
}

OM_uint32 btns_accept_sec_context(OM_uint32 *minor, gss_ctx_id_t *handle, gss_cred_id_t acceptor,
				  gss_buffer_t input, gss_channel_bindings_t app_cb,
				  gss_name_t *src_name, gss_OID *mech, gss_buffer_t output,
				  OM_uint32 *ret_flags, OM_uint32 *time_rec,
				  gss_cred_id_t *delegated)
{
	struct btns_cred *cred = (struct btns_cred *)acceptor;
	struct gss_channel_bindings_struct cb;
	gss_buffer_desc k_out = GSS_C_EMPTY_BUFFER, confirmation, mic = GSS_C_EMPTY_BUFFER;
	gss_cred_id_t k_delegated = GSS_C_NO_CREDENTIAL;
	gss_OID_desc oid;
	struct btns_token t, reply;
	struct btns_ctx *ctx;
	OM_uint32 major, tmp, k_flags = 0;

	*minor = 0;
	output->length = 0;
	output->value = NULL;
	if (delegated != NULL) {
		*delegated = GSS_C_NO_CREDENTIAL;
	}
	if (*handle != GSS_C_NO_CONTEXT) {
		*minor = BTNS_ERR_BAD_TOKEN; /* one round: nothing more to accept */
		return GSS_S_FAILURE;
	}
	major = unframed(minor, input, BTNS_TOK_INIT, &t, &oid);
	if (major != GSS_S_COMPLETE) {
		return major;
	}
	ctx = btns_ctx_new(minor, &oid, cred != NULL ? cred->socket : -1);
	if (ctx == NULL) {
		return GSS_S_FAILURE;
	}
	major = btns_channel_make(minor, ctx->socket, app_cb, &ctx->channel);
	if (major != GSS_S_COMPLETE) {
		goto fail;
	}
	major = ctx->glue.accept_sec_context(minor, &ctx->krb5,
					     cred != NULL ? cred->krb5 : GSS_C_NO_CREDENTIAL,
					     &t.inner, krb5_bindings(ctx, app_cb, &cb), src_name,
					     NULL, &k_out, &k_flags, time_rec,
					     delegated != NULL ? &k_delegated : NULL);
	if (major == GSS_S_BAD_BINDINGS) {
		*minor = BTNS_ERR_BINDING_MISMATCH; /* krb5 leaves it 0 */
	}
	if (major != GSS_S_COMPLETE) {
		if (!GSS_ERROR(major)) {
			*minor = BTNS_ERR_BAD_TOKEN;
			major = GSS_S_FAILURE;
		}
		goto fail;
	}
	/* Bound here means verified: an initiator that sent no binding passes
	 * krb5's check without the flag. */
	if (ctx->channel.ipsec && !(k_flags & GSS_C_CHANNEL_BOUND_FLAG)) {
		*minor = BTNS_ERR_NOT_BOUND;
		major = GSS_S_BAD_BINDINGS;
		goto fail;
	}
	memset(&reply, 0, sizeof(reply));
	reply.type = BTNS_TOK_ACCEPT;
	reply.flags = accept_flags(ctx, t.flags, k_flags);
	reply.inner = k_out;
	if (btns_confirmation(t.flags, reply.flags, &ctx->channel.binding, &confirmation) != 0) {
		*minor = BTNS_ERR_NO_MEMORY;
		major = GSS_S_FAILURE;
		goto fail;
	}
	major = ctx->glue.get_mic(minor, ctx->krb5, GSS_C_QOP_DEFAULT, &confirmation, &mic);
	gss_release_buffer(&tmp, &confirmation);
	if (major != GSS_S_COMPLETE) {
		goto fail;
	}
	reply.mic = mic;
	major = framed(minor, ctx, &reply, output);
	gss_release_buffer(&tmp, &mic);
	if (major != GSS_S_COMPLETE ||
	    ((reply.flags & BTNS_FLAG_BRIDGED) && (major = start_bridge(minor, ctx)) != GSS_S_COMPLETE)) {
		gss_release_buffer(&tmp, output);
		goto fail;
	}
	/* krb5's delegated credential, for the application to act as the
	 * initiator with; through the mechglue, it is a credential of this
	 * mechanism, so it wraps krb5's. */
	if (k_delegated != GSS_C_NO_CREDENTIAL && delegated != NULL) {
		major = btns_cred_around(minor, k_delegated, delegated);
		if (major != GSS_S_COMPLETE) {
			gss_release_buffer(&tmp, output);
			goto fail;
		}
		k_delegated = GSS_C_NO_CREDENTIAL;
	}
	gss_release_buffer(&tmp, &k_out);
	ctx->flags = k_flags;
	ctx->established = true;
	if (ret_flags != NULL) {
		*ret_flags = ctx->flags;
	}
	if (mech != NULL) {
		*mech = &ctx->mech;
	}
	*handle = (gss_ctx_id_t)ctx;
	return GSS_S_COMPLETE;
fail:
	if (k_delegated != GSS_C_NO_CREDENTIAL) {
		ctx->glue.release_cred(&tmp, &k_delegated);
	}
	gss_release_buffer(&tmp, &k_out);
	if (src_name != NULL && *src_name != GSS_C_NO_NAME) {
		ctx->glue.release_name(&tmp, src_name);
	}
	btns_ctx_free(ctx);
	return major;
}
