// SPDX-License-Identifier: BSD-2-Clause
// Built as strict C++11 with -pedantic -Werror: <gssapi/gssapi_btns.h> must
// allow it, and give a C++ program a gss_OID that MIT's GSS-API takes.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <gssapi/gssapi_btns.h>
#include <gssapi/gssapi_ext.h>

int main()
{
	char text[] = GSS_BTNS_MECHANISM_OID_STRING;
	gss_buffer_desc buffer = { std::strlen(text), text };
	gss_OID parsed = GSS_C_NO_OID;
	OM_uint32 minor = 0;
	bool ok = gss_str_to_oid(&minor, &buffer, &parsed) == GSS_S_COMPLETE &&
		  gss_oid_equal(parsed, GSS_BTNS_MECHANISM) != 0;

	gss_release_oid(&minor, &parsed);
	if (!ok) {
		std::fprintf(stderr, "gss_btns_header_cxx: the OID is not %s\n", text);
	}
	return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
