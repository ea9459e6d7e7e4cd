/* SPDX-License-Identifier: BSD-2-Clause */
/* ipsecapid's answers to requests, each logged with its peer (requests.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipsecapi.h"
#include "broker_link.h"
#include "engine.h"
#include "log.h"
#include "requests.h"
#include "watches.h"

struct request_job {
	struct job job;
	size_t slot;
	uint64_t client;
	struct account *account;
	char who[96];                      /* the peer, for the log */
	const char *fn;
	struct ipsecapi_broker_msg req;
	int fd;                            /* the socket it is about, or -1 */
	uint64_t cookie;                   /* that socket's, or 0 */
	uint64_t change_seq;               /* the broker's when it began */
	bool refused;                      /* by the main thread's checks: answer says why */
	bool watch_reserved;
	struct ipsecapi_latch_entry entry; /* a watch request's new watch */
	struct ipsecapi_broker_msg answer;
};

/* The function of the application's library that made the request, for
 * the error's words and the log. */
static const char *function_of(uint8_t type)
{
	switch (type) {
	case IPSECAPI_BROKER_GET_SOCKET_PTOKEN:
		return "ipsec_get_socket_pToken";
	case IPSECAPI_BROKER_SET_SOCKET_PTOKEN:
		return "ipsec_set_socket_pToken";
	case IPSECAPI_BROKER_WATCH_LATCH:
		return "ipsec_watch_latch";
	case IPSECAPI_BROKER_GET_DATAGRAM_PTOKEN:
		return "ipsec_get_msg_pToken";
	case IPSECAPI_BROKER_CHECK_DATAGRAM:
		return "ipsec_sendmsg";
	default:
		return "ipsec_unwatch_latch";
	}
}

/* fn without the "ipsec_" that begins the name of each of the library's
 * functions (function_of), for the log: "get_socket_pToken".  fn whole if
 * it does not begin so. */
static const char *without_library_prefix(const char *fn)
{
	static const char prefix[] = "ipsec_";
	const size_t n = sizeof(prefix) - 1;

	return strncmp(fn, prefix, n) == 0 ? fn + n : fn;
}

static void log_request(const char *who, const char *fn, int fd, uint32_t tag,
			const char *outcome)
{
	const char *request = without_library_prefix(fn);
	/* Refusals stand out in the journal; answers are routine. */
	int priority = strcmp(outcome, "ok") == 0 ? LOG_INFO : LOG_NOTICE;
	struct stat st;

	if (fd < 0) {
		broker_log(priority, "%s: %s watch %u: %s", who, request, (unsigned)tag, outcome);
		return;
	}
	broker_log(priority, "%s: %s socket:[%lu]: %s", who, request,
		fstat(fd, &st) == 0 ? (unsigned long)st.st_ino : 0ul, outcome);
}

/* The reason for the application: the broker's number for the socket
 * means nothing to it. */
static void explain(char *out, size_t size, int fd, const char *fn)
{
	char number[24];
	const char *reason = ipsecapi_last_reason(fn), *at;
	size_t n;

	if (errno == EXDEV) {
		snprintf(out, size,
			 "the socket belongs to another network namespace than the IPsec API "
			 "broker, which answers for the sockets of its own: run one in the "
			 "socket's namespace (ipsecapid(8))");
		return;
	}
	n = (size_t)snprintf(number, sizeof(number), "fd %d", fd);
	at = fd >= 0 ? strstr(reason, number) : NULL;
	if (at == NULL || (at[n] >= '0' && at[n] <= '9')) {
		snprintf(out, size, "%s", reason);
		return;
	}
	snprintf(out, size, "%.*sthe socket%s", (int)(at - reason), reason, at + n);
}

/* The answer ERROR, with the error the calling thread recorded for fn. */
static void fail_answer(struct ipsecapi_broker_msg *answer, int fd, const char *fn)
{
	int err = errno;

	ipsecapi_broker_msg_clear(answer);
	memset(answer, 0, sizeof(*answer));
	answer->type = IPSECAPI_BROKER_ERROR;
	answer->error = err > 0 ? err : EIO;
	errno = answer->error;
	explain(answer->message, sizeof(answer->message), fd, fn);
	if (answer->message[0] == '\0') {
		snprintf(answer->message, sizeof(answer->message), "%s", strerror(answer->error));
	}
}

/* What the broker allows a socket's policy to demand: only protection
 * (the policy replaces the system's for the socket), only the reqids the
 * administrator listed, and only so many a second per user (each lets
 * the user make the kernel ask the key manager for SAs). */
