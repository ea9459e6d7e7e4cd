/* SPDX-License-Identifier: BSD-2-Clause */
/* Writes seed inputs for ipsec-ss's filter fuzzer into the directory
 * given: filters of each form ipsec-ss(8) documents, and some it
 * refuses. */
#include <stdio.h>
#include <string.h>

#include "seed_file.h"

int main(int argc, char **argv)
{
	static const struct {
		const char *name, *text;
	} seeds[] = {
		{ "src-prefix", "src 192.0.2.0/24" },
		{ "dst-host-port", "dst 198.51.100.7:40000" },
		{ "ports", "sport = :22 and dport != :40000 && dport >= :1024 & sport le :80" },
		{ "ipv6", "src [2001:db8::1]:443 and dst 2001:db8::/32 and dst [2001:db8::/48]:*" },
		{ "wildcards", "src *:22 dst :* src *" },
		{ "words", "dst eq 192.0.2.1 sport neq :1 dport gt :2 dport lt :3 sport geq :4" },
		{ "or", "sport = :22 or dport = :22" },
		{ "parentheses", "( dport = :ssh )" },
		{ "dangling-and", "src 192.0.2.1 and" },
	};
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: make_ss_filter_seeds DIRECTORY\n");
		return 2;
	}
	for (i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		if (seed_file_write(argv[1], seeds[i].name, NULL, 0, seeds[i].text,
				    strlen(seeds[i].text)) != 0) {
			return 1;
		}
	}
	return 0;
}
