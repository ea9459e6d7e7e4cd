/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsecapid: the IPsec API broker.  Applications without CAP_NET_ADMIN
 * ask it, through libipsecapi, about their own sockets: each request
 * carries the socket itself (SCM_RIGHTS), and the broker answers about, or
 * sets the policy of, that socket only (requests.c), or watches its latch
 * and reports the changes (watches.c).  It runs as root or with
 * CAP_NET_ADMIN, in the foreground; this file is its connections.
 *
 *   ipsecapid [--socket PATH] [--max-clients N] [--max-per-user N]
 *             [--idle-timeout SECONDS]
 *
 * It listens on PATH (default /run/ipsecapi/broker.sock, mode 0666), or on
 * the one socket that systemd passes (LISTEN_FDS; ipsecapid.socket).  A
 * connection that breaks the protocol (broker_proto.h), stays idle past
 * the timeout or does not take its answer is closed, and costs no one
 * else anything.  One line per request goes to stderr: the peer's pid,
 * uid and gid (SO_PEERCRED), the request, the socket and the outcome.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "broker.h"
#include "broker_io.h"
#include "error.h"

#define LISTEN_FDS_START 3 /* sd_listen_fds(3) */

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

time_t ipsecapid_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* The socket systemd passed, if it passed exactly one for us. */
static int systemd_socket(void)
{
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	int type;
	socklen_t len = sizeof(type);

	if (pid == NULL || fds == NULL || strtol(pid, NULL, 10) != (long)getpid()) {
		return -1;
	}
	if (strcmp(fds, "1") != 0 ||
	    getsockopt(LISTEN_FDS_START, SOL_SOCKET, SO_TYPE, &type, &len) != 0 ||
	    type != SOCK_SEQPACKET) {
		fprintf(stderr, "ipsecapid: systemd must pass one SOCK_SEQPACKET socket\n");
		exit(1);
	}
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	if (fcntl(LISTEN_FDS_START, F_SETFL, fcntl(LISTEN_FDS_START, F_GETFL) | O_NONBLOCK) != 0 ||
	    fcntl(LISTEN_FDS_START, F_SETFD, FD_CLOEXEC) != 0) {
		perror("ipsecapid: the socket systemd passed");
		exit(1);
	}
	return LISTEN_FDS_START;
}

