/* SPDX-License-Identifier: BSD-2-Clause */
/* The pluto process of a run directory (pluto_process.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pluto_process.h"

/* The start time of process pid (field 22 of /proc/PID/stat), or 0. */
static unsigned long long start_of(pid_t pid)
{
	char path[64], line[1024], *after;
	unsigned long long start = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%lld/stat", (long long)pid);
	f = fopen(path, "re");
	if (f == NULL) {
		return 0;
	}
	/* After the name's ")" come fields 3 onwards. */
	if (fgets(line, sizeof(line), f) != NULL && (after = strrchr(line, ')')) != NULL &&
	    sscanf(after + 1,
		   " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d "
		   "%llu",
		   &start) != 1) {
		start = 0;
	}
	fclose(f);
	return start;
}

int ipsecapi_pluto_process_of(const char *rundir, struct ipsecapi_pluto_process *p, char *why,
			      size_t why_size)
{
	char path[4096], text[32];
	long long pid = 0;
	int used = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/pluto.pid", rundir);
	f = fopen(path, "re");
	if (f == NULL) {
		snprintf(why, why_size, "pluto does not run at %s (%s: %s)", rundir, path,
			 strerror(errno));
		return -1;
	}
	if (fgets(text, sizeof(text), f) == NULL || sscanf(text, "%lld%n", &pid, &used) != 1 ||
	    (text[used] != '\n' && text[used] != '\0') || pid <= 0 || pid > 0x7fffffff) {
		fclose(f);
		snprintf(why, why_size, "%s holds no process number", path);
		return -1;
	}
	fclose(f);
	p->pid = (pid_t)pid;
	p->start = start_of(p->pid);
	if (p->start == 0) {
		snprintf(why, why_size, "pluto does not run at %s (process %lld of %s is gone)",
			 rundir, pid, path);
		return -1;
	}
	return 0;
}

bool ipsecapi_pluto_process_alive(pid_t pid, unsigned long long start)
{
	return start != 0 && start_of(pid) == start;
}
