/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The broker's workers: a few threads that run the jobs that may wait on
 * the kernel or the key manager (a query may ask charon, and wait for it
 * up to its timeout), so that the main thread only accepts, reads and
 * writes.  Jobs queue per user (their lane) and lanes take turns; a lane
 * has at most running_per_lane jobs in progress, so that one user's slow
 * requests never hold every worker.  A finished job comes back to the
 * main thread, which polls workers_done_fd().
 */
#ifndef IPSECAPID_WORKERS_H
#define IPSECAPID_WORKERS_H

#include <stdbool.h>
#include <sys/types.h>

struct job {
	struct job *next;
	uid_t lane;                                   /* the user whose turn it takes */
	void (*run)(struct job *job);                 /* on a worker */
	void (*done)(struct job *job, void *context); /* on the main thread; frees the job */
	bool cancelled;                               /* never run: the broker is stopping */
};

struct workers;

/* threads workers: 0 and *out, or -1 with errno. */
int workers_start(struct workers **out, unsigned threads, unsigned running_per_lane);

/* Queues job in its lane. */
void workers_submit(struct workers *w, struct job *job);

/* Readable when finished jobs wait. */
int workers_done_fd(const struct workers *w);

/* The finished jobs, oldest first (linked by next), or NULL. */
struct job *workers_take_done(struct workers *w);

/* Waits for the jobs in progress; those still queued come back from
 * workers_take_done() cancelled.  Then workers_free(). */
void workers_stop(struct workers *w);
void workers_free(struct workers *w);

#endif
