/* SPDX-License-Identifier: BSD-2-Clause */
/* The worker threads and their per-user lanes (workers.h). */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "engine.h"
#include "workers.h"

struct lane {
	uid_t user;
	struct job *head, *tail;
	unsigned running;
	bool ready;         /* in the turn order */
	struct lane *next;  /* in the turn order */
};

struct workers {
	pthread_mutex_t lock;
	pthread_cond_t work;
	struct lane **lanes; /* every lane with jobs queued or running */
	size_t nlanes, lanes_cap;
	struct lane *turn_head, *turn_tail; /* lanes whose turn may come */
	struct job *done_head, *done_tail;
	unsigned running_per_lane;
	bool stopping;
	int done_fd;
	pthread_t *threads;
	unsigned nthreads;
};

static struct lane *lane_of(struct workers *w, uid_t user)
{
	struct lane *l, **more;
	size_t i;

	for (i = 0; i < w->nlanes; i++) {
		if (w->lanes[i]->user == user) {
			return w->lanes[i];
		}
	}
	more = ipsecapi_array_room(w->lanes, w->nlanes, &w->lanes_cap, sizeof(*more));
	if (more == NULL) {
		return NULL;
	}
	w->lanes = more;
	l = calloc(1, sizeof(*l));
	if (l != NULL) {
		l->user = user;
		w->lanes[w->nlanes++] = l;
	}
	return l;
}

static void forget_lane(struct workers *w, struct lane *l)
{
	size_t i;

	for (i = 0; i < w->nlanes; i++) {
		if (w->lanes[i] == l) {
			w->lanes[i] = w->lanes[--w->nlanes];
			break;
		}
	}
	free(l);
}

/* Puts l at the end of the turn order if a job of it may start. */
static void offer_turn(struct workers *w, struct lane *l)
{
	if (l->ready || l->head == NULL || l->running >= w->running_per_lane) {
		return;
	}
	l->ready = true;
	l->next = NULL;
	if (w->turn_tail != NULL) {
		w->turn_tail->next = l;
	} else {
		w->turn_head = l;
	}
	w->turn_tail = l;
	pthread_cond_signal(&w->work);
}

static void finished(struct workers *w, struct job *job)
{
	uint64_t one = 1;

	job->next = NULL;
	if (w->done_tail != NULL) {
		w->done_tail->next = job;
	} else {
		w->done_head = job;
	}
	w->done_tail = job;
	/* The counter only wakes the main thread; a full one wakes it too. */
	if (write(w->done_fd, &one, sizeof(one)) < 0) {
		/* EAGAIN: it is awake already */
	}
}

static void *work(void *arg)
{
	struct workers *w = arg;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		struct lane *l;
		struct job *job;

		while (!w->stopping && w->turn_head == NULL) {
			pthread_cond_wait(&w->work, &w->lock);
		}
		if (w->stopping) {
			break;
		}
		l = w->turn_head;
		w->turn_head = l->next;
		if (w->turn_head == NULL) {
			w->turn_tail = NULL;
		}
		l->ready = false;
		job = l->head;
		l->head = job->next;
		if (l->head == NULL) {
			l->tail = NULL;
		}
		l->running++;
		offer_turn(w, l); /* its next job, after the other lanes' */
		pthread_mutex_unlock(&w->lock);

		job->run(job);

		pthread_mutex_lock(&w->lock);
		l->running--;
		finished(w, job);
		if (l->head == NULL && l->running == 0) {
			forget_lane(w, l);
		} else {
			offer_turn(w, l);
		}
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int workers_start(struct workers **out, unsigned threads, unsigned running_per_lane)
{
	struct workers *w = calloc(1, sizeof(*w));
	int err;

	*out = NULL;
	if (w == NULL) {
		return -1;
	}
	w->running_per_lane = running_per_lane;
	w->done_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	w->threads = calloc(threads, sizeof(*w->threads));
	if (w->done_fd < 0 || w->threads == NULL || pthread_mutex_init(&w->lock, NULL) != 0) {
		err = w->done_fd < 0 ? errno : ENOMEM;
		goto fail;
	}
	if ((err = pthread_cond_init(&w->work, NULL)) != 0) {
		pthread_mutex_destroy(&w->lock);
		goto fail;
	}
	for (w->nthreads = 0; w->nthreads < threads; w->nthreads++) {
		err = pthread_create(&w->threads[w->nthreads], NULL, work, w);
		if (err != 0) {
			workers_stop(w);
			workers_free(w);
			errno = err;
			return -1;
		}
	}
	*out = w;
	return 0;
fail:
	if (w->done_fd >= 0) {
		close(w->done_fd);
	}
	free(w->threads);
	free(w);
	errno = err;
	return -1;
}

void workers_submit(struct workers *w, struct job *job)
{
	struct lane *l;

	pthread_mutex_lock(&w->lock);
	l = lane_of(w, job->lane);
	if (l == NULL) {
		/* Without memory for a lane the job is not run, and says so. */
		job->cancelled = true;
		finished(w, job);
		pthread_mutex_unlock(&w->lock);
		return;
	}
	job->next = NULL;
	if (l->tail != NULL) {
		l->tail->next = job;
	} else {
		l->head = job;
	}
	l->tail = job;
	offer_turn(w, l);
	pthread_mutex_unlock(&w->lock);
}

int workers_done_fd(const struct workers *w)
{
	return w->done_fd;
}

struct job *workers_take_done(struct workers *w)
{
	struct job *done;
	uint64_t count;

	if (read(w->done_fd, &count, sizeof(count)) < 0) {
		/* EAGAIN: nothing was signalled, but look anyway */
	}
	pthread_mutex_lock(&w->lock);
	done = w->done_head;
	w->done_head = w->done_tail = NULL;
	pthread_mutex_unlock(&w->lock);
	return done;
}

void workers_stop(struct workers *w)
{
	unsigned i;

	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_cond_broadcast(&w->work);
	pthread_mutex_unlock(&w->lock);
	for (i = 0; i < w->nthreads; i++) {
		pthread_join(w->threads[i], NULL);
	}
	w->nthreads = 0;
	/* What never ran goes back cancelled, so that its owner frees it. */
	while (w->nlanes > 0) {
		struct lane *l = w->lanes[0];

		while (l->head != NULL) {
			struct job *job = l->head;

			l->head = job->next;
			job->cancelled = true;
			finished(w, job);
		}
		forget_lane(w, l);
	}
	w->turn_head = w->turn_tail = NULL;
}

void workers_free(struct workers *w)
{
	if (w == NULL) {
		return;
	}
	pthread_cond_destroy(&w->work);
	pthread_mutex_destroy(&w->lock);
	close(w->done_fd);
	free(w->lanes);
	free(w->threads);
	free(w);
}
