/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsec_export_iToken() and ipsec_import_iToken(): the abstract API's
 * serializable iTokens (its section 3), in the byte form of
 * token_codec.h, which is canonical: equal iTokens give equal bytes.
 */
#include <errno.h>

#include "ipsecapi.h"
#include "core.h"

int ipsec_export_iToken(ipsec_iToken_t it, uint32_t *len, void **buf)
{
	struct ipsecapi_token *t = ipsecapi_token_check(it, &ipsecapi_itoken_kind, __func__);
	uint32_t size;
	void *dst;

	if (t == NULL) {
		return -1;
	}
	size = ipsecapi_wire_size(t, false, __func__);
	if (size == 0 || ipsecapi_out_begin(size, len, buf, &dst, __func__) != 0) {
		return -1;
	}
	if (dst != NULL) {
		ipsecapi_wire_write(t, false, dst);
		ipsecapi_out_end(size, len, buf, dst);
	}
	return 0;
}

int ipsec_import_iToken(const void *buf, uint32_t len, ipsec_iToken_t *it)
{
	struct ipsecapi_token *t;

	if (it == NULL || buf == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "%s is NULL", it == NULL ? "it" : "buf");
	}
	if (ipsecapi_wire_read(&ipsecapi_itoken_kind, buf, len, false, &t, __func__) != 0) {
		return -1;
	}
	*it = (ipsec_iToken_t)t;
	return 0;
}
