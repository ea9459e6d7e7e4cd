/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: mech_btns's token parsers on arbitrary bytes, as a
 * peer's context and per-message tokens reach them.  Beyond "no crash, no
 * leak": what the parser accepts, the builder makes again octet for
 * octet, and a frame's parts lie inside the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gssapi/gssapi.h>

#include "btns_token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gss_buffer_desc in = { .length = size, .value = (void *)data }, again, inner;
	gss_OID_desc oid;
	struct btns_token t;
	OM_uint32 minor;

	if (btns_token_parse(&in, &t) == 0) {
		if (btns_token_build(&t, &again) != 0) {
			abort();
		}
		if (again.length != size || memcmp(again.value, data, size) != 0) {
			abort();
		}
		gss_release_buffer(&minor, &again);
	}
	if (btns_frame_parse(&in, &oid, &inner) == 0) {
		const uint8_t *end = data + size;

		if ((const uint8_t *)oid.elements < data || (const uint8_t *)oid.elements + oid.length > end ||
		    (inner.length > 0 && (const uint8_t *)inner.value + inner.length != end)) {
			abort();
		}
		(void)btns_token_parse(&inner, &t);
	}
	return 0;
}
