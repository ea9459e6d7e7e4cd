/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A token bucket: up to burst actions at once, then rate a second.  The
 * broker keeps one per user for the socket policies that require ESP,
 * each of which lets the user make the kernel ask the key manager for SAs
 * (ACQUIRE) to any destination.
 */
#ifndef IPSECAPID_TOKEN_BUCKET_H
#define IPSECAPID_TOKEN_BUCKET_H

#include <stdbool.h>

struct token_bucket {
	double tokens;
	double stamp; /* seconds, when tokens was worked out */
};

/* A full bucket at now. */
void token_bucket_fill(struct token_bucket *b, double burst, double now);

/* Takes one token if there is one at now. */
bool token_bucket_take(struct token_bucket *b, double rate, double burst, double now);

/* Whether the bucket is full again at now (it may be forgotten). */
bool token_bucket_full(const struct token_bucket *b, double rate, double burst, double now);

#endif
