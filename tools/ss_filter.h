/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsec-ss's address and port filter: a subset of ss(8)'s filter syntax
 * (ipsec-ss(8), FILTER), parsed once and matched against each socket's
 * flow.  Anything outside the subset is refused, never ignored.
 */
#ifndef IPSEC_SS_FILTER_H
#define IPSEC_SS_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "engine.h"

struct ss_filter;

/* Parses text (words separated by blanks; none: a filter that matches
 * every socket) into *out.  0, or -1 with errno EINVAL (the message in
 * err names the token refused) or ENOMEM. */
int ss_filter_create(const char *text, struct ss_filter **out, char *err, size_t err_size);

/* Whether the socket of flow (v4-mapped IPv6 read as IPv4) passes. */
bool ss_filter_match(const struct ss_filter *f, const struct ipsecapi_flow *flow);

void ss_filter_free(struct ss_filter *f);

#endif
