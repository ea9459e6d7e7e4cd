/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef BTNS_EXPORT_H
#define BTNS_EXPORT_H

#include <gssapi/gssapi.h>

OM_uint32 btns_export_sec_context(OM_uint32 *minor, gss_ctx_id_t *handle, gss_buffer_t out);
OM_uint32 btns_import_sec_context(OM_uint32 *minor, gss_buffer_t in, gss_ctx_id_t *handle);

#endif
