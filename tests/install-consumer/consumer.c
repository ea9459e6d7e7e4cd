/* SPDX-License-Identifier: BSD-2-Clause */
/* Built against an installed libipsecapi, by pkg-config and by CMake. */
#include <ipsecapi.h>
#include <stdio.h>

int main(void)
{
	ipsec_iToken_t it = ipsec_create_iToken(), back = NULL;
	void *bytes = NULL;
	uint32_t len = 0;
	int ok = it != NULL && ipsec_export_iToken(it, &len, &bytes) == 0 &&
		 ipsec_import_iToken(bytes, len, &back) == 0 && ipsec_cmp_iToken(it, back) == 0;

	printf("consumer: %s\n", ok ? "ok" : ipsec_last_error());
	ipsec_free_iToken(it);
	ipsec_free_iToken(back);
	return !ok;
}
