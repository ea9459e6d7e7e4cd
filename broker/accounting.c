/* SPDX-License-Identifier: BSD-2-Clause */
/* What each user holds of the broker (accounting.h). */
#include <stdlib.h>
#include <string.h>

#include "accounting.h"
#include "engine.h"

void accounts_init(struct accounts *all, double esp_rate, double esp_burst)
{
	memset(all, 0, sizeof(*all));
	all->esp_rate = esp_rate;
	all->esp_burst = esp_burst;
}

struct account *accounts_get(struct accounts *all, uid_t uid, double now)
{
	struct account *a, **more;
	size_t i;

	for (i = 0; i < all->n; i++) {
		if (all->a[i]->uid == uid) {
			return all->a[i];
		}
	}
	more = ipsecapi_array_room(all->a, all->n, &all->cap, sizeof(*more));
	if (more == NULL) {
		return NULL;
	}
	all->a = more;
	a = calloc(1, sizeof(*a));
	if (a == NULL) {
		return NULL;
	}
	a->uid = uid;
	token_bucket_fill(&a->esp_demands, all->esp_burst, now);
	all->a[all->n++] = a;
	return a;
}

void accounts_forget_idle(struct accounts *all, double now)
{
	size_t i = all->n;

	while (i-- > 0) {
		struct account *a = all->a[i];

		if (a->connections == 0 && a->watches == 0 && a->jobs == 0 &&
		    token_bucket_full(&a->esp_demands, all->esp_rate, all->esp_burst, now)) {
			free(a);
			all->a[i] = all->a[--all->n];
		}
	}
}

void accounts_clear(struct accounts *all)
{
	size_t i;

	for (i = 0; i < all->n; i++) {
		free(all->a[i]);
	}
	free(all->a);
	all->a = NULL;
	all->n = all->cap = 0;
}

bool account_take_esp_demand(struct account *a, const struct accounts *all, double now)
{
	return token_bucket_take(&a->esp_demands, all->esp_rate, all->esp_burst, now);
}