static int listen_on(const char *path)
{
	struct sockaddr_un sun;
	struct stat st;
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (fd < 0 || strlen(path) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "ipsecapid: cannot listen on %s\n", path);
		exit(1);
	}
	strcpy(sun.sun_path, path);
	/* A socket left by an earlier broker, and nothing else, goes. */
	if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode)) {
		unlink(path);
	}
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0 || chmod(path, 0666) != 0 ||
	    listen(fd, 128) != 0) {
		fprintf(stderr, "ipsecapid: cannot listen on %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return fd;
}

static void drop_client(struct broker *b, size_t i)
{
	close(b->clients[i].fd);
	ipsecapi_latch_table_clear(&b->clients[i].watches);
	b->clients[i] = b->clients[--b->nclients];
}

static size_t connections_of(const struct broker *b, uid_t uid)
{
	size_t i, n = 0;

	for (i = 0; i < b->nclients; i++) {
		n += b->clients[i].peer.uid == uid;
	}
	return n;
}

/* Takes the new connections: each is refused (closed at once) when the
 * broker or its user has as many as allowed, so that no one user can
 * take them all. */
static void accept_clients(struct broker *b)
{
	struct ucred peer;
	socklen_t len;
	int fd;

	while ((fd = accept4(b->listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		struct client *c;

		len = sizeof(peer);
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &len) != 0) {
			close(fd); /* no one to serve or to log */
			continue;
		}
		if (b->nclients == b->max_clients) {
			fprintf(stderr, "ipsecapid: %zu connections already: one more refused\n",
				b->nclients);
			close(fd);
			continue;
		}
		if (connections_of(b, peer.uid) == b->max_per_user) {
			fprintf(stderr,
				"ipsecapid: pid %ld uid %ld: %zu connections of uid %ld already: one "
				"more refused\n",
				(long)peer.pid, (long)peer.uid, b->max_per_user, (long)peer.uid);
			close(fd);
			continue;
		}
		c = &b->clients[b->nclients++];
		memset(c, 0, sizeof(*c));
		c->fd = fd;
		c->peer = peer;
		c->last = ipsecapid_now();
	}
}

/* One message of client c: 0, or -1 when the connection goes. */
static int read_client(struct broker *b, struct client *c)
{
	struct ipsecapi_broker_msg req;
	int fd, rc = ipsecapi_broker_recv(c->fd, true, &req, &fd, "ipsecapid");

	if (rc < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
		return 0;
	}
	if (rc < 0) {
		fprintf(stderr, "ipsecapid: pid %ld uid %ld: connection closed: %s\n",
			(long)c->peer.pid, (long)c->peer.uid, ipsecapi_last_reason("ipsecapid"));
	}
	if (rc <= 0) {
		return -1;
	}
	c->last = ipsecapid_now();
	rc = ipsecapid_serve(b, c, &req, fd);
	if (fd >= 0) {
		close(fd);
	}
	ipsecapi_broker_msg_clear(&req);
	return rc;
}

/* Connections idle past the timeout go, but those that watch latches:
 * they wait for news. */
static void expire_idle(struct broker *b)
{
	time_t t = ipsecapid_now();
	size_t i;

	for (i = 0; i < b->nclients; i++) {
		struct client *c = &b->clients[i];

		if (c->watches.n == 0 && t - c->last > b->idle_timeout) {
			c->gone = true;
		}
	}
}

static void drop_gone(struct broker *b)
{
	size_t i = b->nclients;

	while (i-- > 0) {
		if (b->clients[i].gone) {
			drop_client(b, i);
		}
	}
}

/* The poll set: the listener, the latches' news, then one entry per
 * client. */
#define FIRST_CLIENT 2

static int run(struct broker *b)
{
	struct pollfd *p = calloc(b->max_clients + FIRST_CLIENT, sizeof(*p));
	size_t i, n;

	if (p == NULL) {
		return 1;
	}
	p[0].fd = b->listener;
	p[1].fd = ipsecapi_latch_events_fd(b->events);
	p[0].events = p[1].events = POLLIN;
	while (!stopping) {
		for (i = 0; i < b->nclients; i++) {
			p[FIRST_CLIENT + i].fd = b->clients[i].fd;
			p[FIRST_CLIENT + i].events = POLLIN | (b->clients[i].blocked ? POLLOUT : 0);
			p[FIRST_CLIENT + i].revents = 0;
		}
		n = b->nclients;
		if (poll(p, n + FIRST_CLIENT, 1000) < 0 && errno != EINTR) {
			perror("ipsecapid: poll");
			free(p);
			return 1;
		}
		for (i = 0; i < n; i++) {
			struct client *c = &b->clients[i];
			short revents = p[FIRST_CLIENT + i].revents;

			if ((revents & POLLOUT) && c->blocked) {
				ipsecapid_push_news(c);
			}
			if ((revents & ~POLLOUT) != 0 && !c->gone && read_client(b, c) != 0) {
				c->gone = true;
			}
		}
		ipsecapid_follow_latches(b);
		expire_idle(b);
		drop_gone(b);
		if (p[0].revents & POLLIN) {
			accept_clients(b);
		}
	}
	free(p);
	return 0;
}

/* The number an option wants, from 1 to max, or the program ends. */
static long number(const char *option, const char *text, long max)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || n < 1 || n > max) {
		fprintf(stderr, "ipsecapid: --%s wants a number from 1 to %ld, not \"%s\"\n", option,
			max, text);
		exit(2);
	}
	return n;
}

static void usage(void)
{
	fprintf(stderr, "usage: ipsecapid [--socket PATH] [--max-clients N] [--max-per-user N] "
			"[--idle-timeout SECONDS]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "max-clients", required_argument, NULL, 'm' },
		{ "max-per-user", required_argument, NULL, 'u' },
		{ "idle-timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = IPSECAPI_BROKER_DEFAULT_PATH;
	struct broker b = { -1, NULL, NULL, 0, 4096, 1024, 30 };
	struct sigaction sa;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 's':
			path = optarg;
			break;
		case 'm':
			b.max_clients = (size_t)number("max-clients", optarg, 1000000);
			break;
		case 'u':
			b.max_per_user = (size_t)number("max-per-user", optarg, 1000000);
			break;
		case 't':
			b.idle_timeout = (int)number("idle-timeout", optarg, 86400);
			break;
		default:
			usage();
		}
	}
	if (optind != argc) {
		usage();
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	b.clients = calloc(b.max_clients, sizeof(*b.clients));
	if (b.clients == NULL) {
		return 1;
	}
	if (ipsecapi_latch_events_open(&b.events, "ipsecapid") != 0) {
		fprintf(stderr, "%s\n", ipsec_last_error());
		return 1;
	}
	b.listener = systemd_socket();
	if (b.listener < 0) {
		b.listener = listen_on(path);
	}
	fprintf(stderr, "ipsecapid: listening%s%s\n", b.listener == LISTEN_FDS_START ? "" : " on ",
		b.listener == LISTEN_FDS_START ? " on the socket systemd passed" : path);
	rc = run(&b);
	while (b.nclients > 0) {
		drop_client(&b, 0);
	}
	free(b.clients);
	ipsecapi_latch_events_close(b.events);
	close(b.listener);
	return rc;
}