static int allowed_demands(struct broker *b, struct client *c, const struct ipsecapi_token *p,
			   const char *fn)
{
	uint32_t reqid = ipsecapi_demanded_reqid(p);

	if (!ipsecapi_demands_protection(p)) {
		/* ANY would make ESP optional and DISABLE would bypass it, where
		 * the administrator's policy may require it. */
		return ipsecapi_fail(EPERM, fn,
				     "through the IPsec API broker, a socket's policy may only require "
				     "protection (privacy or integrity ENABLE or a level): ANY and "
				     "DISABLE would loosen the system's policy for it");
	}
	if (!reqid_list_allows(&b->opt->reqids, reqid)) {
		return ipsecapi_fail(EPERM, fn,
				     "through the IPsec API broker, a socket's policy may demand only "
				     "the reqids that the administrator allows (ipsecapid --reqids, "
				     "now %s; 0 is none demanded), not %u",
				     b->opt->reqids.text, (unsigned)reqid);
	}
	if (!account_take_esp_demand(c->account, &b->accounts, ipsecapid_seconds())) {
		return ipsecapi_fail(EAGAIN, fn,
				     "through the IPsec API broker, the socket policies that require "
				     "ESP are limited to %.0f a second for each user, %.0f at once "
				     "(ipsecapid --esp-demand-rate, --esp-demand-burst), and uid %ld "
				     "has had as many: try again later",
				     b->accounts.esp_rate, b->accounts.esp_burst,
				     (long)c->account->uid);
	}
	return 0;
}

/* The main thread's checks of a request, before any work: 0, or -1 with
 * the error recorded for fn. */
static int check_request(struct broker *b, struct client *c, struct request_job *r)
{
	switch (r->req.type) {
	case IPSECAPI_BROKER_SET_SOCKET_PTOKEN:
		return allowed_demands(b, c, r->req.ptoken, r->fn);
	case IPSECAPI_BROKER_WATCH_LATCH:
		if (watches_reserve(b, c, r->req.tag, r->cookie, r->fn) != 0) {
			return -1;
		}
		r->watch_reserved = true;
		return 0;
	default:
		return 0;
	}
}

static int get_ptoken(int fd, struct ipsecapi_broker_msg *answer, const char *fn)
{
	ipsec_pToken_t p = NULL;

	if (ipsecapi_socket_protection(fd, IPSECAPI_LATCH_IF_DUE, &p, fn) != 0) {
		return -1;
	}
	answer->type = IPSECAPI_BROKER_PTOKEN;
	answer->ptoken = (struct ipsecapi_token *)p;
	return 0;
}

static int set_ptoken(int fd, const struct ipsecapi_broker_msg *req,
		      struct ipsecapi_broker_msg *answer, const char *fn)
{
	/* Only stricter than the SPD: no loosening of a policy that may
	 * cover the socket's traffic (override_check.h). */
	if (ipsecapi_socket_set_protection(fd, (ipsec_pToken_t)req->ptoken, true, fn) != 0) {
		return -1;
	}
	answer->type = IPSECAPI_BROKER_DONE;
	return 0;
}

/* About a datagram on socket fd: its pToken, or whether it leaves
 * protected as demanded.  Nothing is latched or set. */
static int about_datagram(int fd, const struct ipsecapi_broker_msg *req,
			  struct ipsecapi_broker_msg *answer, const char *fn)
{
	const struct ipsecapi_broker_datagram *d = &req->datagram;
	struct ipsecapi_datagram_demand want;
	struct ipsecapi_flow flow;
	ipsec_pToken_t p = NULL;
	bool connected;

	if (ipsecapi_broker_datagram_flow(fd, d, &flow, &connected, fn) != 0) {
		return -1;
	}
	if (req->type == IPSECAPI_BROKER_CHECK_DATAGRAM) {
		want.min_privacy = ipsecapi_demanded_strength(d->privacy);
		want.min_integrity = ipsecapi_demanded_strength(d->integrity);
		want.reqid = d->reqid;
		answer->type = IPSECAPI_BROKER_DONE;
		return ipsecapi_datagram_enforced(&flow, connected, &want, fn);
	}
	if (ipsecapi_flow_protection(&flow, &p, fn) != 0) {
		return -1;
	}
	answer->type = IPSECAPI_BROKER_PTOKEN;
	answer->ptoken = (struct ipsecapi_token *)p;
	return 0;
}

/* A watch's first state; the watch itself is added by the main thread. */
static int watch_latch(int fd, const struct ipsecapi_broker_msg *req,
		       struct ipsecapi_latch_entry *e, struct ipsecapi_broker_msg *answer,
		       const char *fn)
{
	if (ipsecapi_latch_entry_of(fd, e, fn) != 0) {
		return -1;
	}
	e->fd = -1;
	e->tag = req->tag;
	e->news = false; /* the answer says it */
	answer->type = IPSECAPI_BROKER_LATCH_STATE;
	answer->tag = e->tag;
	answer->state = e->state;
	return 0;
}

/* The work of a request, on a worker. */
static void run_request(struct job *job)
{
	struct request_job *r = (struct request_job *)job;
	int rc = 0;

	if (!r->refused) {
		switch (r->req.type) {
		case IPSECAPI_BROKER_GET_SOCKET_PTOKEN:
			rc = get_ptoken(r->fd, &r->answer, r->fn);
			break;
		case IPSECAPI_BROKER_SET_SOCKET_PTOKEN:
			rc = set_ptoken(r->fd, &r->req, &r->answer, r->fn);
			break;
		case IPSECAPI_BROKER_WATCH_LATCH:
			rc = watch_latch(r->fd, &r->req, &r->entry, &r->answer, r->fn);
			break;
		default:
			rc = about_datagram(r->fd, &r->req, &r->answer, r->fn);
		}
		if (rc != 0) {
			fail_answer(&r->answer, r->fd, r->fn);
		}
	}
	log_request(r->who, r->fn, r->fd, r->req.tag,
		    r->answer.type == IPSECAPI_BROKER_ERROR ? r->answer.message : "ok");
	/* Closed here, not on the main thread: closing the last reference of
	 * a socket may wait (SO_LINGER). */
	if (r->fd >= 0) {
		close(r->fd);
		r->fd = -1;
	}
}

