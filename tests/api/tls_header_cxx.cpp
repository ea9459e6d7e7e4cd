// SPDX-License-Identifier: BSD-2-Clause
// Built as strict C++11 with -pedantic -Werror: tls_bridge.h must allow it,
// and its extern "C" must let a C++ program link against libtlsbridge.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <tls_bridge.h>

int main()
{
	const char *name = tls_bridge_cb_type_name(TLS_BRIDGE_CB_TLS_EXPORTER);
	bool ok = name != nullptr && std::strcmp(name, "tls-exporter") == 0 &&
		  tls_bridge_enable(nullptr, TLS_BRIDGE_PREFER) == TLS_BRIDGE_E_INVALID;

	if (!ok) {
		std::fprintf(stderr, "tls_header_cxx: unexpected answers\n");
	}
	return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
