/* SPDX-License-Identifier: BSD-2-Clause */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "broker_daemon.h"

/* systemd's default soft limit of descriptors for a service. */
#define SYSTEMD_SOFT_NOFILE 1024

#define MAX_EXTRA 32

int broker_daemon_start(struct broker_daemon *d, const char *program, int idle_timeout,
			const char *extra)
{
	const char *const options[] = { extra, NULL };

	return broker_daemon_start_with(d, program, idle_timeout, options);
}

int broker_daemon_start_with(struct broker_daemon *d, const char *program, int idle_timeout,
			     const char *const *extra)
{
	struct stat st;
	char idle[16];
	int i;

	snprintf(d->dir, sizeof(d->dir), "/tmp/test_broker.XXXXXX");
	if (mkdtemp(d->dir) == NULL) {
		return -1;
	}
	snprintf(d->socket, sizeof(d->socket), "%s/broker.sock", d->dir);
	snprintf(d->log, sizeof(d->log), "%s/log", d->dir);
	snprintf(idle, sizeof(idle), "%d", idle_timeout);
	d->pid = fork();
	if (d->pid < 0) {
		return -1;
	}
	if (d->pid == 0) {
		int fd = open(d->log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		const char *asan = getenv("ASAN_OPTIONS");
		const char *argv[8 + MAX_EXTRA];
		char options[512];
		struct rlimit nofile;
		int n = 0;

		/* Under AddressSanitizer, freed memory waits in a quarantine
		 * that a memory check would count; its leak check runs when
		 * the broker exits. */
		snprintf(options, sizeof(options), "%s%squarantine_size_mb=0",
			 asan != NULL ? asan : "", asan != NULL && *asan != '\0' ? ":" : "");
		setenv("ASAN_OPTIONS", options, 1);
		if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_max > SYSTEMD_SOFT_NOFILE) {
			nofile.rlim_cur = SYSTEMD_SOFT_NOFILE;
			setrlimit(RLIMIT_NOFILE, &nofile);
		}
		dup2(fd, STDERR_FILENO);
		argv[n++] = "ipsecapid";
		argv[n++] = "--socket";
		argv[n++] = d->socket;
		argv[n++] = "--idle-timeout";
		argv[n++] = idle;
		for (i = 0; extra != NULL && extra[i] != NULL && i < MAX_EXTRA; i++) {
			argv[n++] = extra[i];
		}
		argv[n] = NULL;
		execv(program, (char *const *)argv);
		_exit(127);
	}
	d->exited = false;
	for (i = 0; i < 100 && stat(d->socket, &st) != 0; i++) {
		if (waitpid(d->pid, &d->status, WNOHANG) == d->pid) {
			d->exited = true;
			return -1;
		}
		usleep(50000);
	}
	return i < 100 ? 0 : -1;
}

int broker_daemon_stop(struct broker_daemon *d)
{
	int status = -1;
	char cmd[300];

	if (d->exited) {
		status = d->status;
	} else {
		kill(d->pid, SIGTERM);
		waitpid(d->pid, &status, 0);
	}
	snprintf(cmd, sizeof(cmd), "tail -n 12 %s >&2; rm -rf %s", d->log, d->dir);
	if (system(cmd) != 0) {
		return -1;
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

bool broker_daemon_logged(const struct broker_daemon *d, const char *text)
{
	char line[1024];
	bool found = false;
	FILE *f = fopen(d->log, "r");

	while (f != NULL && !found && fgets(line, sizeof(line), f) != NULL) {
		found = strstr(line, text) != NULL;
	}
	if (f != NULL) {
		fclose(f);
	}
	return found;
}

int process_fds(pid_t pid)
{
	char path[64];
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%ld/fd", (long)pid);
	dir = opendir(path);
	if (dir == NULL) {
		return -1;
	}
	while (readdir(dir) != NULL) {
		n++;
	}
	closedir(dir);
	return n;
}

int settled_fds(pid_t pid)
{
	int n = process_fds(pid), again;

	for (;;) {
		usleep(100000);
		again = process_fds(pid);
		if (again == n) {
			return n;
		}
		n = again;
	}
}

/* The resident memory of process pid in KiB, or -1. */
static long rss_kib(pid_t pid)
{
	char path[64], line[256];
	long kib = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	f = fopen(path, "r");
	while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "VmRSS: %ld kB", &kib) == 1) {
			break;
		}
	}
	if (f != NULL) {
		fclose(f);
	}
	return kib;
}

struct process_usage process_usage(pid_t pid)
{
	struct process_usage u;

	u.fds = settled_fds(pid);
	u.rss_kib = rss_kib(pid);
	return u;
}

bool process_usage_kept(pid_t pid, const struct process_usage *before)
{
	struct process_usage after = process_usage(pid);

	fprintf(stderr, "process %ld: %d descriptors before, %d after; RSS %ld KiB before, %ld after\n",
		(long)pid, before->fds, after.fds, before->rss_kib, after.rss_kib);
	return after.fds == before->fds && after.rss_kib - before->rss_kib < 1024;
}
