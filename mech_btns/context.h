/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef BTNS_CONTEXT_H
#define BTNS_CONTEXT_H

#include <gssapi/gssapi.h>

OM_uint32 btns_init_sec_context(OM_uint32 *minor, gss_cred_id_t claimant, gss_ctx_id_t *handle,
				gss_name_t target, gss_OID mech, OM_uint32 req_flags,
				OM_uint32 time_req, gss_channel_bindings_t cb, gss_buffer_t input,
				gss_OID *actual_mech, gss_buffer_t output, OM_uint32 *ret_flags,
				OM_uint32 *time_rec);
OM_uint32 btns_accept_sec_context(OM_uint32 *minor, gss_ctx_id_t *handle, gss_cred_id_t acceptor,
				  gss_buffer_t input, gss_channel_bindings_t app_cb,
				  gss_name_t *src_name, gss_OID *mech, gss_buffer_t output,
				  OM_uint32 *ret_flags, OM_uint32 *time_rec,
				  gss_cred_id_t *delegated);

#endif
