/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Context export and import (RFC 2743 2.2.8, 2.2.9): mech_btns's state
 * around krb5's own exported context.
 *
 *   "BTNX" | version 1 | flags | 0 | 0 | send_seq64 | recv_seq64 |
 *   len32 | krb5's exported context
 *
 * flags: 1 initiator, 2 bound (GSS_C_CHANNEL_BOUND_FLAG).  A bridged
 * context is not exported: its socket and latch cannot travel, and an
 * importer without them could neither skip encryption nor read its peer's
 * unencrypted messages.
 */
#include <gssapi/gssapi_alloc.h>
#include <gssapi/gssapi_btns.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "be64.h"
#include "export.h"
#include "mech.h"
#include "minor.h"

#define MAGIC "BTNX"
#define HEADER_LEN (4 + 4 + 8 + 8 + 4)

OM_uint32 btns_export_sec_context(OM_uint32 *minor, gss_ctx_id_t *handle, gss_buffer_t out)
{
	struct btns_ctx *ctx = (struct btns_ctx *)*handle;
	gss_buffer_desc inner = GSS_C_EMPTY_BUFFER;
	OM_uint32 major, tmp;
	uint8_t *p;

	out->length = 0;
	out->value = NULL;
	if (ctx == NULL || !ctx->established) {
		*minor = BTNS_ERR_NOT_ESTABLISHED;
		return GSS_S_NO_CONTEXT;
	}
	if (ctx->bridged) {
		*minor = BTNS_ERR_BRIDGED_EXPORT;
		return GSS_S_UNAVAILABLE;
	}
	major = ctx->glue.export_sec_context(minor, &ctx->krb5, &inner);
	if (major != GSS_S_COMPLETE) {
		return major;
	}
	out->value = p = gssalloc_malloc(HEADER_LEN + inner.length);
	if (p == NULL) {
		gss_release_buffer(&tmp, &inner);
		*minor = BTNS_ERR_NO_MEMORY;
		return GSS_S_FAILURE;
	}
	out->length = HEADER_LEN + inner.length;
	memcpy(p, MAGIC, 4);
	p[4] = 1;
	p[5] = (uint8_t)((ctx->initiator ? 1 : 0) | (ctx->flags & GSS_C_CHANNEL_BOUND_FLAG ? 2 : 0));
	p[6] = p[7] = 0;
	btns_put_be64(p + 8, ctx->send_seq);
	btns_put_be64(p + 16, ctx->recv_seq);
	p[24] = (uint8_t)(inner.length >> 24);
	p[25] = (uint8_t)(inner.length >> 16);
	p[26] = (uint8_t)(inner.length >> 8);
	p[27] = (uint8_t)inner.length;
	memcpy(p + HEADER_LEN, inner.value, inner.length);
	explicit_bzero(inner.value, inner.length); /* krb5's context holds its keys */
	gss_release_buffer(&tmp, &inner);
	/* The krb5 context is gone into the token; so is ours. */
	btns_ctx_free(ctx);
	*handle = GSS_C_NO_CONTEXT;
	return GSS_S_COMPLETE;
}

OM_uint32 btns_import_sec_context(OM_uint32 *minor, gss_buffer_t in, gss_ctx_id_t *handle)
{
	const uint8_t *p = in != NULL ? in->value : NULL;
	gss_buffer_desc inner;
	struct btns_ctx *ctx;
	OM_uint32 major, flags = 0;
	size_t len;

	*handle = GSS_C_NO_CONTEXT;
	if (p == NULL || in->length < HEADER_LEN || memcmp(p, MAGIC, 4) != 0 || p[4] != 1 ||
	    (p[5] & ~3u) != 0 || p[6] != 0 || p[7] != 0) {
		*minor = BTNS_ERR_BAD_TOKEN;
		return GSS_S_DEFECTIVE_TOKEN;
	}
	len = (size_t)p[24] << 24 | (size_t)p[25] << 16 | (size_t)p[26] << 8 | p[27];
	if (len != in->length - HEADER_LEN || len == 0) {
		*minor = BTNS_ERR_BAD_TOKEN;
		return GSS_S_DEFECTIVE_TOKEN;
	}
	ctx = btns_ctx_new(minor, GSS_BTNS_MECHANISM, -1);
	if (ctx == NULL) {
		return GSS_S_FAILURE;
	}
	inner.length = len;
	inner.value = (void *)(p + HEADER_LEN);
	major = ctx->glue.import_sec_context(minor, &inner, &ctx->krb5);
	if (major == GSS_S_COMPLETE) {
		major = ctx->glue.inquire_context(minor, ctx->krb5, NULL, NULL, NULL, NULL, &flags,
						  NULL, NULL);
	}
	if (major != GSS_S_COMPLETE) {
		btns_ctx_free(ctx);
		return major;
	}
	ctx->initiator = (p[5] & 1) != 0;
	ctx->flags = flags | (p[5] & 2 ? GSS_C_CHANNEL_BOUND_FLAG : 0);
	ctx->send_seq = btns_get_be64(p + 8);
	ctx->recv_seq = btns_get_be64(p + 16);
	ctx->established = true;
	*handle = (gss_ctx_id_t)ctx;
	return GSS_S_COMPLETE;
}
