/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The entry points that MIT's mechglue looks up in the module, by their
 * ordinary GSS-API names: thin wrappers around the module's functions.
 * Names are the mechglue's own (krb5's), so the name calls forward to it.
 */
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_alloc.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>
#include <string.h>

#include <gssapi/gssapi_btns.h>

#include "context.h"
#include "cred.h"
#include "export.h"
#include "iov.h"
#include "mech.h"
#include "message.h"
#include "minor.h"
#include "name.h"
#include "sec_context.h"

#define EXPORT __attribute__((visibility("default")))

/* The mechglue's functions for a call that has no context or credential
 * of the module's to carry them. */
static const struct btns_glue *glue_or_fail(OM_uint32 *minor, struct btns_glue *glue)
{
	if (btns_glue_load(glue) != 0) {
		*minor = BTNS_ERR_NO_KRB5;
		return NULL;
	}
	return glue;
}

EXPORT OM_uint32 gss_acquire_cred_from(OM_uint32 *minor, gss_name_t desired_name,
				       OM_uint32 time_req, gss_OID_set desired_mechs,
				       gss_cred_usage_t usage, gss_const_key_value_set_t store,
				       gss_cred_id_t *cred, gss_OID_set *actual_mechs,
				       OM_uint32 *time_rec)
{
	(void)desired_mechs;
	if (actual_mechs != NULL) {
		*actual_mechs = GSS_C_NO_OID_SET;
	}
	return btns_acquire_cred(minor, desired_name, time_req, usage, store, cred, time_rec);
}

EXPORT OM_uint32 gss_acquire_cred(OM_uint32 *minor, gss_name_t desired_name, OM_uint32 time_req,
				  gss_OID_set desired_mechs, gss_cred_usage_t usage,
				  gss_cred_id_t *cred, gss_OID_set *actual_mechs, OM_uint32 *time_rec)
{
	return gss_acquire_cred_from(minor, desired_name, time_req, desired_mechs, usage,
				     GSS_C_NO_CRED_STORE, cred, actual_mechs, time_rec);
}

EXPORT OM_uint32 gss_release_cred(OM_uint32 *minor, gss_cred_id_t *cred)
{
	*minor = 0;
	btns_cred_free((struct btns_cred *)*cred);
	*cred = GSS_C_NO_CREDENTIAL;
	return GSS_S_COMPLETE;
}

EXPORT OM_uint32 gss_inquire_cred(OM_uint32 *minor, gss_cred_id_t handle, gss_name_t *name,
				  OM_uint32 *lifetime, gss_cred_usage_t *usage,
				  gss_OID_set *mechs)
{
	struct btns_cred *cred = (struct btns_cred *)handle;

	if (mechs != NULL) {
		*mechs = GSS_C_NO_OID_SET;
	}
	if (cred == NULL) {
		*minor = BTNS_ERR_NOT_ESTABLISHED;
		return GSS_S_NO_CRED;
	}
	return cred->glue.inquire_cred(minor, cred->krb5, name, lifetime, usage, NULL);
}

EXPORT OM_uint32 gss_init_sec_context(OM_uint32 *minor, gss_cred_id_t claimant,
				      gss_ctx_id_t *ctx, gss_name_t target, gss_OID mech,
				      OM_uint32 req_flags, OM_uint32 time_req,
				      gss_channel_bindings_t cb, gss_buffer_t input,
				      gss_OID *actual_mech, gss_buffer_t output,
				      OM_uint32 *ret_flags, OM_uint32 *time_rec)
{
	return btns_init_sec_context(minor, claimant, ctx, target, mech, req_flags, time_req, cb,
				     input, actual_mech, output, ret_flags, time_rec);
}

EXPORT OM_uint32 gss_accept_sec_context(OM_uint32 *minor, gss_ctx_id_t *ctx,
					gss_cred_id_t acceptor, gss_buffer_t input,
					gss_channel_bindings_t cb, gss_name_t *src_name,
					gss_OID *mech, gss_buffer_t output, OM_uint32 *ret_flags,
					OM_uint32 *time_rec, gss_cred_id_t *delegated)
{
	return btns_accept_sec_context(minor, ctx, acceptor, input, cb, src_name, mech, output,
				       ret_flags, time_rec, delegated);
}

