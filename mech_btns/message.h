/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef BTNS_MESSAGE_H
#define BTNS_MESSAGE_H

#include <gssapi/gssapi.h>
#include <stdbool.h>
#include <stdint.h>

#include "mech.h"

/* The context of handle if it is established; NULL with *minor set. */
struct btns_ctx *btns_ctx_established(OM_uint32 *minor, gss_ctx_id_t handle);

/* Whether a message of qop leaves ctx bridged now, without a second
 * encryption: the context bridged, the default qop, the latch ESTABLISHED
 * (asked now). */
bool btns_bridged_send_now(struct btns_ctx *ctx, gss_qop_t qop);

/* Whether a bridged frame numbered seq may be taken by ctx now: the
 * context bridged, its latch ESTABLISHED, seq the next one expected.
 * GSS_S_COMPLETE (the caller then counts it: ctx->recv_seq++), or why
 * not, with *minor set. */
OM_uint32 btns_bridged_check(OM_uint32 *minor, struct btns_ctx *ctx, uint64_t seq);

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
