/* SPDX-License-Identifier: BSD-2-Clause */
/* A user's program of the installed libtlsbridge (through pkg-config). */
#include <stdio.h>
#include <string.h>

#include <tls_bridge.h>

int main(void)
{
	const char *name = tls_bridge_cb_type_name(TLS_BRIDGE_CB_TLS_EXPORTER);

	if (name == NULL || strcmp(name, "tls-exporter") != 0) {
		fprintf(stderr, "tls_consumer: wrong name for tls-exporter\n");
		return 1;
	}
	printf("libtlsbridge: %s; %s\n", name, tls_bridge_error_string(TLS_BRIDGE_E_UNSUPPORTED));
	return 0;
}
