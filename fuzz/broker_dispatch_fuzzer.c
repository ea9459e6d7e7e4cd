/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: the broker's dispatch, through the code ipsecapid
 * answers with (requests.c, watches.c, refresh.c), on requests decoded
 * from the input, each passed with a descriptor of every kind: TCP and UDP
 * sockets over IPv4 and IPv6, connected and not, a Unix socket, a pipe, a
 * regular file, /dev/null, a closed number, and none.  A request runs as
 * in the daemon: checked on the "main thread" (request_begin), worked out
 * ("worker", job->run), and finished (job->done), here one after the
 * other; then the watches are worked out again as after an XFRM event,
 * and the watched sockets destroyed (with their guards after close).
 *
 * The input is records of a length (2 octets, network order) and that
 * many octets of a request's wire form; at most MAX_REQUESTS are taken.
 *
 * Its effects are its own: at the first input it moves into a network
 * namespace of its own (socket policies and any SPD it touches are that
 * namespace's, and the SPD is emptied after each input), with no key
 * manager to reach; the broker it dispatches
 * through is small (a few watches, a few policies that require ESP), and
 * every descriptor it makes is closed after each input.  Beyond "no
 * crash, no leak": each input leaves the process with the descriptors it
 * had, and every request gets exactly one answer, which encodes.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/xfrm.h>

#include "broker.h"
#include "broker_proto.h"
#include "error.h"
#include "refresh.h"
#include "requests.h"
#include "sockets.h"
#include "watches.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_REQUESTS 6

enum kind {
	NONE,
	TCP4_CONNECTED,
	TCP4_UNCONNECTED,
	TCP6_CONNECTED,
	TCP6_UNCONNECTED,
	UDP4_CONNECTED,
	UDP4_UNCONNECTED,
	UDP6_CONNECTED,
	UDP6_UNCONNECTED,
	UNIX_SOCKET,
	PIPE,
	REGULAR_FILE,
	DEV_NULL,
	CLOSED_NUMBER,
	KINDS
};

/* A descriptor of each kind, and what keeps them what they are. */
struct fixtures {
	int fd[KINDS];
	int keep[6]; /* listeners, accepted ends, the other end of the pair and the pipe */
	size_t nkeep;
};

static void die(const char *what)
{
	fprintf(stderr, "broker_dispatch_fuzzer: %s: %s\n", what, strerror(errno));
	abort();
}

/* A network namespace of its own, loopback up, and no charon. */
static void contain(void)
{
	struct ifreq ifr;
	int s;

	if (unshare(CLONE_NEWNET) != 0) {
		char map[32];
		int fd;

		/* Not root: root of a user namespace of its own. */
		snprintf(map, sizeof(map), "0 %u 1", (unsigned)getuid());
		if (unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0 ||
		    (fd = open("/proc/self/uid_map", O_WRONLY)) < 0 ||
		    write(fd, map, strlen(map)) < 0 || close(fd) != 0) {
			die("cannot make a network namespace of its own");
		}
	}
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) != 0) {
		die("loopback");
	}
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) != 0) {
		die("loopback up");
	}
	close(s);
	setenv("IPSECAPI_VICI_SOCKET", "/nonexistent/charon.vici", 1);
}

/* Empties the namespace's SPD of what an input put there (the guards
 * after close of its watched connections), so that inputs stay apart. */
static void flush_spd(void)
{
	struct {
		struct nlmsghdr h;
		struct nlmsgerr err;
		uint8_t more[64];
	} ack;
	struct nlmsghdr flush = { .nlmsg_len = sizeof(flush), .nlmsg_type = XFRM_MSG_FLUSHPOLICY,
				  .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK, .nlmsg_seq = 1,
				  .nlmsg_pid = 0 };
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_XFRM);

	if (s < 0 || send(s, &flush, sizeof(flush), 0) != sizeof(flush) ||
	    recv(s, &ack, sizeof(ack), 0) < (ssize_t)sizeof(ack.h) || ack.h.nlmsg_type != NLMSG_ERROR ||
	    ack.err.error != 0) {
		die("cannot empty the SPD");
	}
	close(s);
}

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (d == NULL) {
		die("/proc/self/fd");
	}
	while (readdir(d) != NULL) {
		n++;
	}
	closedir(d);
	return n;
}

