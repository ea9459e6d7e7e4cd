/* SPDX-License-Identifier: BSD-2-Clause */
/* A counted set of socket cookies, for two threads (watched_cookies.h). */
#include <pthread.h>
#include <stdlib.h>

#include "watched_cookies.h"

struct cookie_node {
	uint64_t cookie;
	unsigned long count;
	struct cookie_node *next;
};

struct watched_cookies {
	pthread_mutex_t lock;
	struct cookie_node **buckets;
	size_t nbuckets, n; /* nbuckets is a power of two */
};

static size_t bucket_of(const struct watched_cookies *s, uint64_t cookie)
{
	/* Cookies count up: a multiplicative hash spreads them. */
	return (size_t)((cookie * 0x9e3779b97f4a7c15ull) >> 20) & (s->nbuckets - 1);
}

struct watched_cookies *watched_cookies_new(void)
{
	struct watched_cookies *s = calloc(1, sizeof(*s));

	if (s == NULL) {
		return NULL;
	}
	s->nbuckets = 64;
	s->buckets = calloc(s->nbuckets, sizeof(*s->buckets));
	if (s->buckets == NULL || pthread_mutex_init(&s->lock, NULL) != 0) {
		free(s->buckets);
		free(s);
		return NULL;
	}
	return s;
}

void watched_cookies_free(struct watched_cookies *s)
{
	size_t i;

	if (s == NULL) {
		return;
	}
	for (i = 0; i < s->nbuckets; i++) {
		while (s->buckets[i] != NULL) {
			struct cookie_node *next = s->buckets[i]->next;

			free(s->buckets[i]);
			s->buckets[i] = next;
		}
	}
	pthread_mutex_destroy(&s->lock);
	free(s->buckets);
	free(s);
}

static struct cookie_node **find(struct watched_cookies *s, uint64_t cookie)
{
	struct cookie_node **at = &s->buckets[bucket_of(s, cookie)];

	while (*at != NULL && (*at)->cookie != cookie) {
		at = &(*at)->next;
	}
	return at;
}

/* Twice the buckets, once there are more cookies than buckets; without
 * memory the chains just grow longer. */
static void grow(struct watched_cookies *s)
{
	size_t old = s->nbuckets, i;
	struct cookie_node **was = s->buckets;

	s->buckets = calloc(old * 2, sizeof(*s->buckets));
	if (s->buckets == NULL) {
		s->buckets = was;
		return;
	}
	s->nbuckets = old * 2;
	for (i = 0; i < old; i++) {
		while (was[i] != NULL) {
			struct cookie_node *node = was[i];
			size_t b = bucket_of(s, node->cookie);

			was[i] = node->next;
			node->next = s->buckets[b];
			s->buckets[b] = node;
		}
	}
	free(was);
}

int watched_cookies_add(struct watched_cookies *s, uint64_t cookie)
{
	struct cookie_node **at;
	int rc = 0;

	pthread_mutex_lock(&s->lock);
	at = find(s, cookie);
	if (*at != NULL) {
		(*at)->count++;
	} else if ((*at = calloc(1, sizeof(**at))) == NULL) {
		rc = -1;
	} else {
		(*at)->cookie = cookie;
		(*at)->count = 1;
		if (++s->n > s->nbuckets) {
			grow(s);
		}
	}
	pthread_mutex_unlock(&s->lock);
	return rc;
}

void watched_cookies_remove(struct watched_cookies *s, uint64_t cookie)
{
	struct cookie_node **at;

	pthread_mutex_lock(&s->lock);
	at = find(s, cookie);
	if (*at != NULL && --(*at)->count == 0) {
		struct cookie_node *gone = *at;

		*at = gone->next;
		free(gone);
		s->n--;
	}
	pthread_mutex_unlock(&s->lock);
}

bool watched_cookies_has(struct watched_cookies *s, uint64_t cookie)
{
	bool has;

	pthread_mutex_lock(&s->lock);
	has = *find(s, cookie) != NULL;
	pthread_mutex_unlock(&s->lock);
	return has;
}
