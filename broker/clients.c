/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsecapid's connections (broker.h): slots that do not move, so that a
 * job finds its client by slot and id, and the per-user limits.  A user
 * is the uid of the peer, or the owner of the subordinate range that
 * holds it: a user namespace's uids are their owner's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "broker.h"
#include "log.h"
#include "watches.h"

int broker_init(struct broker *b, const struct broker_options *o, size_t max_clients)
{
	size_t i;

	memset(b, 0, sizeof(*b));
	b->opt = o;
	b->max_clients = max_clients;
	b->clients = calloc(max_clients, sizeof(*b->clients));
	b->active = calloc(max_clients, sizeof(*b->active));
	b->free_slots = calloc(max_clients, sizeof(*b->free_slots));
	b->watched = watched_cookies_new();
	if (b->clients == NULL || b->active == NULL || b->free_slots == NULL || b->watched == NULL) {
		broker_clear(b);
		return -1;
	}
	for (i = 0; i < max_clients; i++) {
		b->free_slots[b->nfree++] = max_clients - 1 - i; /* slot 0 first */
	}
	accounts_init(&b->accounts, o->esp_demand_rate, o->esp_demand_burst);
	return 0;
}

static void drop_client(struct broker *b, size_t active_index)
{
	size_t slot = b->active[active_index];
	struct client *c = &b->clients[slot];

	close(c->fd);
	watches_clear(b, c);
	c->account->connections--;
	memset(c, 0, sizeof(*c));
	b->active[active_index] = b->active[--b->nactive];
	b->free_slots[b->nfree++] = slot;
}

void broker_clear(struct broker *b)
{
	struct job *job = broker_take_ready_jobs(b), *next;

	/* Jobs never submitted: cancelled, their owners free them. */
	for (; job != NULL; job = next) {
		next = job->next;
		job->cancelled = true;
		job->done(job, b);
	}
	while (b->nactive > 0) {
		drop_client(b, 0);
	}
	accounts_clear(&b->accounts);
	subuid_ranges_clear(&b->subuids);
	watched_cookies_free(b->watched);
	free(b->clients);
	free(b->active);
	free(b->free_slots);
	memset(b, 0, sizeof(*b));
}

void broker_describe_peer(const struct client *c, char *out, size_t size)
{
	if (c->account->uid != c->peer.uid) {
		snprintf(out, size, "pid %ld uid %ld (counted as uid %ld) gid %ld", (long)c->peer.pid,
			 (long)c->peer.uid, (long)c->account->uid, (long)c->peer.gid);
	} else {
		snprintf(out, size, "pid %ld uid %ld gid %ld", (long)c->peer.pid, (long)c->peer.uid,
			 (long)c->peer.gid);
	}
}

struct client *broker_add_client(struct broker *b, int fd, const struct ucred *peer)
{
	uid_t user = subuid_owner(&b->subuids, peer->uid);
	struct account *a;
	struct client *c;
	char counted[48] = "";

	if (user != peer->uid) {
		snprintf(counted, sizeof(counted), " (counted as uid %ld)", (long)user);
	}
	if (b->nactive == b->max_clients) {
		broker_log(LOG_WARNING,
			"pid %ld uid %ld%s: %zu connections already (--max-clients): one "
			"more refused",
			(long)peer->pid, (long)peer->uid, counted, b->nactive);
		return NULL;
	}
	a = accounts_get(&b->accounts, user, ipsecapid_seconds());
	if (a == NULL) {
		broker_log(LOG_ERR, "pid %ld uid %ld: no memory for its user: refused",
			(long)peer->pid, (long)peer->uid);
		return NULL;
	}
	if (a->connections >= b->opt->max_per_user) {
		broker_log(LOG_WARNING,
			"pid %ld uid %ld%s: %zu connections of uid %ld already "
			"(--max-per-user): one more refused",
			(long)peer->pid, (long)peer->uid, counted, a->connections, (long)user);
		return NULL;
	}
	c = &b->clients[b->free_slots[--b->nfree]];
	memset(c, 0, sizeof(*c));
	c->in_use = true;
	c->id = ++b->next_id;
	c->fd = fd;
	c->peer = *peer;
	c->account = a;
	c->last = ipsecapid_now();
	a->connections++;
	b->active[b->nactive++] = (size_t)(c - b->clients);
	return c;
}

struct client *broker_client(struct broker *b, size_t slot, uint64_t id)
{
	struct client *c = slot < b->max_clients ? &b->clients[slot] : NULL;

	return c != NULL && c->in_use && c->id == id ? c : NULL;
}

size_t broker_slot_of(const struct broker *b, const struct client *c)
{
	return (size_t)(c - b->clients);
}

void broker_expire_idle(struct broker *b)
{
	time_t t = ipsecapid_now();
	size_t i;

	for (i = 0; i < b->nactive; i++) {
		struct client *c = &b->clients[b->active[i]];

		if (!c->busy && c->watches.n == 0 && t - c->last > b->opt->idle_timeout) {
			c->gone = true;
		}
	}
}

void broker_drop_gone(struct broker *b)
{
	size_t i = b->nactive;

	while (i-- > 0) {
		if (b->clients[b->active[i]].gone) {
			drop_client(b, i);
		}
	}
}

void broker_queue_job(struct broker *b, struct job *job)
{
	struct job **at = &b->ready;

	while (*at != NULL) {
		at = &(*at)->next;
	}
	job->next = NULL;
	*at = job;
}

struct job *broker_take_ready_jobs(struct broker *b)
{
	struct job *ready = b->ready;

	b->ready = NULL;
	return ready;
}
