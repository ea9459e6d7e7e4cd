/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsecapid's answers to requests.  A request read on the main thread is
 * checked there against what the broker allows (request_begin): a policy
 * that would not require ESP, a reqid the administrator did not list, a
 * user over its rate of such policies or its watches.  Then it is a job:
 * on a worker it is answered about its socket, logged, and the socket
 * closed; back on the main thread its answer is sent and a new watch
 * added.  An UNWATCH_LATCH, which needs no kernel, is answered at once.
 */
#ifndef IPSECAPID_REQUESTS_H
#define IPSECAPID_REQUESTS_H

#include "broker.h"
#include "broker_link.h"
#include "workers.h"

/* Takes request *req (moved out: the caller only clears what is left) of
 * client c, which carries socket fd (-1 for none; the request owns it
 * from now on).  NULL when it was answered at once (or could not be, when
 * c is marked gone); else its job, charged to c's user until it is done,
 * and c is busy until then. */
struct job *request_begin(struct broker *b, struct client *c, struct ipsecapi_broker_msg *req,
			  int fd);

/* The answer of a job of request_begin(), for a check (the fuzz target's):
 * NULL if it is no request's. */
const struct ipsecapi_broker_msg *request_answer(const struct job *job);

#endif
