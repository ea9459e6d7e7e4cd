/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: the VICI parser (vici_msg.c) on arbitrary bytes, as a
 * packet's payload from the charon.vici socket (a daemon's, or whatever
 * listens there).  Beyond "no crash": what the parser accepts, the writer
 * makes again octet for octet, since the format has one encoding.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vici_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipsecapi_vici_packet p;
	struct ipsecapi_vici_writer w;

	if (ipsecapi_vici_parse(data, size, &p, "fuzz") != 0) {
		return 0;
	}
	if (ipsecapi_vici_begin(&w, p.type, p.name, "fuzz") != 0 ||
	    (p.message != NULL && ipsecapi_vici_write_entries(&w, p.message) != 0) ||
	    ipsecapi_vici_finish(&w) != 0 || w.len != size + 4 ||
	    memcmp(w.buf + 4, data, size) != 0) {
		abort();
	}
	ipsecapi_vici_writer_clear(&w);
	ipsecapi_vici_packet_clear(&p);
	return 0;
}
