/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Which pluto process answers at a run directory (its pid file), told
 * apart from a later one by its start time, so that nothing learnt from
 * one pluto is taken for another's.
 */
#ifndef IPSECAPI_PLUTO_PROCESS_H
#define IPSECAPI_PLUTO_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct ipsecapi_pluto_process {
	pid_t pid;
	unsigned long long start; /* clock ticks after boot, from /proc */
};

/* The pluto of rundir (RUNDIR/pluto.pid): 0, or -1 with *why. */
int ipsecapi_pluto_process_of(const char *rundir, struct ipsecapi_pluto_process *p, char *why,
			      size_t why_size);
/* Whether process pid runs and started at start. */
bool ipsecapi_pluto_process_alive(pid_t pid, unsigned long long start);

#endif
