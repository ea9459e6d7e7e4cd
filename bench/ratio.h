/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * With BTNS_BENCH_RATIOS set in the environment (bench/run-all sets it),
 * each benchmark prints besides its table one line per ratio, for
 * bench/run-all's summary:
 *   ratio: COMPONENT: WHAT: VALUEx
 * where WHAT says which variant is divided by which.
 */
#ifndef BTNS_BENCH_RATIO_H
#define BTNS_BENCH_RATIO_H

#include <stdio.h>
#include <stdlib.h>

static inline void bench_ratio(const char *component, const char *what, double value)
{
	const char *on = getenv("BTNS_BENCH_RATIOS");

	if (on != NULL && *on != '\0') {
		printf("ratio: %s: %s: %.2fx\n", component, what, value);
		fflush(stdout);
	}
}

#endif
