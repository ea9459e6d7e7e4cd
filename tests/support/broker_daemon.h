/* SPDX-License-Identifier: BSD-2-Clause */
/* ipsecapid run by a test, on a socket in a directory of its own, and what
 * a test counts of a process: its descriptors and its memory. */
#ifndef BTNS_BROKER_DAEMON_H
#define BTNS_BROKER_DAEMON_H

#include <stdbool.h>
#include <sys/types.h>

struct broker_daemon {
	pid_t pid;
	bool exited; /* before it listened: status has its end */
	int status;
	char dir[64];
	char socket[128];
	char log[128];
};

/* Starts the broker program with --idle-timeout idle_timeout and the
 * option extra (if not NULL), its stderr into d->log, and waits until it
 * listens on d->socket.  0, or -1 (if it ended first, its log stays for
 * broker_daemon_logged() until broker_daemon_stop()).  It starts as systemd starts services:
 * with a soft RLIMIT_NOFILE of 1024 (the hard one is left). */
int broker_daemon_start(struct broker_daemon *d, const char *program, int idle_timeout,
			const char *extra);

/* The same with the options of extra, a NULL-terminated list. */
int broker_daemon_start_with(struct broker_daemon *d, const char *program, int idle_timeout,
			     const char *const *extra);

/* Stops it (SIGTERM), shows the end of its log, and removes its
 * directory.  0 if it exited cleanly (its leak check, under
 * AddressSanitizer, passed), else -1. */
int broker_daemon_stop(struct broker_daemon *d);

/* Whether a line of its log contains text. */
bool broker_daemon_logged(const struct broker_daemon *d, const char *text);

/* The number of descriptors process pid holds, or -1. */
int process_fds(pid_t pid);

/* The same once the connections of processes that have ended are closed:
 * the same count twice, 100 ms apart. */
int settled_fds(pid_t pid);

/* What a process holds: its descriptors, settled, and its resident
 * memory in KiB. */
struct process_usage {
	int fds;
	long rss_kib;
};

struct process_usage process_usage(pid_t pid);

/* Whether process pid holds the descriptors it held at before and at most
 * 1 MiB more memory; both are printed. */
bool process_usage_kept(pid_t pid, const struct process_usage *before);

#endif
