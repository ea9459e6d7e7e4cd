/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The mechglue's own entry points, for reaching krb5 (and names, which are
 * the mechglue's) from inside the module.  The module exports the same
 * names as the mechglue (gss_init_sec_context ...), so a plain call could
 * bind to the module itself when libgssapi_krb5 was loaded RTLD_LOCAL
 * (Cyrus SASL, Python): each is looked up in libgssapi_krb5 by name.
 */
#ifndef BTNS_GLUE_H
#define BTNS_GLUE_H

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>

struct btns_glue {
	OM_uint32 (*acquire_cred_from)(OM_uint32 *, gss_name_t, OM_uint32, gss_OID_set,
				       gss_cred_usage_t, gss_const_key_value_set_t, gss_cred_id_t *,
				       gss_OID_set *, OM_uint32 *);
	OM_uint32 (*release_cred)(OM_uint32 *, gss_cred_id_t *);
	OM_uint32 (*init_sec_context)(OM_uint32 *, gss_cred_id_t, gss_ctx_id_t *, gss_name_t,
				      gss_OID, OM_uint32, OM_uint32, gss_channel_bindings_t,
				      gss_buffer_t, gss_OID *, gss_buffer_t, OM_uint32 *, OM_uint32 *);
	OM_uint32 (*accept_sec_context)(OM_uint32 *, gss_ctx_id_t *, gss_cred_id_t, gss_buffer_t,
					gss_channel_bindings_t, gss_name_t *, gss_OID *, gss_buffer_t,
					OM_uint32 *, OM_uint32 *, gss_cred_id_t *);
	OM_uint32 (*delete_sec_context)(OM_uint32 *, gss_ctx_id_t *, gss_buffer_t);
	OM_uint32 (*context_time)(OM_uint32 *, gss_ctx_id_t, OM_uint32 *);
	OM_uint32 (*inquire_context)(OM_uint32 *, gss_ctx_id_t, gss_name_t *, gss_name_t *,
				     OM_uint32 *, gss_OID *, OM_uint32 *, int *, int *);
	OM_uint32 (*wrap)(OM_uint32 *, gss_ctx_id_t, int, gss_qop_t, gss_buffer_t, int *,
			  gss_buffer_t);
	OM_uint32 (*unwrap)(OM_uint32 *, gss_ctx_id_t, gss_buffer_t, gss_buffer_t, int *,
			    gss_qop_t *);
	OM_uint32 (*get_mic)(OM_uint32 *, gss_ctx_id_t, gss_qop_t, gss_buffer_t, gss_buffer_t);
	OM_uint32 (*verify_mic)(OM_uint32 *, gss_ctx_id_t, gss_buffer_t, gss_buffer_t,
				gss_qop_t *);
	OM_uint32 (*wrap_size_limit)(OM_uint32 *, gss_ctx_id_t, int, gss_qop_t, OM_uint32,
				     OM_uint32 *);
	OM_uint32 (*export_sec_context)(OM_uint32 *, gss_ctx_id_t *, gss_buffer_t);
	OM_uint32 (*import_sec_context)(OM_uint32 *, gss_buffer_t, gss_ctx_id_t *);
	OM_uint32 (*import_name)(OM_uint32 *, gss_buffer_t, gss_OID, gss_name_t *);
	OM_uint32 (*release_name)(OM_uint32 *, gss_name_t *);
	OM_uint32 (*display_name)(OM_uint32 *, gss_name_t, gss_buffer_t, gss_OID *);
	OM_uint32 (*compare_name)(OM_uint32 *, gss_name_t, gss_name_t, int *);
	OM_uint32 (*duplicate_name)(OM_uint32 *, const gss_name_t, gss_name_t *);
	OM_uint32 (*display_status)(OM_uint32 *, OM_uint32, int, gss_OID, OM_uint32 *,
				    gss_buffer_t);
	OM_uint32 (*inquire_cred)(OM_uint32 *, gss_cred_id_t, gss_name_t *, OM_uint32 *,
				  gss_cred_usage_t *, gss_OID_set *);
	OM_uint32 (*pseudo_random)(OM_uint32 *, gss_ctx_id_t, int, const gss_buffer_t, ssize_t,
				   gss_buffer_t);
	OM_uint32 (*inquire_sec_context_by_oid)(OM_uint32 *, const gss_ctx_id_t, const gss_OID,
						gss_buffer_set_t *);
	OM_uint32 (*wrap_iov)(OM_uint32 *, gss_ctx_id_t, int, gss_qop_t, int *,
			      gss_iov_buffer_desc *, int);
	OM_uint32 (*unwrap_iov)(OM_uint32 *, gss_ctx_id_t, int *, gss_qop_t *,
				gss_iov_buffer_desc *, int);
	OM_uint32 (*wrap_iov_length)(OM_uint32 *, gss_ctx_id_t, int, gss_qop_t, int *,
				     gss_iov_buffer_desc *, int);
	OM_uint32 (*canonicalize_name)(OM_uint32 *, const gss_name_t, const gss_OID, gss_name_t *);
	OM_uint32 (*export_name)(OM_uint32 *, const gss_name_t, gss_buffer_t);
	OM_uint32 (*localname)(OM_uint32 *, const gss_name_t, gss_const_OID, gss_buffer_t);
};

/* Fills glue from libgssapi_krb5: 0, or -1 if a function is missing. */
int btns_glue_load(struct btns_glue *glue);

#endif
