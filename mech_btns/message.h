/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef BTNS_MESSAGE_H
#define BTNS_MESSAGE_H

#include <gssapi/gssapi.h>

OM_uint32 btns_wrap(OM_uint32 *minor, gss_ctx_id_t handle, int conf_req, gss_qop_t qop,
		    gss_buffer_t message, int *conf_state, gss_buffer_t out);
OM_uint32 btns_unwrap(OM_uint32 *minor, gss_ctx_id_t handle, gss_buffer_t in, gss_buffer_t out,
		      int *conf_state, gss_qop_t *qop);
OM_uint32 btns_get_mic(OM_uint32 *minor, gss_ctx_id_t handle, gss_qop_t qop, gss_buffer_t message,
		       gss_buffer_t out);
OM_uint32 btns_verify_mic(OM_uint32 *minor, gss_ctx_id_t handle, gss_buffer_t message,
			  gss_buffer_t mic, gss_qop_t *qop);
OM_uint32 btns_wrap_size_limit(OM_uint32 *minor, gss_ctx_id_t handle, int conf_req, gss_qop_t qop,
			       OM_uint32 req_output, OM_uint32 *max_input);

#endif