EXPORT OM_uint32 gss_delete_sec_context(OM_uint32 *minor, gss_ctx_id_t *ctx, gss_buffer_t token)
{
	*minor = 0;
	if (token != GSS_C_NO_BUFFER) {
		token->length = 0;
		token->value = NULL;
	}
	btns_ctx_free((struct btns_ctx *)*ctx);
	*ctx = GSS_C_NO_CONTEXT;
	return GSS_S_COMPLETE;
}

EXPORT OM_uint32 gss_context_time(OM_uint32 *minor, gss_ctx_id_t handle, OM_uint32 *time_rec)
{
	struct btns_ctx *ctx = (struct btns_ctx *)handle;

	if (ctx == NULL || !ctx->established) {
		*minor = BTNS_ERR_NOT_ESTABLISHED;
		return GSS_S_NO_CONTEXT;
	}
	return ctx->glue.context_time(minor, ctx->krb5, time_rec);
}

EXPORT OM_uint32 gss_inquire_context(OM_uint32 *minor, gss_ctx_id_t handle, gss_name_t *src,
				     gss_name_t *targ, OM_uint32 *lifetime, gss_OID *mech,
				     OM_uint32 *flags, int *locally_initiated, int *open)
{
	struct btns_ctx *ctx = (struct btns_ctx *)handle;
	OM_uint32 major;

	if (ctx == NULL) {
		*minor = BTNS_ERR_NOT_ESTABLISHED;
		return GSS_S_NO_CONTEXT;
	}
	major = ctx->glue.inquire_context(minor, ctx->krb5, src, targ, lifetime, NULL, NULL,
					  locally_initiated, open);
	if (mech != NULL) {
		*mech = &ctx->mech;
	}
	if (flags != NULL) {
		*flags = ctx->flags;
	}
	if (open != NULL) {
		*open = ctx->established;
	}
	return major;
}

EXPORT OM_uint32 gss_export_sec_context(OM_uint32 *minor, gss_ctx_id_t *ctx, gss_buffer_t token)
{
	return btns_export_sec_context(minor, ctx, token);
}

EXPORT OM_uint32 gss_import_sec_context(OM_uint32 *minor, gss_buffer_t token, gss_ctx_id_t *ctx)
{
	return btns_import_sec_context(minor, token, ctx);
}

EXPORT OM_uint32 gss_wrap(OM_uint32 *minor, gss_ctx_id_t ctx, int conf_req, gss_qop_t qop,
			  gss_buffer_t message, int *conf_state, gss_buffer_t out)
{
	return btns_wrap(minor, ctx, conf_req, qop, message, conf_state, out);
}

EXPORT OM_uint32 gss_unwrap(OM_uint32 *minor, gss_ctx_id_t ctx, gss_buffer_t in, gss_buffer_t out,
			    int *conf_state, gss_qop_t *qop)
{
	return btns_unwrap(minor, ctx, in, out, conf_state, qop);
}

EXPORT OM_uint32 gss_get_mic(OM_uint32 *minor, gss_ctx_id_t ctx, gss_qop_t qop,
			     gss_buffer_t message, gss_buffer_t mic)
{
	return btns_get_mic(minor, ctx, qop, message, mic);
}

EXPORT OM_uint32 gss_verify_mic(OM_uint32 *minor, gss_ctx_id_t ctx, gss_buffer_t message,
				gss_buffer_t mic, gss_qop_t *qop)
{
	return btns_verify_mic(minor, ctx, message, mic, qop);
}

EXPORT OM_uint32 gss_wrap_size_limit(OM_uint32 *minor, gss_ctx_id_t ctx, int conf_req,
				     gss_qop_t qop, OM_uint32 req_output, OM_uint32 *max_input)
{
	return btns_wrap_size_limit(minor, ctx, conf_req, qop, req_output, max_input);
}

EXPORT OM_uint32 gss_wrap_iov(OM_uint32 *minor, gss_ctx_id_t ctx, int conf_req, gss_qop_t qop,
			      int *conf_state, gss_iov_buffer_desc *iov, int count)
{
	return btns_wrap_iov(minor, ctx, conf_req, qop, conf_state, iov, count);
}

EXPORT OM_uint32 gss_unwrap_iov(OM_uint32 *minor, gss_ctx_id_t ctx, int *conf_state,
				gss_qop_t *qop, gss_iov_buffer_desc *iov, int count)
{
	return btns_unwrap_iov(minor, ctx, conf_state, qop, iov, count);
}

