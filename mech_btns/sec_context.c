/* SPDX-License-Identifier: BSD-2-Clause */
#include "channel_follower.h"
#include "mech.h"
#include "message.h"
#include "minor.h"
#include "sa_strength.h"
#include "sec_context.h"

static OM_uint32 bridged_ssf(OM_uint32 *minor, const struct btns_ctx *ctx,
			     gss_buffer_set_t *data)
{
	uint32_t ssf = btns_sa_ssf(btns_channel_follower_latched_socket(ctx->channel.follower));
	uint8_t octets[4] = { (uint8_t)(ssf >> 24), (uint8_t)(ssf >> 16), (uint8_t)(ssf >> 8),
			      (uint8_t)ssf };
	gss_buffer_desc value = { .length = sizeof(octets), .value = octets };
	OM_uint32 major, tmp;

	if (ssf == 0) {
		*minor = BTNS_ERR_UNKNOWN_STRENGTH;
		return GSS_S_FAILURE;
	}
	major = gss_add_buffer_set_member(minor, &value, data);
	if (major != GSS_S_COMPLETE) {
		gss_release_buffer_set(&tmp, data);
		*minor = BTNS_ERR_NO_MEMORY;
	}
	return major;
}

OM_uint32 btns_inquire_sec_context_by_oid(OM_uint32 *minor, gss_ctx_id_t handle,
					  const gss_OID desired, gss_buffer_set_t *data)
{
	struct btns_ctx *ctx = btns_ctx_established(minor, handle);

	*data = GSS_C_NO_BUFFER_SET;
	if (ctx == NULL) {
		return GSS_S_NO_CONTEXT;
	}
	if (desired != GSS_C_NO_OID && gss_oid_equal(desired, GSS_C_SEC_CONTEXT_SASL_SSF) &&
	    btns_bridged_send_now(ctx, GSS_C_QOP_DEFAULT)) {
		return bridged_ssf(minor, ctx, data);
	}
	return ctx->glue.inquire_sec_context_by_oid(minor, ctx->krb5, desired, data);
}

OM_uint32 btns_pseudo_random(OM_uint32 *minor, gss_ctx_id_t handle, int key,
			     const gss_buffer_t in, ssize_t out_len, gss_buffer_t out)
{
	struct btns_ctx *ctx = btns_ctx_established(minor, handle);

	if (ctx == NULL) {
		out->length = 0;
		out->value = NULL;
		return GSS_S_NO_CONTEXT;
	}
	return ctx->glue.pseudo_random(minor, ctx->krb5, key, in, out_len, out);
}
