/* SPDX-License-Identifier: BSD-2-Clause */
/* Built as strict C99 with -pedantic -Werror: the header must allow it.
 * Run, it checks that a C99 program reaches the library through it. */
#include <stdio.h>
#include <stdlib.h>

#include <ipsecapi.h>

int main(void)
{
	ipsec_pToken_t p = ipsec_create_pToken();
	uint16_t in = IPSEC_API_ATTR_LEVEL_HIGH, out = 0;
	void *outp = &out;
	uint32_t len = sizeof(out);
	int ok;

	ok = p != NULL &&
	     ipsec_set_token_attr(p, IPSEC_API_ATTR_privacyProtection, sizeof(in), &in) == 0 &&
	     ipsec_get_token_attr(p, IPSEC_API_ATTR_privacyProtection, &len, &outp) == 0 &&
	     out == IPSEC_API_ATTR_LEVEL_HIGH &&
	     ipsec_free_pToken(p) == 0;
	if (!ok) {
		fprintf(stderr, "header_c99: %s\n", ipsec_last_error());
	}
	return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
