/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vici_list: the IKE_SAs that charon at the VICI socket given has, through
 * libipsecapi's VICI client (list-sas, streamed as list-sa events): one
 * line per IKE_SA and one per CHILD_SA, as key=value fields.
 *
 *   vici_list SOCKET
 */
#include <stdio.h>
#include <string.h>

#include <ipsecapi.h>

#include "vici_client.h"

static const char *or_none(const char *s)
{
	return s != NULL ? s : "-";
}

static int print_sa(const struct ipsecapi_vici_section *message, void *data)
{
	size_t i, j;

	(void)data;
	for (i = 0; i < message->n; i++) {
		const struct ipsecapi_vici_entry *ike = &message->entries[i];
		const struct ipsecapi_vici_section *children;

		if (ike->kind != IPSECAPI_VICI_SECTION_START) {
			continue;
		}
		printf("ike=%s state=%s remote-host=%s local-id=%s remote-id=%s\n", ike->name,
		       or_none(ipsecapi_vici_get(ike->section, "state")),
		       or_none(ipsecapi_vici_get(ike->section, "remote-host")),
		       or_none(ipsecapi_vici_get(ike->section, "local-id")),
		       or_none(ipsecapi_vici_get(ike->section, "remote-id")));
		children = ipsecapi_vici_sub(ike->section, "child-sas");
		for (j = 0; children != NULL && j < children->n; j++) {
			const struct ipsecapi_vici_section *c = children->entries[j].section;

			if (c != NULL) {
				printf("child=%s state=%s reqid=%s spi-in=%s spi-out=%s\n",
				       children->entries[j].name, or_none(ipsecapi_vici_get(c, "state")),
				       or_none(ipsecapi_vici_get(c, "reqid")),
				       or_none(ipsecapi_vici_get(c, "spi-in")),
				       or_none(ipsecapi_vici_get(c, "spi-out")));
			}
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct ipsecapi_vici *v = NULL;
	struct ipsecapi_vici_writer w = { 0 }; /* cleared even if the connect fails */
	struct ipsecapi_vici_packet response;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: vici_list SOCKET\n");
		return 2;
	}
	rc = ipsecapi_vici_connect(argv[1], &v, "vici_list") == 0 &&
			     ipsecapi_vici_begin(&w, IPSECAPI_VICI_CMD_REQUEST, "list-sas",
						 "vici_list") == 0 &&
			     ipsecapi_vici_finish(&w) == 0 &&
			     ipsecapi_vici_command(v, &w, "list-sa", print_sa, NULL, &response,
						   "vici_list") == 0
		     ? 0
		     : 1;
	if (rc != 0) {
		printf("error=%s\n", ipsec_last_error());
	} else {
		ipsecapi_vici_packet_clear(&response);
	}
	ipsecapi_vici_writer_clear(&w);
	ipsecapi_vici_close(v);
	return rc;
}
