/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The reqids that a socket policy set through the broker may demand: an
 * administrator's list (ipsecapid --reqids).  A reqid picks the key
 * manager's connection whose SAs carry the traffic, so an unlisted one
 * would let any user ride, or make the key manager negotiate, another
 * application's SAs.  0 stands for a pToken that demands no reqid.
 */
#ifndef IPSECAPID_REQIDS_H
#define IPSECAPID_REQIDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct reqid_range {
	uint32_t first, last;
};

struct reqid_list {
	struct reqid_range *ranges; /* sorted, merged */
	size_t n;
	char text[128];             /* as messages show it: "0,100,200-299" */
};

/* Reads text ("0,100,200-299": numbers and ranges, comma-separated) into
 * *out: 0, or -1 with why (for the administrator) in why[size]. */
int reqid_list_parse(const char *text, struct reqid_list *out, char *why, size_t size);

bool reqid_list_allows(const struct reqid_list *list, uint32_t reqid);

void reqid_list_clear(struct reqid_list *list);

#endif
