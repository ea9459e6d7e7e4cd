/* SPDX-License-Identifier: BSD-2-Clause */
/* A token bucket (token_bucket.h). */
#include "token_bucket.h"

void token_bucket_fill(struct token_bucket *b, double burst, double now)
{
	b->tokens = burst;
	b->stamp = now;
}

static double tokens_at(const struct token_bucket *b, double rate, double burst, double now)
{
	double t = b->tokens + (now > b->stamp ? (now - b->stamp) * rate : 0);

	return t < burst ? t : burst;
}

bool token_bucket_take(struct token_bucket *b, double rate, double burst, double now)
{
	b->tokens = tokens_at(b, rate, burst, now);
	b->stamp = now;
	if (b->tokens < 1) {
		return false;
	}
	b->tokens -= 1;
	return true;
}

bool token_bucket_full(const struct token_bucket *b, double rate, double burst, double now)
{
	return tokens_at(b, rate, burst, now) >= burst;
}
