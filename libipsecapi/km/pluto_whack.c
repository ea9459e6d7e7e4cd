/* SPDX-License-Identifier: BSD-2-Clause */
/* Running whack (pluto_whack.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pluto_whack.h"

/* Far above what pluto says of a few thousand SAs. */
#define WHACK_OUTPUT_MAX (8u << 20)
#define WHACK_DEADLINE_MS 5000

static long ms_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
}

static pid_t spawn_whack(const char *whack, const char *rundir, int out, char *why,
			 size_t why_size)
{
	char *const argv[] = { (char *)whack, (char *)"--rundir", (char *)rundir,
			       (char *)"--status", NULL };
	char *const envp[] = { NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none;
	pid_t pid = -1;
	int rc;

	sigemptyset(&none);
	if (posix_spawn_file_actions_init(&fa) != 0) {
		snprintf(why, why_size, "cannot run %s: no memory", whack);
		return -1;
	}
	if (posix_spawnattr_init(&attr) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		snprintf(why, why_size, "cannot run %s: no memory", whack);
		return -1;
	}
	rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	rc = rc != 0 ? rc : posix_spawn_file_actions_adddup2(&fa, out, 1);
	rc = rc != 0 ? rc : posix_spawn_file_actions_adddup2(&fa, out, 2);
	/* the application's descriptors that are not close-on-exec */
	rc = rc != 0 ? rc : posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	rc = rc != 0 ? rc : posix_spawnattr_setsigmask(&attr, &none);
	rc = rc != 0 ? rc : posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
	rc = rc != 0 ? rc : posix_spawn(&pid, whack, &fa, &attr, argv, envp);
	if (rc != 0) {
		snprintf(why, why_size, "cannot run %s: %s", whack, strerror(rc));
		pid = -1;
	}
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return pid;
}

/* Reads fd to its end, within the deadline. */
static char *read_all(int fd, const struct timespec *start, size_t *len, char *why,
		      size_t why_size)
{
	size_t size = 16384, n = 0;
	char *buf = malloc(size + 1), *bigger;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	ssize_t got;

	while (buf != NULL) {
		long left = WHACK_DEADLINE_MS - ms_since(start);
		int ready = left > 0 ? poll(&pfd, 1, (int)left) : 0;

		if (ready < 0 && errno == EINTR) {
			continue; /* a signal: read() could block past the deadline */
		}
		if (ready == 0) {
			snprintf(why, why_size, "whack did not finish within %d ms",
				 WHACK_DEADLINE_MS);
			break;
		}
		if (ready < 0) {
			snprintf(why, why_size, "waiting for whack's output: %s", strerror(errno));
			break;
		}
		got = read(fd, buf + n, size - n);
		if (got < 0 && (errno == EINTR || errno == EAGAIN)) {
			continue;
		}
		if (got < 0) {
			snprintf(why, why_size, "reading whack's output: %s", strerror(errno));
			break;
		}
		if (got == 0) {
			buf[n] = '\0';
			*len = n;
			return buf;
		}
		n += (size_t)got;
		if (n == size) {
			if (size >= WHACK_OUTPUT_MAX) {
				snprintf(why, why_size, "whack said more than %u bytes",
					 WHACK_OUTPUT_MAX);
				break;
			}
			size *= 2;
			bigger = realloc(buf, size + 1);
			if (bigger == NULL) {
				break;
			}
			buf = bigger;
		}
	}
	if (buf == NULL || why[0] == '\0') {
		snprintf(why, why_size, "no memory for whack's output");
	}
	free(buf);
	return NULL;
}

/* The status whack exited with, or -1 when it was killed.  An application
 * that ignores SIGCHLD has its children reaped for it: then the status is
 * not known, and the output is left to the parser to judge. */
static int reap(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno == ECHILD) {
			return 0;
		}
		if (errno != EINTR) {
			return -1;
		}
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

char *ipsecapi_pluto_whack_status(const char *whack, const char *rundir, size_t *len, char *why,
				  size_t why_size)
{
	struct timespec start;
	int fds[2], status;
	char *out;
	pid_t pid;

	why[0] = '\0';
	clock_gettime(CLOCK_MONOTONIC, &start);
	if (pipe2(fds, O_CLOEXEC) != 0) {
		snprintf(why, why_size, "cannot run %s: %s", whack, strerror(errno));
		return NULL;
	}
	pid = spawn_whack(whack, rundir, fds[1], why, why_size);
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		return NULL;
	}
	out = read_all(fds[0], &start, len, why, why_size);
	close(fds[0]);
	if (out == NULL) {
		kill(pid, SIGKILL);
	}
	status = reap(pid);
	if (out != NULL && status != 0) {
		/* whack's complaint ("Pluto is not running ...") is its first line. */
		snprintf(why, why_size, "pluto at %s did not answer (whack exited %d: %.*s)",
			 rundir, status, (int)strcspn(out, "\n"), out);
		free(out);
		return NULL;
	}
	return out;
}