static void keep_fd(struct fixtures *f, int fd)
{
	f->keep[f->nkeep++] = fd;
}

/* A socket of family and type bound to loopback; connected to a listener
 * (or bound socket) of its own if connected. */
static int ip_socket(struct fixtures *f, int family, int type, int connected)
{
	int s, server;

	if (!connected) {
		s = socket(family, type | SOCK_CLOEXEC, 0);
		if (s < 0) {
			die("socket");
		}
		return s;
	}
	if (connect_pair(family, type, &s, &server) != 0) {
		die("a loopback connection");
	}
	keep_fd(f, server);
	return s;
}

static void make_fixtures(struct fixtures *f)
{
	int pair[2];

	memset(f, 0, sizeof(*f));
	f->fd[NONE] = -1;
	f->fd[TCP4_CONNECTED] = ip_socket(f, AF_INET, SOCK_STREAM, 1);
	f->fd[TCP4_UNCONNECTED] = ip_socket(f, AF_INET, SOCK_STREAM, 0);
	f->fd[TCP6_CONNECTED] = ip_socket(f, AF_INET6, SOCK_STREAM, 1);
	f->fd[TCP6_UNCONNECTED] = ip_socket(f, AF_INET6, SOCK_STREAM, 0);
	f->fd[UDP4_CONNECTED] = ip_socket(f, AF_INET, SOCK_DGRAM, 1);
	f->fd[UDP4_UNCONNECTED] = ip_socket(f, AF_INET, SOCK_DGRAM, 0);
	f->fd[UDP6_CONNECTED] = ip_socket(f, AF_INET6, SOCK_DGRAM, 1);
	f->fd[UDP6_UNCONNECTED] = ip_socket(f, AF_INET6, SOCK_DGRAM, 0);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
		die("socketpair");
	}
	f->fd[UNIX_SOCKET] = pair[0];
	keep_fd(f, pair[1]);
	if (pipe2(pair, O_CLOEXEC) != 0) {
		die("pipe");
	}
	f->fd[PIPE] = pair[0];
	keep_fd(f, pair[1]);
	f->fd[REGULAR_FILE] = open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	f->fd[DEV_NULL] = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (f->fd[REGULAR_FILE] < 0 || f->fd[DEV_NULL] < 0) {
		die("files");
	}
	/* Far above any number in use, so that none is taken meanwhile. */
	f->fd[CLOSED_NUMBER] = 4000;
	if (fcntl(f->fd[CLOSED_NUMBER], F_GETFD) >= 0) {
		die("descriptor 4000 is open");
	}
}

static void clear_fixtures(struct fixtures *f)
{
	size_t i;

	for (i = 0; i < KINDS; i++) {
		if (i != NONE && i != CLOSED_NUMBER) {
			close(f->fd[i]);
		}
	}
	for (i = 0; i < f->nkeep; i++) {
		close(f->keep[i]);
	}
}

/* A copy of the fixture of kind k for a request, which owns (closes) it. */
static int passed(const struct fixtures *f, int k)
{
	int fd;

	if (k == NONE || k == CLOSED_NUMBER) {
		return f->fd[k];
	}
	fd = fcntl(f->fd[k], F_DUPFD_CLOEXEC, 0);
	if (fd < 0) {
		die("dup");
	}
	return fd;
}

/* What the client's end holds: how many answers (news aside), each of
 * which must decode as one. */
