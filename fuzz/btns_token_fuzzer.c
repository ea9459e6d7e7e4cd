/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: mech_btns's token parsers on arbitrary bytes, as a
 * peer's context and per-message tokens reach them, and as IOV HEADER
 * buffers and exported names do.  Beyond "no crash, no leak": what the
 * parser accepts, the builder makes again octet for octet, a frame's parts
 * lie inside the input, and a HEADER that the IOV parser takes is what
 * the whole-token parser reads at the start of the same octets.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gssapi/gssapi.h>

#include "btns_token.h"
#include "exported_name.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The IOV HEADER parser agrees with the whole-token parser: a BRIDGED
 * header is a whole BRIDGED token with an empty message, a KRB5 one a KRB5
 * token whose krb5 part is the rest. */
static void check_header(const gss_buffer_t in)
{
	struct btns_token h, whole;
	uint8_t again[BTNS_BRIDGED_HEADER_LEN];

	if (btns_token_header_parse(in, &h) != 0) {
		return;
	}
	if (btns_token_parse(in, &whole) != 0 || whole.type != h.type ||
	    btns_token_header_put(h.type, h.seq, again) > in->length ||
	    memcmp(again, in->value, h.type == BTNS_TOK_BRIDGED ? BTNS_BRIDGED_HEADER_LEN
								: BTNS_TOKEN_PREFIX_LEN) != 0) {
		abort();
	}
	if (h.type == BTNS_TOK_BRIDGED ? whole.seq != h.seq || whole.inner.length != 0
				       : whole.inner.length != h.inner.length ||
						 whole.inner.value != h.inner.value) {
		abort();
	}
}

/* An exported name that parses is built again octet for octet. */
static void check_exported_name(const gss_buffer_t in)
{
	gss_buffer_desc name, again;
	gss_OID_desc mech;
	OM_uint32 minor;

	if (btns_exported_name_parse(in, &mech, &name) != 0) {
		return;
	}
	if (btns_exported_name_build(&mech, &name, &again) != 0 || again.length != in->length ||
	    memcmp(again.value, in->value, in->length) != 0) {
		abort();
	}
	gss_release_buffer(&minor, &again);
}

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
	check_header(&in);
	check_exported_name(&in);
	return 0;
}
