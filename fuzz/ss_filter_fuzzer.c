/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: ipsec-ss's filter parser (tools/ss_filter.c) on any
 * text.  A refusal is EINVAL with a message that names a token (or
 * ENOMEM), and leaves no filter; a filter that parses selects the same
 * sockets as itself written twice (a condition and itself), for fixed
 * flows of both families and for one made of the input's own octets.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include "ss_filter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_refusal(const struct ss_filter *f, const char *err)
{
	if (f != NULL) {
		abort(); /* a filter left behind */
	}
	if (errno == ENOMEM) {
		return;
	}
	if (errno != EINVAL || strncmp(err, "filter: \"", 9) != 0 || strchr(err + 9, '"') == NULL) {
		abort(); /* a refusal that does not name its token */
	}
}

/* Flows the filter is matched against: fixed ones, and one of the input's
 * octets (a family, addresses and ports), so that matching is explored
 * as the parser is. */
static size_t make_flows(const uint8_t *data, size_t size, struct ipsecapi_flow *flows)
{
	struct ipsecapi_flow v4 = { .family = AF_INET, .proto = IPPROTO_TCP, .local_port = 22,
				    .remote_port = 40000 };
	struct ipsecapi_flow v6 = { .family = AF_INET6, .proto = IPPROTO_UDP, .local_port = 443,
				    .remote_port = 443 };
	struct ipsecapi_flow mine = { .proto = IPPROTO_TCP };
	const uint8_t v4_local[] = { 192, 0, 2, 1 }, v4_remote[] = { 198, 51, 100, 7 };

	memcpy(&v4.local, v4_local, sizeof(v4_local));
	memcpy(&v4.remote, v4_remote, sizeof(v4_remote));
	v6.local.a6[0] = htonl(0x20010db8);
	v6.local.a6[3] = htonl(1);
	v6.remote.a6[0] = htonl(0x20010db8);
	v6.remote.a6[3] = htonl(2);
	flows[0] = v4;
	flows[1] = v6;
	if (size < 37) {
		return 2;
	}
	mine.family = data[0] & 1 ? AF_INET6 : AF_INET;
	memcpy(&mine.local, data + 1, 16);
	memcpy(&mine.remote, data + 17, 16);
	mine.local_port = (uint16_t)(data[33] << 8 | data[34]);
	mine.remote_port = (uint16_t)(data[35] << 8 | data[36]);
	flows[2] = mine;
	return 3;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ss_filter *once = NULL, *twice = NULL;
	struct ipsecapi_flow flows[3];
	char *text, *doubled, err[160];
	size_t i, n;

	if (size > 4096) {
		return 0;
	}
	text = malloc(size + 1);
	doubled = malloc(2 * size + 2);
	if (text == NULL || doubled == NULL) {
		abort();
	}
	memcpy(text, data, size);
	text[size] = '\0';
	if (ss_filter_create(text, &once, err, sizeof(err)) != 0) {
		check_refusal(once, err);
	} else {
		strcpy(doubled, text);
		strcat(strcat(doubled, " "), text);
		if (ss_filter_create(doubled, &twice, err, sizeof(err)) != 0) {
			abort(); /* a filter that parses, refused beside itself */
		}
		n = make_flows(data, size, flows);
		for (i = 0; i < n; i++) {
			if (ss_filter_match(once, &flows[i]) != ss_filter_match(twice, &flows[i])) {
				abort(); /* a condition and itself is not the condition */
			}
		}
	}
	ss_filter_free(once);
	ss_filter_free(twice);
	free(doubled);
	free(text);
	return 0;
}
