/* SPDX-License-Identifier: BSD-2-Clause */
/* Writes seed inputs for the mech_btns token fuzzer into the directory
 * given: one token of each type, a framed INIT token, the IOV HEADERs of
 * BRIDGED and KRB5 tokens, and an exported name. */
#include <stdio.h>
#include <string.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_btns.h>
#include <gssapi/gssapi_ext.h>

#include "btns_token.h"
#include "exported_name.h"
#include "seed_file.h"

/* The HEADER buffers of IOV messages, and mech_btns's exported name. */
static int write_iov_and_name_seeds(const char *dir)
{
	uint8_t header[BTNS_BRIDGED_HEADER_LEN + 16];
	gss_buffer_desc name = { .length = 15, .value = (void *)"user@TEST.REALM" }, token;
	size_t n = btns_token_header_put(BTNS_TOK_BRIDGED, 7, header);
	OM_uint32 minor;
	int rc;

	if (seed_file_write(dir, "bridged-header", NULL, 0, header, n) != 0) {
		return 1;
	}
	n = btns_token_header_put(BTNS_TOK_KRB5, 0, header);
	memset(header + n, 0x05, 16); /* where krb5's own header would be */
	if (seed_file_write(dir, "krb5-header", NULL, 0, header, n + 16) != 0 ||
	    btns_exported_name_build(GSS_BTNS_MECHANISM, &name, &token) != 0) {
		return 1;
	}
	rc = seed_file_write(dir, "exported-name", NULL, 0, token.value, token.length);
	gss_release_buffer(&minor, &token);
	return rc != 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		uint8_t type, flags;
	} kinds[] = {
		{ .name = "init", .type = BTNS_TOK_INIT,
		  .flags = BTNS_FLAG_BOUND | BTNS_FLAG_CAN_BRIDGE },
		{ .name = "accept", .type = BTNS_TOK_ACCEPT,
		  .flags = BTNS_FLAG_BOUND | BTNS_FLAG_BRIDGED },
		{ .name = "bridged", .type = BTNS_TOK_BRIDGED, .flags = 0 },
		{ .name = "krb5", .type = BTNS_TOK_KRB5, .flags = 0 },
		{ .name = "mic", .type = BTNS_TOK_MIC, .flags = 0 },
	};
	gss_buffer_desc out, framed;
	OM_uint32 minor;
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: make_btns_token_seeds DIR\n");
		return 2;
	}
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		struct btns_token t;

		memset(&t, 0, sizeof(t));
		t.type = kinds[i].type;
		t.flags = kinds[i].flags;
		t.seq = 7;
		t.inner.value = (void *)"krb5 token octets";
		t.inner.length = 17;
		t.mic.value = (void *)"a MIC";
		t.mic.length = 5;
		if (btns_token_build(&t, &out) != 0 ||
		    seed_file_write(argv[1], kinds[i].name, NULL, 0, out.value, out.length) != 0) {
			return 1;
		}
		if (i == 0) {
			if (gss_encapsulate_token(&out, GSS_BTNS_MECHANISM, &framed) !=
				    GSS_S_COMPLETE ||
			    seed_file_write(argv[1], "framed-init", NULL, 0, framed.value,
					    framed.length) != 0) {
				return 1;
			}
			gss_release_buffer(&minor, &framed);
		}
		gss_release_buffer(&minor, &out);
	}
	return write_iov_and_name_seeds(argv[1]);
}
