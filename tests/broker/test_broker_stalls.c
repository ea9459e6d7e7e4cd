/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One user cannot stall or starve ipsecapid for another.  A victim (uid
 * 60000) asks for its socket's pToken on a connection of its own, again
 * and again, and times each answer, while an attacker (uid 60001, which
 * owns the subordinate uids 200000-265535) tries each way to stall the
 * broker in turn:
 *
 *   1. connections until the broker refuses one, left idle;
 *   2. the same from many subordinate uids, through a user namespace;
 *   3. a latch watch on every connection it may open (a watching
 *      connection is never idle);
 *   4. 3000 watches, a 4000-policy SPD and a stream of XFRM events;
 *   5. socket policies that require ESP, set as fast as it can, and
 *      datagrams that make the kernel ask the key manager for SAs
 *      (ACQUIREs, larval SAs), while the key manager accepts VICI
 *      connections and never answers (the broker waits for it up to its
 *      timeout).
 *
 * Every victim request must be answered, within 2 s at worst, and in
 * stall 4 the news of its watched socket's end must come as soon.  Each
 * stall's worst and median latency, with and without the attack, is
 * printed.  All of it in a network namespace of the test's own.
 *
 *   test_broker_stalls IPSECAPID
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ipsecapi.h>

#include "broker_daemon.h"
#include "raw_client.h"
#include "scratch_netns.h"

#define VICTIM_UID 60000
#define ATTACKER_UID 60001
#define SUBUID_FIRST 200000
#define SUBUIDS_USED 16
#define WORST_ALLOWED_MS 2000.0
#define ANSWER_WAIT_MS 3000 /* past the bound: an answer this late fails anyway */
#define BASELINE_MS 1500
#define ATTACK_MS 4000
#define MANY_WATCHES 3000
#define SPD_POLICIES 4000

static const char *daemon_path;
static struct broker_daemon broker;
static char vici_path[160];

/* What the victim measured. */
struct measure {
	unsigned requests, unanswered;
	double worst_ms, median_ms;
};

struct figures {
	const char *stall;
	struct measure without, with;
};

static struct figures figures[5];

/* The process groups a test started, killed after it even if it failed. */
static pid_t groups[8];
static size_t ngroups;

static void started_group(pid_t pid)
{
	if (ngroups < sizeof(groups) / sizeof(groups[0])) {
		groups[ngroups++] = pid;
	}
}

static void stop_group(pid_t pid)
{
	size_t i;

	kill(-pid, SIGKILL);
	while (waitpid(-pid, NULL, 0) > 0) {
	}
	for (i = 0; i < ngroups; i++) {
		if (groups[i] == pid) {
			groups[i] = groups[--ngroups];
			break;
		}
	}
}

