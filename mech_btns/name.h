/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Names: the mechglue's own, as krb5 makes them; what mech_btns adds is
 * its exported name token and the way back from it.
 */
#ifndef BTNS_NAME_H
#define BTNS_NAME_H

#include <gssapi/gssapi.h>

#include "glue.h"

/* gss_import_name(): a mech_btns exported name (GSS_C_NT_EXPORT_NAME),
 * or any other name, which krb5 imports. */
OM_uint32 btns_import_name(OM_uint32 *minor, const struct btns_glue *glue, gss_buffer_t in,
			   gss_OID type, gss_name_t *out);

/*
 * gss_export_name(): krb5's exported name of the canonical krb5 name,
 * under mech_btns's OID: the same body (the principal, RFC 1964 2.1.3),
 * so that the name is the same principal for both mechanisms.
 */
OM_uint32 btns_export_name(OM_uint32 *minor, const struct btns_glue *glue, gss_name_t name,
			   gss_buffer_t out);

/* gss_localname(): krb5's local account name of name. */
OM_uint32 btns_localname(OM_uint32 *minor, const struct btns_glue *glue, gss_name_t name,
			 gss_buffer_t out);

#endif
