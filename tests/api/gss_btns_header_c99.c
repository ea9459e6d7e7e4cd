/* SPDX-License-Identifier: BSD-2-Clause */
/* Built as strict C99 with -pedantic -Werror: <gssapi/gssapi_btns.h> must
 * allow it.  Run, it checks that the OID it defines is the one its string
 * names, as MIT's GSS-API reads the string, with nothing but libgssapi_krb5
 * linked (the mechanism's module is never linked against). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gssapi/gssapi_btns.h>
#include <gssapi/gssapi_ext.h>

int main(void)
{
	gss_buffer_desc text = { strlen(GSS_BTNS_MECHANISM_OID_STRING),
				 (void *)GSS_BTNS_MECHANISM_OID_STRING };
	gss_OID parsed = GSS_C_NO_OID;
	OM_uint32 minor;
	int ok;

	ok = gss_str_to_oid(&minor, &text, &parsed) == GSS_S_COMPLETE &&
	     gss_oid_equal(parsed, GSS_BTNS_MECHANISM) &&
	     GSS_BTNS_MECHANISM->length == GSS_BTNS_MECHANISM_OID_LENGTH &&
	     strcmp(GSS_BTNS_CRED_STORE_SOCKET, "btns-socket") == 0 &&
	     strcmp(GSS_BTNS_SASL_NAME, "GS2-BTNS") == 0;
	gss_release_oid(&minor, &parsed);
	if (!ok) {
		fprintf(stderr, "gss_btns_header_c99: the header's OID is not %s\n",
			GSS_BTNS_MECHANISM_OID_STRING);
	}
	return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
