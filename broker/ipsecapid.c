/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsecapid: the IPsec API broker.  Applications without CAP_NET_ADMIN
 * ask it, through libipsecapi, about their own sockets: each request
 * carries the socket itself (SCM_RIGHTS), and the broker answers about, or
 * sets the policy of, that socket only (requests.c), or watches its latch
 * and reports the changes (watches.c, refresh.c).  It runs as root or with
 * CAP_NET_ADMIN, in the foreground; options.h has its command line.
 *
 * It listens on a path (default /run/ipsecapi/broker.sock, mode 0666), or
 * on the one socket that systemd passes (LISTEN_FDS; ipsecapid.socket).
 * This file is its main thread, which only does I/O: it accepts and reads
 * connections, writes answers and news, and closes connections that break
 * the protocol (broker_proto.h), stay idle past the timeout or do not take
 * their answer.  The work that may wait on the kernel or on the key
 * manager runs on the workers (workers.h), each user's in turn; the
 * kernel's events are read on a thread of their own (latch_feed.h).  One
 * line per request goes to stderr: the peer's pid, uid and gid
 * (SO_PEERCRED), the request, the socket and the outcome.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "broker.h"
#include "broker_link.h"
#include "engine.h"
#include "fd_budget.h"
#include "latch_feed.h"
#include "listener.h"
#include "log.h"
#include "refresh.h"
#include "requests.h"
#include "watches.h"
#include "workers.h"

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

/* The broker and what only the daemon has of it. */
struct daemon {
	struct broker b;
	int listener;
	int64_t listener_paused_until; /* ms: no descriptor to accept with */
	struct listener_file listener_file; /* the socket file it made, if it did */
	struct spare_fd spare;
	struct workers *workers;
	struct latch_feed *feed;
	time_t housekept;
};

/* Takes the new connections: each is refused (closed at once) when the
 * broker or its user has as many as allowed, so that no one user can
 * take them all. */
static void accept_clients(struct daemon *d)
{
	struct ucred peer;
	socklen_t len;
	int fd;

	for (;;) {
		fd = accept4(d->listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0 && (errno == EMFILE || errno == ENFILE)) {
			int refused = spare_fd_refuse(&d->spare, d->listener, errno);

			if (refused < 0) {
				d->listener_paused_until = ipsecapid_now_ms() + 1000;
			}
			if (refused <= 0) {
				return;
			}
			continue;
		}
		if (fd < 0 && (errno == ENOBUFS || errno == ENOMEM)) {
			d->listener_paused_until = ipsecapid_now_ms() + 100;
			return;
		}
		if (fd < 0 && (errno == EINTR || errno == ECONNABORTED)) {
			continue;
		}
		if (fd < 0) {
			return; /* EAGAIN: none left */
		}
		len = sizeof(peer);
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &len) != 0 ||
		    broker_add_client(&d->b, fd, &peer) == NULL) {
			close(fd); /* refused, and logged; or no one to serve or to log */
		}
	}
}

/* One message of client c, which goes to the workers. */
static void read_client(struct daemon *d, struct client *c)
{
	struct ipsecapi_broker_msg req;
	struct job *job;
	int fd, rc = ipsecapi_broker_recv(c->fd, true, &req, &fd, "ipsecapid");
	char who[96];

	if (rc < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
		return;
	}
	if (rc < 0) {
		broker_describe_peer(c, who, sizeof(who));
		broker_log(LOG_NOTICE, "%s: connection closed: %s", who,
			ipsecapi_last_reason("ipsecapid"));
	}
	if (rc <= 0) {
		c->gone = true;
		return;
	}
	job = request_begin(&d->b, c, &req, fd);
	ipsecapi_broker_msg_clear(&req);
	if (job != NULL) {
		workers_submit(d->workers, job);
	}
}

/* The news of the kernel's events: -1 if they cannot be followed at all. */
static int take_latch_news(struct daemon *d)
{
	struct broker *b = &d->b;
	struct latch_feed_news news;
	size_t i;

	latch_feed_take(d->feed, &news);
	if (news.start_failed) {
		broker_log(LOG_ERR, "%s", news.why);
		free(news.destroyed);
		return -1;
	}
	if (news.started) {
		broker_log(LOG_INFO, "following the kernel's XFRM events and the destruction "
				"of sockets");
	}
	if (news.failed) {
		/* Nothing is known any more: every watch ends. */
		broker_log(LOG_ERR, "every latch watch ended: %s", news.why);
		for (i = 0; i < b->nactive; i++) {
			struct client *c = &b->clients[b->active[i]];

			c->gone |= c->watches.n > 0;
		}
	}
	if (news.changed) {
		b->change_seq++;
		b->all_changed = true;
	}
	for (i = 0; i < news.ndestroyed; i++) {
		watches_destroyed(b, news.destroyed[i]);
	}
	free(news.destroyed);
	return 0;
}