EXPORT OM_uint32 gss_wrap_iov_length(OM_uint32 *minor, gss_ctx_id_t ctx, int conf_req,
				     gss_qop_t qop, int *conf_state, gss_iov_buffer_desc *iov,
				     int count)
{
	return btns_wrap_iov_length(minor, ctx, conf_req, qop, conf_state, iov, count);
}

EXPORT OM_uint32 gss_inquire_sec_context_by_oid(OM_uint32 *minor, const gss_ctx_id_t ctx,
						const gss_OID desired, gss_buffer_set_t *data)
{
	return btns_inquire_sec_context_by_oid(minor, ctx, desired, data);
}

EXPORT OM_uint32 gss_pseudo_random(OM_uint32 *minor, gss_ctx_id_t ctx, int key,
				   const gss_buffer_t in, ssize_t out_len, gss_buffer_t out)
{
	return btns_pseudo_random(minor, ctx, key, in, out_len, out);
}

EXPORT OM_uint32 gss_import_name(OM_uint32 *minor, gss_buffer_t buffer, gss_OID type,
				 gss_name_t *name)
{
	struct btns_glue glue;

	return glue_or_fail(minor, &glue) ? btns_import_name(minor, &glue, buffer, type, name)
					  : GSS_S_FAILURE;
}

EXPORT OM_uint32 gss_export_name(OM_uint32 *minor, const gss_name_t name, gss_buffer_t out)
{
	struct btns_glue glue;

	return glue_or_fail(minor, &glue) ? btns_export_name(minor, &glue, name, out)
					  : GSS_S_FAILURE;
}

EXPORT OM_uint32 gss_localname(OM_uint32 *minor, const gss_name_t name, gss_const_OID mech,
			       gss_buffer_t out)
{
	struct btns_glue glue;

	(void)mech;
	return glue_or_fail(minor, &glue) ? btns_localname(minor, &glue, name, out)
					  : GSS_S_FAILURE;
}

EXPORT OM_uint32 gss_release_name(OM_uint32 *minor, gss_name_t *name)
{
	struct btns_glue glue;

	return glue_or_fail(minor, &glue) ? glue.release_name(minor, name) : GSS_S_FAILURE;
}

EXPORT OM_uint32 gss_display_name(OM_uint32 *minor, gss_name_t name, gss_buffer_t out,
				  gss_OID *type)
{
	struct btns_glue glue;

	return glue_or_fail(minor, &glue) ? glue.display_name(minor, name, out, type)
					  : GSS_S_FAILURE;
}

EXPORT OM_uint32 gss_compare_name(OM_uint32 *minor, gss_name_t a, gss_name_t b, int *equal)
{
	struct btns_glue glue;

	return glue_or_fail(minor, &glue) ? glue.compare_name(minor, a, b, equal) : GSS_S_FAILURE;
}

EXPORT OM_uint32 gss_duplicate_name(OM_uint32 *minor, const gss_name_t in, gss_name_t *out)
{
	struct btns_glue glue;

	return glue_or_fail(minor, &glue) ? glue.duplicate_name(minor, in, out) : GSS_S_FAILURE;
}

EXPORT OM_uint32 gss_display_status(OM_uint32 *minor, OM_uint32 status, int type, gss_OID mech,
				    OM_uint32 *context, gss_buffer_t out)
{
	struct btns_glue glue;
	const char *text;

	(void)mech;
	if (type == GSS_C_MECH_CODE && btns_is_own_minor(status)) {
		text = btns_minor_message(status);
		out->value = gssalloc_strdup(text);
		out->length = out->value != NULL ? strlen(text) : 0;
		*context = 0;
		*minor = 0;
		return out->value != NULL ? GSS_S_COMPLETE : GSS_S_FAILURE;
	}
	/* krb5's, mapped by the mechglue when krb5 returned it. */
	return glue_or_fail(minor, &glue) ? glue.display_status(minor, status, type, GSS_C_NO_OID,
								 context, out)
					  : GSS_S_FAILURE;
}

