/* SPDX-License-Identifier: BSD-2-Clause */
/* Built as strict C99 with -pedantic -Werror: tls_bridge.h alone must allow
 * it, and a program must link against libtlsbridge as a user's would. */
#include <stdio.h>
#include <string.h>

#include <tls_bridge.h>

int main(void)
{
	const char *name = tls_bridge_cb_type_name(TLS_BRIDGE_CB_TLS_SERVER_END_POINT);

	if (name == NULL || strcmp(name, "tls-server-end-point") != 0) {
		fprintf(stderr, "tls_header_c99: wrong name\n");
		return 1;
	}
	return 0;
}