static void finish_jobs(struct daemon *d)
{
	struct job *job = workers_take_done(d->workers), *next;

	for (; job != NULL; job = next) {
		next = job->next;
		job->done(job, &d->b);
	}
}

static void submit(struct daemon *d, struct job *job)
{
	struct job *next;

	for (; job != NULL; job = next) {
		next = job->next;
		workers_submit(d->workers, job);
	}
}

/* The refresh if one is due, and what the main thread's handlers made. */
static void start_jobs(struct daemon *d)
{
	submit(d, refresh_begin(&d->b, ipsecapid_now_ms()));
	submit(d, broker_take_ready_jobs(&d->b));
}

/* Once a second: idle connections go, and the records of users who hold
 * nothing any more. */
static void keep_house(struct daemon *d)
{
	time_t t = ipsecapid_now();

	if (t == d->housekept) {
		return;
	}
	d->housekept = t;
	broker_expire_idle(&d->b);
	accounts_forget_idle(&d->b.accounts, ipsecapid_seconds());
}

/* How long poll() may wait. */
static int poll_timeout(const struct daemon *d)
{
	int64_t now = ipsecapid_now_ms();
	int timeout = 1000, refresh = refresh_wait_ms(&d->b, now);

	if (refresh >= 0 && refresh < timeout) {
		timeout = refresh;
	}
	if (d->listener_paused_until > now && d->listener_paused_until - now < timeout) {
		timeout = (int)(d->listener_paused_until - now);
	}
	return timeout;
}

/* The poll set: the listener, the finished jobs, the latches' news, then
 * one entry per client. */
#define FIRST_CLIENT 3

static int serve_until_stopped(struct daemon *d)
{
	struct broker *b = &d->b;
	struct pollfd *p = calloc(b->max_clients + FIRST_CLIENT, sizeof(*p));
	size_t i, n;
	int rc = 0;

	if (p == NULL) {
		return 1;
	}
	p[1].fd = workers_done_fd(d->workers);
	p[2].fd = latch_feed_fd(d->feed);
	p[0].events = p[1].events = p[2].events = POLLIN;
	while (!stopping) {
		p[0].fd = ipsecapid_now_ms() < d->listener_paused_until ? -1 : d->listener;
		for (i = 0; i < b->nactive; i++) {
			const struct client *c = &b->clients[b->active[i]];

			p[FIRST_CLIENT + i].fd = c->fd;
			/* One request at a time: the next waits in its socket. */
			p[FIRST_CLIENT + i].events =
				(short)((c->busy ? 0 : POLLIN) | (c->blocked ? POLLOUT : 0));
			p[FIRST_CLIENT + i].revents = 0;
		}
		n = b->nactive;
		p[0].revents = p[1].revents = p[2].revents = 0;
		if (poll(p, n + FIRST_CLIENT, poll_timeout(d)) < 0 && errno != EINTR) {
			perror("ipsecapid: poll");
			rc = 1;
			break;
		}
		if (p[2].revents != 0 && take_latch_news(d) != 0) {
			rc = 1;
			break;
		}
		if (p[1].revents != 0) {
			finish_jobs(d);
		}
		/* Clients are only dropped below: the slots polled stay. */
		for (i = 0; i < n; i++) {
			struct client *c = &b->clients[b->active[i]];
			short revents = p[FIRST_CLIENT + i].revents;

			if ((revents & POLLOUT) && c->blocked && !c->gone) {
				watches_push_news(b, c);
			}
			if (c->gone) {
				continue;
			}
			if (!c->busy && (revents & (POLLIN | POLLHUP | POLLERR))) {
				read_client(d, c);
			} else if (c->busy && (revents & (POLLHUP | POLLERR))) {
				c->gone = true; /* its request's answer will find no one */
			}
		}
		start_jobs(d);
		keep_house(d);
		broker_drop_gone(b);
		if (p[0].revents & POLLIN) {
			accept_clients(d);
		}
	}
	free(p);
	return rc;
}

/* The connections served at once: the option's, within what the
 * descriptors allow; 0 if they allow none. */
