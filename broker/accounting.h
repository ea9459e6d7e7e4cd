/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What each user holds of the broker, for its per-user limits: its
 * connections, its latch watches (across all of them), its requests and
 * refreshes in progress, and its bucket of socket policies that require
 * ESP.  A user is the uid that SO_PEERCRED gives, or the owner of the
 * subordinate range that holds it (subuid.h).  A record outlives its
 * user's connections until its bucket is full again, so that connecting
 * anew does not refill it.
 */
#ifndef IPSECAPID_ACCOUNTING_H
#define IPSECAPID_ACCOUNTING_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "token_bucket.h"

struct account {
	uid_t uid;                       /* the user charged */
	size_t connections;
	size_t watches;                  /* held, and reserved by watch requests in progress */
	size_t jobs;                     /* requests and refreshes in progress */
	struct token_bucket esp_demands; /* socket policies that require ESP */
	struct refresh_job *refresh;     /* the refresh being gathered for it (refresh.c) */
};

struct accounts {
	struct account **a;
	size_t n, cap;
	double esp_rate, esp_burst;      /* per second, and at once */
};

void accounts_init(struct accounts *all, double esp_rate, double esp_burst);

/* The record of user uid, made (with a full bucket) if it has none; NULL
 * without memory. */
struct account *accounts_get(struct accounts *all, uid_t uid, double now);

/* Forgets the records that hold nothing and whose bucket is full. */
void accounts_forget_idle(struct accounts *all, double now);

void accounts_clear(struct accounts *all);

/* Takes one socket policy that requires ESP from a's bucket: whether one
 * was left. */
bool account_take_esp_demand(struct account *a, const struct accounts *all, double now);

#endif
