/* SPDX-License-Identifier: BSD-2-Clause */
/* The watches worked out again from one shared dump (refresh.h). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipsecapi.h"
#include "engine.h"
#include "log.h"
#include "refresh.h"
#include "watches.h"

/* One dump of the kernel's state for the jobs of one refresh: the first
 * job to run takes it, the last one to finish frees it. */
struct shared_view {
	pthread_mutex_t lock;
	struct ipsecapi_kernel_view *view;
	bool tried;
	char why[400]; /* why there is none */
	unsigned users;
};

/* One client's watches, as copies. */
struct refresh_part {
	size_t slot;
	uint64_t client;
	struct ipsecapi_latch_table copy; /* the dirty ones */
	bool failed;
	char why[500];
};

struct refresh_job {
	struct job job;
	struct account *account;
	struct shared_view *shared;
	struct refresh_part *parts;
	size_t nparts, cap;
};

static struct shared_view *shared_view_new(void)
{
	struct shared_view *s = calloc(1, sizeof(*s));

	if (s != NULL && pthread_mutex_init(&s->lock, NULL) != 0) {
		free(s);
		s = NULL;
	}
	return s;
}

/* The dump, taken by the first job that asks: NULL, with why, if it
 * could not be. */
static struct ipsecapi_kernel_view *shared_view_get(struct shared_view *s, char *why,
						    size_t size)
{
	struct ipsecapi_kernel_view *view;

	pthread_mutex_lock(&s->lock);
	if (!s->tried) {
		s->tried = true;
		if (ipsecapi_view_open_snapshot(&s->view, "ipsecapid") != 0) {
			snprintf(s->why, sizeof(s->why), "%s", ipsecapi_last_reason("ipsecapid"));
		}
	}
	view = s->view;
	snprintf(why, size, "%s", s->why);
	pthread_mutex_unlock(&s->lock);
	return view;
}

static void shared_view_release(struct shared_view *s)
{
	bool last;

	pthread_mutex_lock(&s->lock);
	last = --s->users == 0;
	pthread_mutex_unlock(&s->lock);
	if (last) {
		ipsecapi_view_close(s->view);
		pthread_mutex_destroy(&s->lock);
		free(s);
	}
}

static void refresh_free(struct refresh_job *r)
{
	size_t i;

	for (i = 0; i < r->nparts; i++) {
		ipsecapi_latch_table_clear(&r->parts[i].copy);
	}
	free(r->parts);
	free(r);
}

static void run_refresh(struct job *job)
{
	struct refresh_job *r = (struct refresh_job *)job;
	char why[400] = "";
	struct ipsecapi_kernel_view *view = shared_view_get(r->shared, why, sizeof(why));
	size_t i;

	for (i = 0; i < r->nparts; i++) {
		struct refresh_part *part = &r->parts[i];

		if (view == NULL) {
			part->failed = true;
			snprintf(part->why, sizeof(part->why), "%s", why);
		} else if (ipsecapi_latch_table_refresh(&part->copy, true, view, "ipsecapid") != 0) {
			part->failed = true;
			snprintf(part->why, sizeof(part->why), "%s", ipsecapi_last_reason("ipsecapid"));
		}
	}
	shared_view_release(r->shared);
	r->shared = NULL;
}

/* The states worked out, into the watches they were copied from. */
static void apply_refresh_part(struct broker *b, struct client *c, const struct refresh_part *part)
{
	size_t i;

	for (i = 0; i < part->copy.n; i++) {
		const struct ipsecapi_latch_entry *done = &part->copy.e[i];
		struct ipsecapi_latch_entry *e = ipsecapi_latch_table_by_tag(&c->watches, done->tag);
		bool dirty;

		if (e == NULL || e->flow.cookie != done->flow.cookie ||
		    e->state == IPSEC_API_LATCH_CLOSED) {
			continue; /* unwatched, watched anew, or closed meanwhile */
		}
		dirty = e->dirty; /* marked again meanwhile: another round */
		ipsecapi_latch_entry_set(e, done->state);
		e->dirty = dirty;
		e->guarded = done->guarded;
		e->guard = done->guard;
	}
	c->dirt = watches_dirty(c);
	b->dirt_pending |= c->dirt;
}