static size_t connections_allowed(const struct broker_options *o)
{
	size_t limit = fd_budget_raise(), allowed = fd_budget_clients(limit, o->workers);

	if (allowed == 0) {
		broker_log(LOG_ERR,
			"RLIMIT_NOFILE is %zu, which leaves no descriptor for connections "
			"(%zu are kept for the broker's own): raise it (LimitNOFILE=)",
			limit, fd_budget_reserve(o->workers));
		return 0;
	}
	if (o->max_clients > allowed) {
		broker_log(LOG_WARNING,
			"--max-clients %zu lowered to %zu: RLIMIT_NOFILE is %zu, a "
			"connection may hold 2 descriptors (its own and its request's socket), and %zu "
			"are kept for the broker's own",
			o->max_clients, allowed, limit, fd_budget_reserve(o->workers));
		return allowed;
	}
	return o->max_clients;
}

/* The kernel's events are opened on their thread; what the first second
 * tells comes before the broker listens, so that a broker that cannot
 * follow them (no CAP_NET_ADMIN) ends at once.  (Opening them may wait on
 * charon for longer, and the broker need not.) */
static int await_latch_feed(struct daemon *d)
{
	struct pollfd p = { .fd = latch_feed_fd(d->feed), .events = POLLIN, .revents = 0 };

	return poll(&p, 1, 1000) == 1 ? take_latch_news(d) : 0;
}

static int start_serving(struct daemon *d, const struct broker_options *o)
{
	size_t max_clients = connections_allowed(o);
	sigset_t signals, was;
	bool started;
	char why[600];

	if (max_clients == 0 || broker_init(&d->b, o, max_clients) != 0) {
		return -1;
	}
	if (subuid_ranges_load(o->subuid_file, &d->b.subuids, why, sizeof(why)) != 0) {
		broker_log(LOG_ERR,
			"%s (the uids of its ranges count as their owners' for the "
			"per-user limits)",
			why);
		return -1;
	}
	/* The threads leave SIGTERM and SIGINT to the main thread, whose
	 * poll() they interrupt. */
	sigemptyset(&signals);
	sigaddset(&signals, SIGTERM);
	sigaddset(&signals, SIGINT);
	pthread_sigmask(SIG_BLOCK, &signals, &was);
	started = spare_fd_open(&d->spare) == 0 && latch_feed_start(&d->feed, d->b.watched) == 0 &&
		  workers_start(&d->workers, o->workers, IPSECAPID_RUNNING_PER_USER) == 0;
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	if (!started) {
		perror("ipsecapid: cannot start");
		return -1;
	}
	if (await_latch_feed(d) != 0) {
		return -1;
	}
	broker_log(LOG_INFO,
		"up to %zu connections, %zu per user, %zu latch watches per user; %u "
		"workers; reqids allowed: %s; socket policies that require ESP: %.0f a second per "
		"user, %.0f at once; %zu subordinate uid ranges (%s) count as their owners",
		d->b.max_clients, o->max_per_user, o->max_watches_per_user, o->workers,
		o->reqids.text, o->esp_demand_rate, o->esp_demand_burst, d->b.subuids.n,
		o->subuid_file);
	d->listener = listener_from_systemd();
	if (d->listener < 0) {
		d->listener = listener_at(o->socket_path, &d->listener_file);
		broker_log(LOG_INFO, "listening on %s", o->socket_path);
	} else {
		broker_log(LOG_INFO, "listening on the socket systemd passed");
	}
	return 0;
}

static void stop_serving(struct daemon *d)
{
	if (d->workers != NULL) {
		workers_stop(d->workers);
		finish_jobs(d); /* what never ran comes back cancelled */
		workers_free(d->workers);
	}
	latch_feed_stop(d->feed);
	broker_clear(&d->b);
	spare_fd_close(&d->spare);
	if (d->listener >= 0) {
		close(d->listener);
	}
	listener_remove(&d->listener_file);
}

int main(int argc, char **argv)
{
	struct broker_options o;
	struct daemon d;
	struct sigaction sa;
	int rc = 1;

	if (broker_options_default(&o) != 0) {
		return 1;
	}
	broker_options_parse(argc, argv, &o);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	memset(&d, 0, sizeof(d));
	d.listener = -1;
	d.spare.fd = -1;
	if (start_serving(&d, &o) == 0) {
		rc = serve_until_stopped(&d);
	}
	stop_serving(&d);
	broker_options_clear(&o);
	return rc;
}
