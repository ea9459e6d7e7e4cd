/* SPDX-License-Identifier: BSD-2-Clause */
/* What an application may ask of an established context beyond messages:
 * RFC 5587's gss_inquire_sec_context_by_oid() and RFC 4401's
 * gss_pseudo_random(). */
#ifndef BTNS_SEC_CONTEXT_H
#define BTNS_SEC_CONTEXT_H

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <sys/types.h>

/*
 * GSS_C_SEC_CONTEXT_SASL_SSF of a context whose messages go bridged now:
 * the IPsec SAs' factor (sa_strength.h), as four octets in network order
 * like krb5's; GSS_S_FAILURE (BTNS_ERR_UNKNOWN_STRENGTH) when it cannot
 * be known, since krb5's encryption, whose factor krb5 gives, is not
 * used.  Any other question, and this one when the messages are krb5's,
 * is krb5's, about the wrapped context.
 */
OM_uint32 btns_inquire_sec_context_by_oid(OM_uint32 *minor, gss_ctx_id_t handle,
					  const gss_OID desired, gss_buffer_set_t *data);

/* krb5's PRF (RFC 4402) of the wrapped context: both ends derive the same
 * octets, bridged or not. */
OM_uint32 btns_pseudo_random(OM_uint32 *minor, gss_ctx_id_t handle, int key,
			     const gss_buffer_t in, ssize_t out_len, gss_buffer_t out);

#endif
