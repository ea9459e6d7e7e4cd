/* SPDX-License-Identifier: BSD-2-Clause */
#include <string.h>

#include "be64.h"
#include "bridge_seq.h"
#include "minor.h"

/* The PRF's output is key material: wiped before krb5's buffer is freed. */
static void wipe_release(gss_buffer_t b)
{
	OM_uint32 tmp;

	if (b->value != NULL) {
		explicit_bzero(b->value, b->length);
	}
	gss_release_buffer(&tmp, b);
}

OM_uint32 btns_bridge_seq_start(OM_uint32 *minor, struct btns_ctx *ctx)
{
	gss_buffer_desc label = { .length = sizeof(BTNS_BRIDGE_SEQ_LABEL) - 1,
				  .value = (void *)BTNS_BRIDGE_SEQ_LABEL };
	gss_buffer_desc prf = GSS_C_EMPTY_BUFFER;
	uint64_t to_acceptor, to_initiator;
	OM_uint32 major;

	major = ctx->glue.pseudo_random(minor, ctx->krb5, GSS_C_PRF_KEY_FULL, &label,
					BTNS_BRIDGE_SEQ_PRF_LEN, &prf);
	/* Never a fallback to a known start: that is what the PRF replaces. */
	if (major != GSS_S_COMPLETE || prf.value == NULL || prf.length != BTNS_BRIDGE_SEQ_PRF_LEN) {
		wipe_release(&prf);
		*minor = BTNS_ERR_NO_SEQUENCE_START;
		return GSS_S_FAILURE;
	}
	to_acceptor = btns_get_be64(prf.value);
	to_initiator = btns_get_be64((const uint8_t *)prf.value + 8);
	wipe_release(&prf);
	ctx->send_seq = ctx->initiator ? to_acceptor : to_initiator;
	ctx->recv_seq = ctx->initiator ? to_initiator : to_acceptor;
	return GSS_S_COMPLETE;
}