static void request_free(struct request_job *r)
{
	if (r->fd >= 0) {
		close(r->fd);
	}
	ipsecapi_broker_msg_clear(&r->req);
	ipsecapi_broker_msg_clear(&r->answer);
	free(r);
}

static void send_answer(struct client *c, const struct ipsecapi_broker_msg *answer,
			const char *fn)
{
	/* One that does not take its answer loses its connection. */
	if (ipsecapi_broker_send(c->fd, answer, -1, fn) != 0) {
		c->gone = true;
	}
	c->last = ipsecapid_now();
}

/* A request's job is back on the main thread. */
static void request_done(struct job *job, void *context)
{
	struct request_job *r = (struct request_job *)job;
	struct broker *b = context;
	struct client *c = broker_client(b, r->slot, r->client);
	bool watched = !job->cancelled && r->answer.type == IPSECAPI_BROKER_LATCH_STATE;

	r->account->jobs--;
	if (c == NULL || job->cancelled) {
		/* It disconnected meanwhile, or the broker is stopping. */
		if (r->watch_reserved) {
			watches_unreserve(b, r->account, r->cookie);
		}
		if (c != NULL) {
			c->busy = false;
		}
		request_free(r);
		return;
	}
	c->busy = false;
	if (!r->refused) {
		watches_touched(b, r->cookie); /* not the watch it adds: its answer says it */
	}
	if (r->watch_reserved && watched) {
		watches_add(b, c, &r->entry, b->change_seq != r->change_seq, c->busy_socket_gone);
	} else if (r->watch_reserved) {
		watches_unreserve(b, r->account, r->cookie);
	}
	c->busy_cookie = 0;
	c->busy_socket_gone = false;
	send_answer(c, &r->answer, r->fn);
	if (!c->gone && !c->blocked) {
		watches_push_news(b, c);
	}
	request_free(r);
}

const struct ipsecapi_broker_msg *request_answer(const struct job *job)
{
	return job->run == run_request ? &((const struct request_job *)job)->answer : NULL;
}

static uint64_t cookie_of(int fd)
{
	uint64_t cookie = 0;
	socklen_t len = sizeof(cookie);

	if (fd < 0 || getsockopt(fd, SOL_SOCKET, SO_COOKIE, &cookie, &len) != 0) {
		return 0;
	}
	return cookie;
}

/* UNWATCH_LATCH: the main thread's own, answered at once. */
static void unwatch_now(struct broker *b, struct client *c, const struct ipsecapi_broker_msg *req)
{
	const char *fn = function_of(req->type);
	struct ipsecapi_broker_msg answer;
	char who[96];

	memset(&answer, 0, sizeof(answer));
	if (watches_unwatch(b, c, req->tag, &answer, fn) != 0) {
		fail_answer(&answer, -1, fn);
	}
	broker_describe_peer(c, who, sizeof(who));
	log_request(who, fn, -1, req->tag,
		    answer.type == IPSECAPI_BROKER_ERROR ? answer.message : "ok");
	send_answer(c, &answer, fn);
	ipsecapi_broker_msg_clear(&answer);
}

struct job *request_begin(struct broker *b, struct client *c, struct ipsecapi_broker_msg *req,
			  int fd)
{
	struct request_job *r;

	c->last = ipsecapid_now();
	if (req->type == IPSECAPI_BROKER_UNWATCH_LATCH) {
		unwatch_now(b, c, req);
		if (fd >= 0) {
			close(fd); /* not reached: such a request carries none */
		}
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (r == NULL) {
		broker_log(LOG_ERR, "no memory for a request: its connection is closed");
		c->gone = true;
		if (fd >= 0) {
			close(fd);
		}
		return NULL;
	}
	r->job.lane = c->account->uid;
	r->job.run = run_request;
	r->job.done = request_done;
	r->slot = broker_slot_of(b, c);
	r->client = c->id;
	r->account = c->account;
	broker_describe_peer(c, r->who, sizeof(r->who));
	r->fn = function_of(req->type);
	r->req = *req;
	req->ptoken = NULL; /* the job's now */
	r->fd = fd;
	r->cookie = cookie_of(fd);
	r->change_seq = b->change_seq;
	if (check_request(b, c, r) != 0) {
		r->refused = true;
		fail_answer(&r->answer, -1, r->fn);
	}
	if (r->watch_reserved) {
		c->busy_cookie = r->cookie;
		c->busy_socket_gone = false;
	}
	r->account->jobs++;
	c->busy = true;
	return &r->job;
}
