/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guards after close (after_close.h) for the broker's watches: when the
 * socket of a watched TCP connection whose own policies required IPsec is
 * destroyed, its exact flow goes into the SPD, demanding the same, before
 * the watch reports CLOSED, as a watch in a privileged process does.
 * Putting it there is a kernel request, so it runs on a worker, in a lane
 * of the broker's own that no user's requests delay.
 */
#ifndef IPSECAPID_GUARDS_H
#define IPSECAPID_GUARDS_H

#include <stdbool.h>
#include <stdint.h>

#include "broker.h"
#include "workers.h"

/* The lane of the guards: no user's. */
#define IPSECAPID_GUARD_LANE ((uid_t)-1)

struct guard_job;

/* Adds the guard of watch e of client c to *job (made if NULL): 0, or -1
 * without memory. */
int guards_add(struct guard_job **job, struct broker *b, const struct client *c,
	       const struct ipsecapi_latch_entry *e);

/* Queues *job (if any) for the workers (broker_queue_job): its watches
 * are CLOSED once their guards are in place (or could not be, which is
 * logged). */
void guards_queue(struct broker *b, struct guard_job *job);

#endif
