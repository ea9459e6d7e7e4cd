/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef BTNS_IOV_H
#define BTNS_IOV_H

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>

OM_uint32 btns_wrap_iov(OM_uint32 *minor, gss_ctx_id_t handle, int conf_req, gss_qop_t qop,
			int *conf_state, gss_iov_buffer_desc *iov, int count);
OM_uint32 btns_unwrap_iov(OM_uint32 *minor, gss_ctx_id_t handle, int *conf_state, gss_qop_t *qop,
			  gss_iov_buffer_desc *iov, int count);
OM_uint32 btns_wrap_iov_length(OM_uint32 *minor, gss_ctx_id_t handle, int conf_req,
			       gss_qop_t qop, int *conf_state, gss_iov_buffer_desc *iov,
			       int count);

#endif
