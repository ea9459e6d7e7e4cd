/* SPDX-License-Identifier: BSD-2-Clause */
/* ipsecapid's clock (broker.h): monotonic, for timeouts and pauses. */
#include <stdint.h>
#include <time.h>

#include "broker.h"

time_t ipsecapid_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

int64_t ipsecapid_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

double ipsecapid_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
