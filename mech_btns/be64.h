/* SPDX-License-Identifier: BSD-2-Clause */
/* 64-bit numbers in network order, as the module's tokens carry them. */
#ifndef BTNS_BE64_H
#define BTNS_BE64_H

#include <stdint.h>

static inline void btns_put_be64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++) {
		p[i] = (uint8_t)(v >> (56 - 8 * i));
	}
}

static inline uint64_t btns_get_be64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		v = v << 8 | p[i];
	}
	return v;
}

#endif
