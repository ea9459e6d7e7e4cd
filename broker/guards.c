/* SPDX-License-Identifier: BSD-2-Clause */
/* Guards after close for the broker's watches (guards.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipsecapi.h"
#include "engine.h"
#include "guards.h"
#include "log.h"
#include "watches.h"

struct guarded_watch {
	size_t slot;
	uint64_t client;
	uint32_t tag;
	struct ipsecapi_flow flow;
	struct ipsecapi_guard guard;
	char who[96];
	char failed[300]; /* why there is no guard, or "" */
};

struct guard_job {
	struct job job;
	struct guarded_watch *w;
	size_t n, cap;
};

static void run_guards(struct job *job)
{
	struct guard_job *g = (struct guard_job *)job;
	size_t i;

	for (i = 0; i < g->n; i++) {
		struct guarded_watch *w = &g->w[i];

		if (ipsecapi_after_close_guard(&w->flow, &w->guard, "ipsecapid") != 0) {
			snprintf(w->failed, sizeof(w->failed), "%s", ipsecapi_last_reason("ipsecapid"));
			/* The connection is gone: its late answers fall back to the
			 * SPD, as without a guard; the log says so. */
			broker_log(LOG_WARNING, "%s: no guard after close for watch %u: %s",
				w->who, (unsigned)w->tag, w->failed);
		}
	}
}

/* The guards are in place: their watches are CLOSED. */
static void guards_done(struct job *job, void *context)
{
	struct guard_job *g = (struct guard_job *)job;
	struct broker *b = context;
	size_t i;

	/* Cancelled, the broker is stopping: its clients go anyway. */
	for (i = 0; !job->cancelled && i < g->n; i++) {
		const struct guarded_watch *w = &g->w[i];
		struct client *c = broker_client(b, w->slot, w->client);
		struct ipsecapi_latch_entry *e =
			c != NULL ? ipsecapi_latch_table_by_tag(&c->watches, w->tag) : NULL;

		if (e != NULL && e->flow.cookie == w->flow.cookie) {
			ipsecapi_latch_entry_set(e, IPSEC_API_LATCH_CLOSED);
			if (!c->blocked) {
				watches_push_news(b, c);
			}
		}
	}
	free(g->w);
	free(g);
}

int guards_add(struct guard_job **job, struct broker *b, const struct client *c,
	       const struct ipsecapi_latch_entry *e)
{
	struct guard_job *g = *job;
	struct guarded_watch *w;

	if (g == NULL) {
		g = calloc(1, sizeof(*g));
		if (g == NULL) {
			return -1;
		}
		g->job.lane = IPSECAPID_GUARD_LANE;
		g->job.run = run_guards;
		g->job.done = guards_done;
		*job = g;
	}
	w = ipsecapi_array_room(g->w, g->n, &g->cap, sizeof(*w));
	if (w == NULL) {
		return -1;
	}
	g->w = w;
	w = &g->w[g->n++];
	memset(w, 0, sizeof(*w));
	w->slot = broker_slot_of(b, c);
	w->client = c->id;
	w->tag = e->tag;
	w->flow = e->flow;
	w->guard = e->guard;
	broker_describe_peer(c, w->who, sizeof(w->who));
	return 0;
}

void guards_queue(struct broker *b, struct guard_job *job)
{
	if (job != NULL) {
		broker_queue_job(b, &job->job);
	}
}