EXPORT OM_uint32 gss_inquire_names_for_mech(OM_uint32 *minor, gss_OID mech, gss_OID_set *types)
{
	const gss_OID kinds[] = { GSS_C_NT_HOSTBASED_SERVICE, GSS_C_NT_USER_NAME,
				  (gss_OID)GSS_KRB5_NT_PRINCIPAL_NAME, GSS_C_NT_EXPORT_NAME };
	OM_uint32 major, tmp;
	size_t i;

	(void)mech;
	major = gss_create_empty_oid_set(minor, types);
	for (i = 0; major == GSS_S_COMPLETE && i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		major = gss_add_oid_set_member(minor, kinds[i], types);
	}
	if (major != GSS_S_COMPLETE) {
		gss_release_oid_set(&tmp, types);
	}
	return major;
}

/* RFC 5587: what krb5 offers, with channel bindings; and not a default
 * mechanism: default credentials, SPNEGO and acceptors without a
 * credential leave it out, so that only an application that names it
 * gets it (a host that installs it changes nothing for the others). */
EXPORT OM_uint32 gss_inquire_attrs_for_mech(OM_uint32 *minor, gss_const_OID mech,
					    gss_OID_set *attrs, gss_OID_set *known)
{
	const gss_const_OID have[] = {
		GSS_C_MA_MECH_CONCRETE, GSS_C_MA_ITOK_FRAMED, GSS_C_MA_AUTH_INIT,
		GSS_C_MA_AUTH_TARG,     GSS_C_MA_AUTH_INIT_INIT, GSS_C_MA_INTEG_PROT,
		GSS_C_MA_CONF_PROT,     GSS_C_MA_MIC,        GSS_C_MA_WRAP,
		GSS_C_MA_REPLAY_DET,    GSS_C_MA_OOS_DET,    GSS_C_MA_CBINDINGS,
		GSS_C_MA_NOT_DFLT_MECH,
	};
	OM_uint32 major = GSS_S_COMPLETE, tmp;
	size_t i;

	(void)mech;
	if (known != NULL) {
		*known = GSS_C_NO_OID_SET;
	}
	if (attrs == NULL) {
		return GSS_S_COMPLETE;
	}
	major = gss_create_empty_oid_set(minor, attrs);
	for (i = 0; major == GSS_S_COMPLETE && i < sizeof(have) / sizeof(have[0]); i++) {
		major = gss_add_oid_set_member(minor, (gss_OID)have[i], attrs);
	}
	if (major != GSS_S_COMPLETE) {
		gss_release_oid_set(&tmp, attrs);
	}
	return major;
}

static OM_uint32 put_string(gss_buffer_t out, const char *s)
{
	if (out == GSS_C_NO_BUFFER) {
		return GSS_S_COMPLETE;
	}
	out->value = gssalloc_strdup(s);
	out->length = out->value != NULL ? strlen(s) : 0;
	return out->value != NULL ? GSS_S_COMPLETE : GSS_S_FAILURE;
}

EXPORT OM_uint32 gss_inquire_saslname_for_mech(OM_uint32 *minor, const gss_OID mech,
					       gss_buffer_t sasl_name, gss_buffer_t mech_name,
					       gss_buffer_t description)
{
	(void)mech;
	*minor = 0;
	if (put_string(sasl_name, GSS_BTNS_SASL_NAME) != GSS_S_COMPLETE ||
	    put_string(mech_name, "btns") != GSS_S_COMPLETE ||
	    put_string(description, "Kerberos 5 bound to an IPsec channel (mech_btns)") !=
		    GSS_S_COMPLETE) {
		*minor = BTNS_ERR_NO_MEMORY;
		return GSS_S_FAILURE;
	}
	return GSS_S_COMPLETE;
}

EXPORT OM_uint32 gss_inquire_mech_for_saslname(OM_uint32 *minor, const gss_buffer_t sasl_name,
					       gss_OID *mech)
{
	*minor = 0;
	/* The mechglue hands back the OID the module gives: the one that
	 * the installed mech.d line registers. */
	if (sasl_name != GSS_C_NO_BUFFER && sasl_name->length == strlen(GSS_BTNS_SASL_NAME) &&
	    memcmp(sasl_name->value, GSS_BTNS_SASL_NAME, sasl_name->length) == 0) {
		if (mech != NULL) {
			*mech = GSS_BTNS_MECHANISM;
		}
		return GSS_S_COMPLETE;
	}
	return GSS_S_BAD_MECH;
}