static int stop_leftovers(void **state)
{
	(void)state;
	while (ngroups > 0) {
		stop_group(groups[0]);
	}
	return 0;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The victim, for ms milliseconds: a GET every 10 ms about a socket of
 * its own, on a connection it makes anew every 20 requests (so that a
 * broker that accepts no more connections shows too). */
static void victim(int out, int ms)
{
	double latencies[4096], end = raw_now_ms() + ms;
	struct measure m = { .requests = 0, .unanswered = 0, .worst_ms = 0, .median_ms = 0 };
	int s = -1, fd;

	if (raw_become(VICTIM_UID) != 0 || (fd = raw_udp_connected(9)) < 0) {
		_exit(2);
	}
	while (raw_now_ms() < end && m.requests < 4096) {
		double t0 = raw_now_ms();
		int got;

		if (s < 0 || m.requests % 20 == 0) {
			if (s >= 0) {
				close(s);
			}
			s = raw_connect(broker.socket);
		}
		got = s >= 0 ? raw_get(s, fd, ANSWER_WAIT_MS) : -1;
		latencies[m.requests] = raw_now_ms() - t0;
		if (got != RAW_PTOKEN) {
			m.unanswered++;
			if (s >= 0) {
				close(s);
			}
			s = -1;
			/* Not answered (refused, or not in time) is worse than any
			 * answer. */
			if (latencies[m.requests] < ANSWER_WAIT_MS) {
				latencies[m.requests] = ANSWER_WAIT_MS;
			}
		}
		m.requests++;
		usleep(10000);
	}
	qsort(latencies, m.requests, sizeof(double), by_value);
	if (m.requests > 0) {
		m.worst_ms = latencies[m.requests - 1];
		m.median_ms = latencies[m.requests / 2];
	}
	_exit(write(out, &m, sizeof(m)) == sizeof(m) ? 0 : 3);
}

/* What body, run in a child with arg, writes on its line: size octets,
 * into result. */
static void from_child(void (*body)(int out, int arg), int arg, void *result, size_t size)
{
	int line[2], status;
	pid_t pid;

	assert_int_equal(pipe(line), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(line[0]);
		body(line[1], arg);
	}
	close(line[1]);
	assert_int_equal(read(line[0], result, size), (ssize_t)size);
	close(line[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
}

static struct measure measure_victim(int ms)
{
	struct measure m;

	from_child(victim, ms, &m, sizeof(m));
	return m;
}

/* The victim's latch news: it watches a socket of its own, closes it, and
 * times the CLOSED that the broker sends; the worst of three, in ms (or
 * ANSWER_WAIT_MS if one did not come). */
static void victim_news(int out, int rounds)
{
	double worst = 0;
	int i;

	if (raw_become(VICTIM_UID) != 0) {
		_exit(2);
	}
	for (i = 0; i < rounds; i++) {
		int s = raw_connect(broker.socket), fd = raw_udp_connected((uint16_t)(7000 + i));
		uint8_t news[64];
		double t0, took = ANSWER_WAIT_MS;

		if (s >= 0 && fd >= 0 && raw_watch(s, fd, 1, ANSWER_WAIT_MS) == RAW_LATCH_STATE) {
			t0 = raw_now_ms();
			close(fd); /* the broker held its copy only while it answered */
			if (raw_answer(s, news, sizeof(news), ANSWER_WAIT_MS) == 0x84 &&
			    (news[12] << 8 | news[13]) == IPSEC_API_LATCH_CLOSED) {
				took = raw_now_ms() - t0;
			}
		}
		worst = took > worst ? took : worst;
		close(s);
	}
	_exit(write(out, &worst, sizeof(worst)) == sizeof(worst) ? 0 : 3);
}

static double measure_news(void)
{
	double worst;

	from_child(victim_news, 3, &worst, sizeof(worst));
	return worst;
}

/* An attacker: body runs in a child (which makes itself the attacker),
 * writes one int (what it achieved) on its line, then keeps what it made
 * until it is killed. */
struct attacker {
	pid_t pid;
	int achieved;
};

static struct attacker start_attacker(int (*body)(void *arg), void *arg)
{
	struct attacker a;
	int line[2];

	assert_int_equal(pipe(line), 0);
	a.pid = fork();
	assert_true(a.pid >= 0);
	if (a.pid == 0) {
		int achieved;

		close(line[0]);
		setpgid(0, 0);
		achieved = body(arg);
		if (write(line[1], &achieved, sizeof(achieved)) != sizeof(achieved)) {
			_exit(2);
		}
		for (;;) {
			pause();
		}
	}
	close(line[1]);
	setpgid(a.pid, a.pid);
	started_group(a.pid);
	assert_int_equal(read(line[0], &a.achieved, sizeof(a.achieved)),
			 (ssize_t)sizeof(a.achieved));
	close(line[0]);
	return a;
}

static void stop_attacker(struct attacker *a)
{
	stop_group(a->pid);
}

/* Runs the victim without, then (after setup) with the attack, records
 * and prints the figures, and checks that every request was answered in
 * time. */
static void judge_stall(int stall, const char *name, struct measure without, struct measure with)
{
	struct figures *f = &figures[stall - 1];

	f->stall = name;
	f->without = without;
	f->with = with;
	fprintf(stderr,
		"stall %d (%s): victim without the attack: worst %.1f ms, median %.1f ms (%u "
		"requests); with it: worst %.1f ms, median %.1f ms (%u requests, %u unanswered)\n",
		stall, name, without.worst_ms, without.median_ms, without.requests, with.worst_ms,
		with.median_ms, with.requests, with.unanswered);
	assert_true(with.requests > 0);
	assert_int_equal(with.unanswered, 0);
	assert_true(with.worst_ms < WORST_ALLOWED_MS);
}

/* The broker, once what the attackers held is gone: its connections closed
 * and its descriptors back where they were. */
static void settle(void)
{
	usleep(300000);
	settled_fds(broker.pid);
}

/* Connections to the broker until it refuses one (closes it unanswered),
 * each answered once: watching a socket, or asking about it.  Returns
 * how many it holds. */
static int connect_until_refused(bool watch, int limit)
{
	int fd = raw_udp_connected(9), held = 0;

	if (fd < 0) {
		return -1;
	}
	while (held < limit) {
		int s = raw_connect(broker.socket), got;

		if (s < 0) {
			break; /* a full backlog: the broker accepts no more */
		}
		got = watch ? raw_watch(s, fd, 1, 1000) : raw_get(s, fd, 1000);
		if (got != (watch ? RAW_LATCH_STATE : RAW_PTOKEN)) {
			close(s);
			break; /* refused (closed), or not answered within a second */
		}
		held++;
	}
	return held;
}

static int idle_connections(void *arg)
{
	(void)arg;
	return raw_become(ATTACKER_UID) == 0 ? connect_until_refused(false, 2000) : -1;
}

/* The victim measured before and during an attack that body, run as the
 * attacker, holds; what the attacker achieved (connections, watches). */
static int during_attack(int stall, const char *name, int (*body)(void *arg))
{
	struct measure without = measure_victim(BASELINE_MS), with;
	struct attacker a = start_attacker(body, NULL);

	fprintf(stderr, "stall %d: the attacker holds %d\n", stall, a.achieved);
	with = measure_victim(ATTACK_MS);
	stop_attacker(&a);
	judge_stall(stall, name, without, with);
	return a.achieved;
}

static void stall_1_idle_connections(void **state)
{
	int held;

	(void)state;
	held = during_attack(1, "idle connections until refused", idle_connections);
	assert_true(held > 0 && held <= 64); /* the default --max-per-user */
	settle();
}

/* In a user namespace whose uids 0 to SUBUIDS_USED - 1 are subordinate
 * uids of the attacker (as newuidmap maps them): a process of each opens
 * connections until refused.  Returns their sum. */
static int subordinate_connections(void *arg)
{
	int line[2], go[2], total = 0, i;
	char map[64], uid_map[64], gid_map[64], octet;
	pid_t inside;

	(void)arg;
	if (pipe(line) != 0 || pipe(go) != 0) {
		return -1;
	}
	inside = fork();
	if (inside == 0) {
		if (unshare(CLONE_NEWUSER) != 0 || write(go[1], "", 1) != 1 ||
		    read(line[0], &octet, 1) != 1) {
			_exit(2);
		}
		for (i = 0; i < SUBUIDS_USED; i++) {
			if (fork() == 0) {
				int held = raw_become((uid_t)i) == 0 ? connect_until_refused(false, 400)
								     : -1;

				if (write(go[1], &held, sizeof(held)) != sizeof(held)) {
					_exit(2);
				}
				for (;;) {
					pause();
				}
			}
		}
		for (;;) {
			pause();
		}
	}
	if (inside < 0 || read(go[0], &octet, 1) != 1) {
		return -1;
	}
	snprintf(map, sizeof(map), "0 %d %d", SUBUID_FIRST, SUBUIDS_USED);
	snprintf(uid_map, sizeof(uid_map), "/proc/%ld/uid_map", (long)inside);
	snprintf(gid_map, sizeof(gid_map), "/proc/%ld/gid_map", (long)inside);
	if (write_text_file(uid_map, map) != 0 || write_text_file(gid_map, map) != 0 ||
	    write(line[1], "", 1) != 1) {
		return -1;
	}
	for (i = 0; i < SUBUIDS_USED; i++) {
		int held;

		if (read(go[0], &held, sizeof(held)) != sizeof(held) || held < 0) {
			return -1;
		}
		total += held;
	}
	return total;
}

static void stall_2_subordinate_uids(void **state)
{
	int held;

	(void)state;
	held = during_attack(2, "connections from subordinate uids", subordinate_connections);
	assert_true(held > 0 && held <= 64); /* all the attacker's */
	assert_true(broker_daemon_logged(&broker, "uid 200001 (counted as uid 60001)"));
	settle();
}

static int watching_connections(void *arg)
{
	(void)arg;
	return raw_become(ATTACKER_UID) == 0 ? connect_until_refused(true, 2000) : -1;
}

static void stall_3_a_watch_on_every_connection(void **state)
{
	int held;

	(void)state;
	held = during_attack(3, "a watch on every connection", watching_connections);
	assert_true(held > 0 && held <= 64);
	settle();
}

/* MANY_WATCHES watches on one connection, each of its own socket. */
static int many_watches(void *arg)
{
	int s, i;

	(void)arg;
	if (raw_become(ATTACKER_UID) != 0 || (s = raw_connect(broker.socket)) < 0) {
		return -1;
	}
	for (i = 0; i < MANY_WATCHES; i++) {
		int fd = raw_udp_connected((uint16_t)(10000 + i));

		if (fd < 0 || raw_watch(s, fd, (uint32_t)i, 5000) != RAW_LATCH_STATE) {
			return i;
		}
	}
	return i;
}

/* A command in the background, in a process group of its own. */
static pid_t background(const char *command)
{
	pid_t pid = fork();

	if (pid == 0) {
		setpgid(0, 0);
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);
	started_group(pid);
	return pid;
}

static void stop_background(pid_t pid)
{
	stop_group(pid);
}

static void fill_the_spd(void)
{
	char path[] = "/tmp/test_broker_stalls.XXXXXX", command[128];
	int fd = mkstemp(path), i;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	assert_non_null(f);
	for (i = 0; i < SPD_POLICIES; i++) {
		fprintf(f, "xfrm policy add src 10.%d.%d.0/24 dst 10.200.%d.%d/32 dir out priority 500 "
			   "tmpl proto esp mode transport\n",
			i / 250, i % 250, i / 250, i % 250);
	}
	assert_int_equal(fclose(f), 0);
	snprintf(command, sizeof(command), "ip -batch %s", path);
	assert_int_equal(system(command), 0);
	unlink(path);
}

static void stall_4_many_watches_and_events(void **state)
{
	struct measure without, with;
	struct attacker a;
	double news;
	pid_t events;

	(void)state;
	fill_the_spd();
	without = measure_victim(BASELINE_MS); /* the SPD alone */
	a = start_attacker(many_watches, NULL);
	fprintf(stderr, "stall 4: the attacker watches %d latches\n", a.achieved);
	assert_int_equal(a.achieved, MANY_WATCHES);
	events = background("while :; do "
			    "ip xfrm policy add src 10.250.0.1 dst 10.250.0.2 dir out priority 9; "
			    "ip xfrm policy del src 10.250.0.1 dst 10.250.0.2 dir out; "
			    "ip xfrm state allocspi src 10.250.0.1 dst 10.250.0.2 proto esp "
			    ">/dev/null; ip xfrm state deleteall src 10.250.0.1 dst 10.250.0.2; "
			    "done");
	usleep(200000);
	with = measure_victim(ATTACK_MS);
	news = measure_news();
	stop_background(events);
	stop_attacker(&a);
	assert_int_equal(system("ip xfrm policy flush && ip xfrm state flush"), 0);
	judge_stall(4, "3000 watches, 4000-policy SPD, XFRM events", without, with);
	fprintf(stderr, "stall 4: the victim's CLOSED news came within %.1f ms at worst\n", news);
	assert_true(news < WORST_ALLOWED_MS);
	settle();
}

/* A key manager that accepts VICI connections and never answers. */
static pid_t silent_charon(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	pid_t pid;

	strcpy(sun.sun_path, vici_path);
	unlink(vici_path);
	assert_int_equal(bind(s, (struct sockaddr *)&sun, sizeof(sun)), 0);
	assert_int_equal(listen(s, 64), 0);
	pid = fork();
	if (pid == 0) {
		struct pollfd p[256];
		int n = 1, i;

		setpgid(0, 0);
		p[0].fd = s;
		p[0].events = POLLIN;
		for (;;) {
			if (poll(p, (nfds_t)n, -1) < 0) {
				continue;
			}
			/* Connections whose client hung up go; the rest wait. */
			for (i = n - 1; i >= 1; i--) {
				if (p[i].revents & (POLLHUP | POLLIN | POLLERR)) {
					char b[512];

					if (recv(p[i].fd, b, sizeof(b), MSG_DONTWAIT) <= 0) {
						close(p[i].fd);
						p[i] = p[--n];
					}
				}
			}
			if ((p[0].revents & POLLIN) && n < 256) {
				p[n].fd = accept(s, NULL, NULL);
				p[n].events = POLLIN;
				n += p[n].fd >= 0;
			}
		}
	}
	close(s);
	setpgid(pid, pid);
	started_group(pid);
	return pid;
}

struct flood {
	unsigned sets, refused_eagain, sends;
};

/* Socket policies that require ESP, as fast as the broker takes them, and
 * a datagram on each to a new loopback address: an ACQUIRE each. */
static int esp_flood(void *arg)
{
	struct flood *counts = arg;
	ipsec_pToken_t p = ipsec_create_pToken();
	uint16_t enable = IPSEC_API_ATTR_ENABLE;
	unsigned i;

	if (p == NULL || raw_become(ATTACKER_UID) != 0 ||
	    ipsec_set_token_attr(p, IPSEC_API_ATTR_privacyProtection, 2, &enable) != 0) {
		return -1;
	}
	if (fork() == 0) {
		for (i = 0;; i++) {
			struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9) };
			int s = socket(AF_INET, SOCK_DGRAM, 0);

			if (ipsec_set_socket_pToken(s, p) == 0) {
				counts->sets++;
			} else if (errno == EAGAIN) {
				counts->refused_eagain++;
			}
			to.sin_addr.s_addr = htonl(0x7f000000u | (2 + i % 250));
			if (sendto(s, "x", 1, MSG_DONTWAIT, (struct sockaddr *)&to, sizeof(to)) >= 0 ||
			    errno == EAGAIN) {
				counts->sends++;
			}
			close(s);
		}
	}
	return 0;
}

static void stall_5_esp_demands_and_a_silent_key_manager(void **state)
{
	struct flood *counts = mmap(NULL, sizeof(*counts), PROT_READ | PROT_WRITE,
				    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct measure without, with;
	struct attacker a;
	pid_t charon, acquires;

	(void)state;
	assert_true(counts != MAP_FAILED);
	memset(counts, 0, sizeof(*counts));
	assert_int_equal(system("sysctl -qw net.core.xfrm_acq_expires=1"), 0);
	without = measure_victim(BASELINE_MS);
	/* Larval SAs need a key manager that listens for ACQUIREs. */
	acquires = background("exec ip xfrm monitor acquire >/dev/null");
	charon = silent_charon();
	a = start_attacker(esp_flood, counts);
	usleep(1500000); /* the broker looks for charon again once a second */
	with = measure_victim(ATTACK_MS);
	stop_attacker(&a);
	stop_background(acquires);
	stop_background(charon);
	unlink(vici_path);
	fprintf(stderr,
		"stall 5: %u socket policies set, %u refused with EAGAIN, %u datagrams sent\n",
		counts->sets, counts->refused_eagain, counts->sends);
	judge_stall(5, "ESP demands, ACQUIREs and a silent charon", without, with);
	/* The default rate: 100 at once, then 20 a second. */
	assert_true(counts->sets <= 100 + 20 * (ATTACK_MS + 2500) / 1000);
	assert_true(counts->refused_eagain > 0);
	assert_true(broker_daemon_logged(&broker, "--esp-demand-rate"));
	munmap(counts, sizeof(*counts));
	assert_int_equal(system("ip xfrm state flush"), 0);
	settle();
}

static int start_broker(void **state)
{
	char subuid[200], option[240];
	const char *options[3];
	FILE *f;

	(void)state;
	snprintf(subuid, sizeof(subuid), "/tmp/test_broker_stalls.subuid.%ld", (long)getpid());
	f = fopen(subuid, "w");
	if (f == NULL) {
		return -1;
	}
	fprintf(f, "# the attacker's range, and one by name\n%d:%d:65536\nnobody:300000:65536\n",
		ATTACKER_UID, SUBUID_FIRST);
	fclose(f);
	snprintf(vici_path, sizeof(vici_path), "/tmp/test_broker_stalls.vici.%ld", (long)getpid());
	unlink(vici_path);
	setenv("IPSECAPI_VICI_SOCKET", vici_path, 1);
	snprintf(option, sizeof(option), "--subuid-file=%s", subuid);
	options[0] = option;
	options[1] = "--max-watches-per-user=4096"; /* stall 4's */
	options[2] = NULL;
	if (broker_daemon_start_with(&broker, daemon_path, 30, options) != 0) {
		return -1;
	}
	setenv("IPSECAPI_BROKER_SOCKET", broker.socket, 1);
	return chmod(broker.dir, 0755);
}

static int stop_broker(void **state)
{
	char subuid[200];
	int i;

	(void)state;
	snprintf(subuid, sizeof(subuid), "/tmp/test_broker_stalls.subuid.%ld", (long)getpid());
	unlink(subuid);
	fprintf(stderr, "\nthe victim's latency in ms (a request not answered counts as %d):\n"
			"%-47s %s\n",
		ANSWER_WAIT_MS, "stall", "without: worst median | with: worst median unanswered");
	for (i = 0; i < 5; i++) {
		if (figures[i].stall != NULL) {
			fprintf(stderr, "%d. %-44s %14.1f %6.1f | %11.1f %6.1f %4u/%u\n", i + 1,
				figures[i].stall, figures[i].without.worst_ms,
				figures[i].without.median_ms, figures[i].with.worst_ms,
				figures[i].with.median_ms, figures[i].with.unanswered,
				figures[i].with.requests);
		}
	}
	return broker_daemon_stop(&broker);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(stall_1_idle_connections, stop_leftovers),
		cmocka_unit_test_teardown(stall_2_subordinate_uids, stop_leftovers),
		cmocka_unit_test_teardown(stall_3_a_watch_on_every_connection, stop_leftovers),
		cmocka_unit_test_teardown(stall_4_many_watches_and_events, stop_leftovers),
		cmocka_unit_test_teardown(stall_5_esp_demands_and_a_silent_key_manager, stop_leftovers),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: test_broker_stalls IPSECAPID\n");
		return 2;
	}
	daemon_path = argv[1];
	if (enter_scratch_netns() != 0) {
		fprintf(stderr, "test_broker_stalls: cannot make a network namespace: %s\n",
			strerror(errno));
		return 1;
	}
	return cmocka_run_group_tests(tests, start_broker, stop_broker);
}