static unsigned take_answers(int s)
{
	static uint8_t buf[IPSECAPI_BROKER_MAX_MSG + 1];
	unsigned answers = 0;
	ssize_t n;

	while ((n = recv(s, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
		struct ipsecapi_broker_msg m;

		if (ipsecapi_broker_decode(buf, (size_t)n, false, &m, "fuzz") != 0) {
			fprintf(stderr, "an answer that does not decode\n");
			abort();
		}
		answers += m.type != IPSECAPI_BROKER_LATCH_EVENT;
		ipsecapi_broker_msg_clear(&m);
	}
	return answers;
}

/* What the main thread's handlers queued for the workers, run here. */
static void run_ready_jobs(struct broker *b)
{
	struct job *job = broker_take_ready_jobs(b), *next;

	for (; job != NULL; job = next) {
		next = job->next;
		job->run(job);
		job->done(job, b);
	}
}

/* One request of wire form msg, with the descriptor of kind k. */
static void dispatch(struct broker *b, struct client *c, int answers_end, const uint8_t *msg,
		     size_t len, const struct fixtures *f, int k)
{
	static uint8_t encoded[IPSECAPI_BROKER_MAX_MSG];
	struct ipsecapi_broker_msg req;
	struct job *job;

	if (ipsecapi_broker_decode(msg, len, true, &req, "fuzz") != 0) {
		return;
	}
	job = request_begin(b, c, &req, passed(f, k));
	ipsecapi_broker_msg_clear(&req);
	if (job != NULL) {
		job->run(job);
		if (ipsecapi_broker_encode(request_answer(job), encoded, sizeof(encoded), "fuzz") == 0) {
			fprintf(stderr, "an answer that does not encode: %s\n",
				ipsecapi_last_reason("fuzz"));
			abort();
		}
		job->done(job, b);
	}
	run_ready_jobs(b);
	if (c->gone || take_answers(answers_end) != 1) {
		fprintf(stderr, "a request without exactly one answer\n");
		abort();
	}
}

/* The watches worked out again, as after an XFRM event, then their
 * sockets destroyed. */
static void events(struct broker *b, int answers_end, const struct fixtures *f)
{
	struct job *job, *next;
	int k;

	b->change_seq++;
	b->all_changed = true;
	for (job = refresh_begin(b, INT64_MAX / 2); job != NULL; job = next) {
		next = job->next;
		job->run(job);
		job->done(job, b);
	}
	for (k = 0; k < KINDS; k++) {
		uint64_t cookie;
		socklen_t len = sizeof(cookie);

		if (k != NONE && k != CLOSED_NUMBER &&
		    getsockopt(f->fd[k], SOL_SOCKET, SO_COOKIE, &cookie, &len) == 0) {
			watches_destroyed(b, cookie);
			run_ready_jobs(b); /* guards after close */
		}
	}
	/* Only news (a watch that cannot be worked out ends its connection,
	 * which may be so). */
	if (take_answers(answers_end) != 0) {
		fprintf(stderr, "an answer that no request asked for\n");
		abort();
	}
}

static void run_input(const uint8_t *data, size_t size)
{
	static const struct ucred peer = { .pid = 1, .uid = 60000, .gid = 60000 };
	struct broker_options o;
	struct fixtures f;
	struct broker b;
	struct client *c;
	int pair[2], requests = 0, k;
	char why[200];

	if (broker_options_default(&o) != 0) {
		die("options");
	}
	reqid_list_clear(&o.reqids);
	if (reqid_list_parse("0,7-9,4294967295", &o.reqids, why, sizeof(why)) != 0) {
		die(why);
	}
	o.max_watches_per_user = 40;
	o.esp_demand_burst = 4;
	if (broker_init(&b, &o, 2) != 0 ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, pair) != 0 ||
	    (c = broker_add_client(&b, pair[0], &peer)) == NULL) {
		die("a broker");
	}
	make_fixtures(&f);
	while (size >= 2 && requests < MAX_REQUESTS) {
		size_t len = (size_t)data[0] << 8 | data[1];

		data += 2;
		size -= 2;
		len = len < size ? len : size;
		for (k = 0; k < KINDS; k++) {
			dispatch(&b, c, pair[1], data, len, &f, k);
		}
		data += len;
		size -= len;
		requests++;
	}
	events(&b, pair[1], &f);
	broker_clear(&b); /* closes pair[0] */
	close(pair[1]);
	clear_fixtures(&f);
	broker_options_clear(&o);
	flush_spd();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int contained;
	int before;

	if (!contained) {
		contain();
		contained = 1;
	}
	before = open_fds();
	run_input(data, size);
	if (open_fds() != before) {
		fprintf(stderr, "descriptors before the input: %d; after: %d\n", before, open_fds());
		abort();
	}
	return 0;
}
