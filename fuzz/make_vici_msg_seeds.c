/* SPDX-License-Identifier: BSD-2-Clause */
/* Writes seed inputs for the VICI fuzzer into the directory given: packets
 * as charon sends them (a list-sa event with an IKE_SA and a CHILD_SA, a
 * command response, an event confirmation), without their length. */
#include <stdio.h>
#include <string.h>

#include <ipsecapi.h>

#include "seed_file.h"
#include "vici_msg.h"

static int write_seed(const char *dir, const char *name, struct ipsecapi_vici_writer *w)
{
	int rc;

	if (ipsecapi_vici_finish(w) != 0) {
		fprintf(stderr, "make_vici_msg_seeds: %s\n", ipsec_last_error());
		return -1;
	}
	rc = seed_file_write(dir, name, NULL, 0, w->buf + 4, w->len - 4);
	ipsecapi_vici_writer_clear(w);
	return rc;
}

static void kv(struct ipsecapi_vici_writer *w, const char *name, const char *value)
{
	ipsecapi_vici_key_value(w, name, value, strlen(value));
}

int main(int argc, char **argv)
{
	struct ipsecapi_vici_writer w;
	int bad = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: make_vici_msg_seeds DIR\n");
		return 2;
	}
	ipsecapi_vici_begin(&w, IPSECAPI_VICI_EVENT, "list-sa", "seeds");
	ipsecapi_vici_section_start(&w, "host-host");
	kv(&w, "uniqueid", "1");
	kv(&w, "state", "ESTABLISHED");
	kv(&w, "remote-host", "192.0.2.2");
	kv(&w, "remote-id", "C=CH, O=strongSwan, CN=b");
	ipsecapi_vici_section_start(&w, "child-sas");
	ipsecapi_vici_section_start(&w, "host-host-1");
	kv(&w, "reqid", "100");
	kv(&w, "spi-in", "c1a2b3c4");
	kv(&w, "spi-out", "c5d6e7f8");
	ipsecapi_vici_list_start(&w, "local-ts");
	ipsecapi_vici_list_item(&w, "192.0.2.1/32", 12);
	ipsecapi_vici_list_end(&w);
	ipsecapi_vici_section_end(&w);
	ipsecapi_vici_section_end(&w);
	ipsecapi_vici_section_end(&w);
	bad |= write_seed(argv[1], "list_sa", &w);

	ipsecapi_vici_begin(&w, IPSECAPI_VICI_CMD_RESPONSE, NULL, "seeds");
	kv(&w, "success", "no");
	kv(&w, "errmsg", "unknown certificate type");
	bad |= write_seed(argv[1], "response", &w);

	ipsecapi_vici_begin(&w, IPSECAPI_VICI_EVENT_CONFIRM, NULL, "seeds");
	bad |= write_seed(argv[1], "confirm", &w);
	return bad != 0;
}
