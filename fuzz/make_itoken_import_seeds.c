/* SPDX-License-Identifier: BSD-2-Clause */
/* Writes seed inputs for the iToken import fuzzer into the directory given:
 * exports of iTokens that together set every attribute. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ipsecapi.h>

#include "seed_file.h"
#include "token.h"

static int write_seed(const char *dir, const char *name, ipsec_iToken_t it)
{
	void *bytes = NULL;
	uint32_t len = 0;
	int rc;

	if (ipsec_export_iToken(it, &len, &bytes) != 0) {
		fprintf(stderr, "make_itoken_import_seeds: %s\n", ipsec_last_error());
		return -1;
	}
	rc = seed_file_write(dir, name, NULL, 0, bytes, len);
	free(bytes);
	return rc;
}

static int fill_u16(ipsec_iToken_t it, uint32_t attr, uint16_t v)
{
	return ipsecapi_token_fill(it, attr, sizeof(v), &v);
}

static int fill_str(ipsec_iToken_t it, uint32_t attr, const char *s)
{
	return ipsecapi_token_fill(it, attr, (uint32_t)strlen(s) + 1, s);
}

int main(int argc, char **argv)
{
	static const uint8_t key[] = { 0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03 };
	static const uint8_t cb[32] = { 1, 2, 3, 4 };
	ipsec_iToken_t empty = ipsec_create_iToken(), full = ipsec_create_iToken();
	ipsec_iToken_t demands = ipsec_create_iToken();
	int rc = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: make_itoken_import_seeds DIRECTORY\n");
		return 2;
	}
	if (empty == NULL || full == NULL || demands == NULL ||
	    fill_str(full, IPSEC_API_ATTR_auditString, "peer CN=server, IKEv2 RSA signature") ||
	    fill_u16(full, IPSEC_API_ATTR_authenticationMethod, IPSEC_API_ATTR_authMeth_PKIX_INLINE) ||
	    fill_str(full, IPSEC_API_ATTR_certificateAuthorityDN, "CN=Test CA, O=Example") ||
	    fill_str(full, IPSEC_API_ATTR_certificateDN, "CN=server, O=Example") ||
	    ipsecapi_token_fill(full, IPSEC_API_ATTR_pubKeyID, sizeof(key), key) ||
	    fill_str(full, IPSEC_API_ATTR_channelBinding, "ipsec-end-point:AQIDBA") ||
	    fill_u16(full, IPSEC_API_ATTR_channelBindingType, IPSEC_API_CB_END_POINT) ||
	    ipsecapi_token_fill(full, IPSEC_API_ATTR_channelBindingData, sizeof(cb), cb) ||
	    fill_u16(full, IPSEC_API_ATTR_authMeth_PKIX_INLINE, IPSEC_API_ATTR_ENABLE) ||
	    fill_u16(demands, IPSEC_API_ATTR_authMeth_NONE, IPSEC_API_ATTR_DISABLE) ||
	    fill_u16(demands, IPSEC_API_ATTR_authMeth_BTNS, IPSEC_API_ATTR_ENABLE) ||
	    fill_u16(demands, IPSEC_API_ATTR_authMeth_GROUPKEY, IPSEC_API_ATTR_DISABLE) ||
	    fill_u16(demands, IPSEC_API_ATTR_authMeth_PKIX_OFFLINE, IPSEC_API_ATTR_ENABLE)) {
		fprintf(stderr, "make_itoken_import_seeds: %s\n", ipsec_last_error());
		goto out;
	}
	if (write_seed(argv[1], "empty", empty) == 0 && write_seed(argv[1], "full", full) == 0 &&
	    write_seed(argv[1], "demands", demands) == 0) {
		rc = 0;
	}
out:
	ipsec_free_iToken(empty);
	ipsec_free_iToken(full);
	ipsec_free_iToken(demands);
	return rc;
}
