/* SPDX-License-Identifier: BSD-2-Clause */
#include <gssapi/gssapi_btns.h>
#include <gssapi/gssapi_krb5.h>

#include "exported_name.h"
#include "minor.h"
#include "name.h"

static OM_uint32 bad_name(OM_uint32 *minor)
{
	*minor = BTNS_ERR_BAD_NAME;
	return GSS_S_BAD_NAME;
}

/* The body of an exported name token of mech in token, pointing into it. */
static int body_of(const gss_buffer_t token, const gss_OID mech, gss_buffer_t body)
{
	gss_OID_desc oid;

	return btns_exported_name_parse(token, &oid, body) == 0 && gss_oid_equal(&oid, mech) ? 0
											 : -1;
}

OM_uint32 btns_import_name(OM_uint32 *minor, const struct btns_glue *glue, gss_buffer_t in,
			   gss_OID type, gss_name_t *out)
{
	gss_buffer_desc body, krb5_token;
	OM_uint32 major, tmp;

	*out = GSS_C_NO_NAME;
	if (type == GSS_C_NO_OID || !gss_oid_equal(type, GSS_C_NT_EXPORT_NAME)) {
		return glue->import_name(minor, in, type, out);
	}
	/* Ours (the mechglue hands us only those): krb5's token again, which
	 * krb5 imports as the principal it names. */
	if (body_of(in, GSS_BTNS_MECHANISM, &body) != 0) {
		return bad_name(minor);
	}
	if (btns_exported_name_build(gss_mech_krb5, &body, &krb5_token) != 0) {
		*minor = BTNS_ERR_NO_MEMORY;
		return GSS_S_FAILURE;
	}
	major = glue->import_name(minor, &krb5_token, GSS_C_NT_EXPORT_NAME, out);
	gss_release_buffer(&tmp, &krb5_token);
	return major;
}

OM_uint32 btns_export_name(OM_uint32 *minor, const struct btns_glue *glue, gss_name_t name,
			   gss_buffer_t out)
{
	gss_name_t krb5_name = GSS_C_NO_NAME;
	gss_buffer_desc krb5_token = GSS_C_EMPTY_BUFFER, body;
	OM_uint32 major, tmp;

	out->length = 0;
	out->value = NULL;
	major = glue->canonicalize_name(minor, name, (gss_OID)gss_mech_krb5, &krb5_name);
	if (major == GSS_S_COMPLETE) {
		major = glue->export_name(minor, krb5_name, &krb5_token);
	}
	if (major == GSS_S_COMPLETE) {
		if (body_of(&krb5_token, (gss_OID)gss_mech_krb5, &body) != 0) {
			major = bad_name(minor); /* not what RFC 2743 says krb5 gives */
		} else if (btns_exported_name_build(GSS_BTNS_MECHANISM, &body, out) != 0) {
			*minor = BTNS_ERR_NO_MEMORY;
			major = GSS_S_FAILURE;
		}
	}
	gss_release_buffer(&tmp, &krb5_token);
	if (krb5_name != GSS_C_NO_NAME) {
		glue->release_name(&tmp, &krb5_name);
	}
	return major;
}

OM_uint32 btns_localname(OM_uint32 *minor, const struct btns_glue *glue, gss_name_t name,
			 gss_buffer_t out)
{
	return glue->localname(minor, name, gss_mech_krb5, out);
}
