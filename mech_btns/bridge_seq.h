/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The starting sequence numbers of a bridged context.  A BRIDGED token has
 * no cryptographic check of its own (the IPsec SA protects it), so its
 * sequence number is all that ties it to the context.  Both ends start
 * each direction at a number only they can compute, from the established
 * krb5 context, with no extra round trip: a frame injected blindly is then
 * out of sequence.
 *
 *   gss_pseudo_random(krb5, GSS_C_PRF_KEY_FULL, BTNS_BRIDGE_SEQ_LABEL, 16)
 *     octets 0-7   the initiator-to-acceptor direction (big-endian)
 *     octets 8-15  the acceptor-to-initiator direction (big-endian)
 *
 * (RFC 4401, and RFC 4402 for krb5.)  The counters wrap at 2^64.
 */
#ifndef BTNS_BRIDGE_SEQ_H
#define BTNS_BRIDGE_SEQ_H

#include <gssapi/gssapi.h>

#include "mech.h"

#define BTNS_BRIDGE_SEQ_LABEL "mech_btns bridged sequence numbers v1"
#define BTNS_BRIDGE_SEQ_PRF_LEN 16

/* Sets ctx->send_seq and ctx->recv_seq from ctx->krb5, for ctx's side.
 * GSS_S_COMPLETE, or GSS_S_FAILURE with *minor BTNS_ERR_NO_SEQUENCE_START
 * and the counters untouched. */
OM_uint32 btns_bridge_seq_start(OM_uint32 *minor, struct btns_ctx *ctx);

#endif