static void refresh_done(struct job *job, void *context)
{
	struct refresh_job *r = (struct refresh_job *)job;
	struct broker *b = context;
	size_t i;

	if (r->shared != NULL) {
		shared_view_release(r->shared); /* cancelled: never ran */
	}
	r->account->jobs--;
	for (i = 0; i < r->nparts; i++) {
		const struct refresh_part *part = &r->parts[i];
		struct client *c = broker_client(b, part->slot, part->client);
		char who[96];

		if (c == NULL) {
			continue;
		}
		c->refreshing = false;
		if (job->cancelled) {
			continue;
		}
		if (part->failed) {
			/* A state that cannot be worked out is not reported as the
			 * old one: the watch ends, and the client knows. */
			broker_describe_peer(c, who, sizeof(who));
			broker_log(LOG_INFO, "%s: latch watch ended: %s", who, part->why);
			c->gone = true;
			continue;
		}
		apply_refresh_part(b, c, part);
		if (!c->blocked) {
			watches_push_news(b, c);
		}
	}
	refresh_free(r);
}

/* Copies c's dirty watches into a new part of r, and marks them as being
 * worked out: 0, or -1 without memory. */
static int take_part(struct refresh_job *r, struct broker *b, struct client *c)
{
	struct refresh_part *part;
	size_t i;

	part = ipsecapi_array_room(r->parts, r->nparts, &r->cap, sizeof(*part));
	if (part == NULL) {
		return -1;
	}
	r->parts = part;
	part = &r->parts[r->nparts];
	memset(part, 0, sizeof(*part));
	part->slot = broker_slot_of(b, c);
	part->client = c->id;
	for (i = 0; i < c->watches.n; i++) {
		if (c->watches.e[i].dirty &&
		    ipsecapi_latch_table_add(&part->copy, &c->watches.e[i], "ipsecapid") != 0) {
			ipsecapi_latch_table_clear(&part->copy);
			return -1;
		}
	}
	for (i = 0; i < c->watches.n; i++) {
		c->watches.e[i].dirty = false;
	}
	r->nparts++;
	c->dirt = false;
	c->refreshing = true;
	return 0;
}

/* The refresh job of c's user, made if this refresh has none yet. */
static struct refresh_job *job_of(struct client *c, struct shared_view *shared,
				  struct job **list)
{
	struct refresh_job *r = c->account->refresh;

	if (r != NULL) {
		return r;
	}
	r = calloc(1, sizeof(*r));
	if (r == NULL) {
		return NULL;
	}
	r->job.lane = c->account->uid;
	r->job.run = run_refresh;
	r->job.done = refresh_done;
	r->job.next = *list;
	*list = &r->job;
	r->account = c->account;
	r->account->jobs++;
	r->shared = shared;
	shared->users++;
	c->account->refresh = r;
	return r;
}

int refresh_wait_ms(const struct broker *b, int64_t now_ms)
{
	if (!b->dirt_pending && !b->all_changed) {
		return -1;
	}
	return b->next_refresh_ms > now_ms ? (int)(b->next_refresh_ms - now_ms) : 0;
}

struct job *refresh_begin(struct broker *b, int64_t now_ms)
{
	struct shared_view *shared;
	struct job *list = NULL, *j;
	bool waiting = false;
	size_t i;

	if (refresh_wait_ms(b, now_ms) != 0) {
		return NULL;
	}
	watches_mark_all_changed(b);
	shared = shared_view_new();
	if (shared == NULL) {
		return NULL; /* without memory now; the dirt stays for later */
	}
	shared->users = 1; /* this function's, until the jobs are made */
	for (i = 0; i < b->nactive; i++) {
		struct client *c = &b->clients[b->active[i]];
		struct refresh_job *r;

		if (!c->dirt || c->gone) {
			continue;
		}
		if (c->refreshing) {
			continue; /* after its refresh in progress, which marks it */
		}
		r = job_of(c, shared, &list);
		if (r == NULL || take_part(r, b, c) != 0) {
			waiting = true;
		}
	}
	for (j = list; j != NULL; j = j->next) {
		((struct refresh_job *)j)->account->refresh = NULL;
	}
	shared_view_release(shared);
	b->dirt_pending = waiting;
	b->next_refresh_ms = now_ms + IPSECAPID_REFRESH_INTERVAL_MS;
	return list;
}
