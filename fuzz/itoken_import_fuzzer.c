/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: ipsec_import_iToken() on arbitrary bytes.  Beyond "no
 * crash, no leak", it checks the codec's promises: a refusal is a clear
 * error, and whatever is accepted is canonical, so exporting it again gives
 * back exactly the input.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ipsecapi.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint32_t itoken_attrs[] = {
	IPSEC_API_ATTR_auditString, IPSEC_API_ATTR_authenticationMethod,
	IPSEC_API_ATTR_certificateAuthorityDN, IPSEC_API_ATTR_certificateDN,
	IPSEC_API_ATTR_pubKeyID, IPSEC_API_ATTR_channelBinding,
	IPSEC_API_ATTR_channelBindingType, IPSEC_API_ATTR_channelBindingData,
	IPSEC_API_ATTR_authMeth_NONE, IPSEC_API_ATTR_authMeth_PKIX_OFFLINE,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ipsec_iToken_t it = NULL, copy = NULL;
	void *bytes = NULL;
	uint32_t len = 0;
	size_t i;

	if (size > UINT32_MAX) {
		return 0;
	}
	if (ipsec_import_iToken(data, (uint32_t)size, &it) != 0) {
		if ((errno != EBADMSG && errno != ENOTSUP && errno != ENOMEM) ||
		    ipsec_last_error()[0] == '\0' || it != NULL) {
			abort();
		}
		return 0;
	}
	if (ipsec_export_iToken(it, &len, &bytes) != 0 || len != size ||
	    memcmp(bytes, data, size) != 0) {
		abort();
	}
	if (ipsec_dup_iToken(it, &copy) != 0 || ipsec_cmp_iToken(it, copy) != 0) {
		abort();
	}
	for (i = 0; i < sizeof(itoken_attrs) / sizeof(itoken_attrs[0]); i++) {
		void *val = NULL;

		len = 0;
		if (ipsec_get_token_attr(it, itoken_attrs[i], &len, &val) != 0) {
			if (errno != ENOENT) {
				abort();
			}
			continue;
		}
		free(val);
	}
	free(bytes);
	ipsec_free_iToken(copy);
	ipsec_free_iToken(it);
	return 0;
}
