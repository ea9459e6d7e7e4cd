// SPDX-License-Identifier: BSD-2-Clause
// Built as strict C++11 with -pedantic -Werror: the header must allow it,
// and its extern "C" must let a C++ program link against the library.
#include <cstdio>
#include <cstdlib>

#include <ipsecapi.h>

int main()
{
	ipsec_iToken_t it = ipsec_create_iToken();
	uint16_t in = IPSEC_API_ATTR_DISABLE, out = 0;
	void *outp = &out;
	uint32_t len = sizeof(out);
	bool ok = it != nullptr &&
		  ipsec_set_token_attr(it, IPSEC_API_ATTR_authMeth_GROUPKEY, sizeof(in), &in) == 0 &&
		  ipsec_get_token_attr(it, IPSEC_API_ATTR_authMeth_GROUPKEY, &len, &outp) == 0 &&
		  out == IPSEC_API_ATTR_DISABLE &&
		  ipsec_free_iToken(it) == 0;

	if (!ok) {
		std::fprintf(stderr, "header_cxx: %s\n", ipsec_last_error());
	}
	return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
