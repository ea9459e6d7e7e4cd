/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What ipsecapid allows, and what a client sees at its limits, in a
 * network namespace of the test's own.  A socket policy set through the
 * broker may demand only the reqids the administrator listed (--reqids),
 * only so many a second per user (--esp-demand-rate, --esp-demand-burst),
 * and never one that loosens the SPD for the socket's traffic (a BLOCK, a
 * tunnel, another reqid): each refusal says why and leaves the socket's
 * policies as they were.  A user's latch watches are bounded across its
 * connections (--max-watches-per-user); the uids of a subordinate range
 * count as its owner's (--subuid-file); the connections served are
 * bounded by the descriptors the broker may hold, and a broker that runs
 * out of them refuses connections without spinning.
 *
 *   test_broker_limits IPSECAPID
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ipsecapi.h>

#include "broker_daemon.h"
#include "child.h"
#include "raw_client.h"
#include "scratch_netns.h"
#include "socket_policy.h"
#include "xfrm_nl.h"

static const char *daemon_path;

/* What a test started, stopped after it even if it failed. */
static struct broker_daemon *running;
static pid_t holders[8];
static size_t nholders;

/* A broker of its own for one test, with options, reachable by all. */
static void start_own_broker(struct broker_daemon *d, const char *const *options)
{
	assert_int_equal(broker_daemon_start_with(d, daemon_path, 30, options), 0);
	running = d;
	assert_int_equal(chmod(d->dir, 0755), 0);
	setenv("IPSECAPI_BROKER_SOCKET", d->socket, 1);
}

static void stop_own_broker(struct broker_daemon *d)
{
	running = NULL;
	assert_int_equal(broker_daemon_stop(d), 0);
}

static void stop_holders(void)
{
	while (nholders > 0) {
		pid_t pid = holders[--nholders];

		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
}

static int stop_leftovers(void **state)
{
	(void)state;
	stop_holders();
	if (running != NULL) {
		broker_daemon_stop(running);
		running = NULL;
	}
	return 0;
}

/* A SET through the broker, from a child without capabilities: its
 * outcome, in memory the test shares. */
struct set_call {
	int fd;
	uint16_t privacy;
	uint32_t reqid; /* 0: none demanded */
	int rc, err;
	char why[600];
};

static int set_without_capabilities(void *arg)
{
	struct set_call *call = arg;
	ipsec_pToken_t p = ipsec_create_pToken();

	if (p == NULL || drop_all_capabilities() != 0 ||
	    ipsec_set_token_attr(p, IPSEC_API_ATTR_privacyProtection, 2, &call->privacy) != 0 ||
	    (call->reqid != 0 &&
	     ipsec_set_token_attr(p, IPSEC_API_ATTR_reqid, 4, &call->reqid) != 0)) {
		return 2;
	}
	call->rc = ipsec_set_socket_pToken(call->fd, p);
	call->err = errno;
	snprintf(call->why, sizeof(call->why), "%s", ipsec_last_error());
	ipsec_free_pToken(p);
	return 0;
}

/* The outcome of a SET that requires ESP (with reqid, if not 0) on fd. */
static struct set_call *set_esp(int fd, uint32_t reqid)
{
	static struct set_call *call;

	if (call == NULL) {
		call = mmap(NULL, sizeof(*call), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			    -1, 0);
		assert_true(call != MAP_FAILED);
	}
	memset(call, 0, sizeof(*call));
	call->fd = fd;
	call->privacy = IPSEC_API_ATTR_ENABLE;
	call->reqid = reqid;
	assert_int_equal(run_in_child(set_without_capabilities, call), 0);
	if (call->rc != 0) {
		fprintf(stderr, "refused: %s\n", call->why);
	}
	return call;
}

static int count_owned(const struct ipsecapi_xfrm_policy *pol, void *data)
{
	uint64_t *cookie_and_count = data;
	struct ipsecapi_owner owner;

	if (ipsecapi_socket_policy_owner(pol, &owner) && owner.cookie == cookie_and_count[0]) {
		cookie_and_count[1]++;
	}
	return 0;
}

/* How many policies of its own socket fd holds, as a dump of the
 * kernel's XFRM policies lists them. */
static unsigned socket_policies(int fd)
{
	uint64_t cookie_and_count[2] = { 0, 0 };
	socklen_t len = sizeof(cookie_and_count[0]);
	struct ipsecapi_nl *nl = NULL;

	assert_int_equal(getsockopt(fd, SOL_SOCKET, SO_COOKIE, &cookie_and_count[0], &len), 0);
	assert_int_equal(ipsecapi_nl_open(&nl, "test"), 0);
	assert_int_equal(ipsecapi_xfrm_policies(nl, count_owned, cookie_and_count, "test"), 0);
	ipsecapi_nl_close(nl);
	return (unsigned)cookie_and_count[1];
}

static void only_listed_reqids(void **state)
{
	static const char *const options[] = { "--reqids=0,77,100-199", NULL };
	struct broker_daemon d;
	struct set_call *call;
	int fd;

	(void)state;
	start_own_broker(&d, options);
	fd = raw_udp_connected(5000);
	assert_true(fd >= 0);
	call = set_esp(fd, 61);
	assert_int_equal(call->rc, -1);
	assert_int_equal(call->err, EPERM);
	assert_non_null(strstr(call->why, "--reqids"));
	assert_non_null(strstr(call->why, "0,77,100-199"));
	assert_int_equal(socket_policies(fd), 0);
	call = set_esp(fd, 200);
	assert_int_equal(call->err, EPERM);
	assert_int_equal(socket_policies(fd), 0);
	/* Listed ones, and none at all (0), are set. */
	assert_int_equal(set_esp(fd, 77)->rc, 0);
	assert_int_equal(socket_policies(fd), 2);
	close(fd);
	fd = raw_udp_connected(5001);
	assert_int_equal(set_esp(fd, 150)->rc, 0);
	close(fd);
	fd = raw_udp_connected(5002);
	assert_int_equal(set_esp(fd, 0)->rc, 0);
	close(fd);
	assert_true(broker_daemon_logged(&d, "not 61"));
	stop_own_broker(&d);
}

static void only_reqid_0_by_default(void **state)
{
	struct broker_daemon d;
	struct set_call *call;
	int fd = raw_udp_connected(5003);

	(void)state;
	start_own_broker(&d, NULL);
	call = set_esp(fd, 1);
	assert_int_equal(call->err, EPERM);
	assert_non_null(strstr(call->why, "now 0;"));
	assert_int_equal(socket_policies(fd), 0);
	assert_int_equal(set_esp(fd, 0)->rc, 0);
	close(fd);
	stop_own_broker(&d);
}

static void esp_demands_at_a_bounded_rate(void **state)
{
	static const char *const options[] = { "--esp-demand-rate=2", "--esp-demand-burst=3", NULL };
	struct broker_daemon d;
	struct set_call *call;
	int fd, i;

	(void)state;
	start_own_broker(&d, options);
	for (i = 0; i < 3; i++) {
		fd = raw_udp_connected((uint16_t)(5100 + i));
		assert_int_equal(set_esp(fd, 0)->rc, 0);
		close(fd);
	}
	/* Each SET is a new child, a new connection: the bucket is the
	 * user's, not the connection's. */
	fd = raw_udp_connected(5110);
	call = set_esp(fd, 0);
	assert_int_equal(call->rc, -1);
	assert_int_equal(call->err, EAGAIN);
	assert_non_null(strstr(call->why, "--esp-demand-rate"));
	assert_non_null(strstr(call->why, "try again later"));
	assert_int_equal(socket_policies(fd), 0);
	usleep(600000); /* a token back, at 2 a second */
	assert_int_equal(set_esp(fd, 0)->rc, 0);
	assert_int_equal(socket_policies(fd), 2);
	close(fd);
	assert_true(broker_daemon_logged(&d, "set_socket_pToken socket:["));
	assert_true(broker_daemon_logged(&d, "--esp-demand-burst"));
	stop_own_broker(&d);
}

struct spd_case {
	const char *policy; /* ip xfrm policy add ...: covers UDP to 127.0.0.1 port 5200 */
	const char *words;  /* in the refusal */
};

static void never_loosening_the_spd(void **state)
{
	static const char *const options[] = { "--reqids=0,5", NULL };
	static const struct spd_case cases[] = {
		{ .policy = "src 127.0.0.1/32 dst 127.0.0.1/32 proto udp dport 5200 dir out action block",
		  .words = "blocks the traffic" },
		{ .policy = "src 127.0.0.1/32 dst 127.0.0.1/32 proto udp dport 5200 dir out "
			    "tmpl src 127.0.0.1 dst 127.0.0.2 proto esp mode tunnel",
		  .words = "tunnel mode" },
		{ .policy = "src 127.0.0.1/32 dst 127.0.0.1/32 proto udp dport 5200 dir out "
			    "tmpl proto esp mode transport reqid 5",
		  .words = "reqid 5" },
	};
	struct broker_daemon d;
	size_t i;

	(void)state;
	start_own_broker(&d, options);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char command[400];
		struct set_call *call;
		int fd = raw_udp_connected(5200);

		snprintf(command, sizeof(command), "ip xfrm policy add %s", cases[i].policy);
		assert_int_equal(system(command), 0);
		call = set_esp(fd, 0);
		assert_int_equal(call->rc, -1);
		assert_int_equal(call->err, EPERM);
		assert_non_null(strstr(call->why, "may not loosen"));
		assert_non_null(strstr(call->why, cases[i].words));
		assert_int_equal(socket_policies(fd), 0);
		assert_int_equal(system("ip xfrm policy flush"), 0);
		close(fd);
	}
	/* With the SPD's reqid, and with no SPD policy, the same is set. */
	assert_int_equal(system("ip xfrm policy add src 127.0.0.1/32 dst 127.0.0.1/32 proto udp "
				"dport 5200 dir out tmpl proto esp mode transport reqid 5"),
			 0);
	i = (size_t)raw_udp_connected(5200);
	assert_int_equal(set_esp((int)i, 5)->rc, 0);
	assert_int_equal(socket_policies((int)i), 2);
	close((int)i);
	assert_int_equal(system("ip xfrm policy flush"), 0);
	i = (size_t)raw_udp_connected(5200);
	assert_int_equal(set_esp((int)i, 0)->rc, 0);
	close((int)i);
	stop_own_broker(&d);
}

static void watches_bounded_per_user(void **state)
{
	static const char *const options[] = { "--max-watches-per-user=3", NULL };
	static const uint8_t unwatch_1[] = { 1, 4, 0, 0, 0, 0, 0, 4, 0, 0, 0, 1 };
	struct broker_daemon d;
	uint8_t answer[600];
	int s1, s2, fd = raw_udp_connected(5300);

	(void)state;
	start_own_broker(&d, options);
	s1 = raw_connect(d.socket);
	s2 = raw_connect(d.socket);
	assert_true(s1 >= 0 && s2 >= 0 && fd >= 0);
	assert_int_equal(raw_watch(s1, fd, 1, 2000), RAW_LATCH_STATE);
	assert_int_equal(raw_watch(s1, fd, 2, 2000), RAW_LATCH_STATE);
	assert_int_equal(raw_watch(s2, fd, 1, 2000), RAW_LATCH_STATE);
	/* A fourth, on either connection: ENOSPC, and why. */
	assert_int_equal(raw_send(s2, (const uint8_t[]){ 1, 3, 0, 0, 0, 0, 0, 4, 0, 0, 0, 9 }, 12,
				  &fd, 1),
			 12);
	assert_int_equal(raw_answer(s2, answer, sizeof(answer) - 1, 2000), RAW_ERROR);
	assert_int_equal(answer[11], ENOSPC);
	answer[sizeof(answer) - 1] = '\0';
	assert_non_null(strstr((char *)answer + 12, "--max-watches-per-user"));
	/* One ended, one more may be. */
	assert_int_equal(raw_send(s1, unwatch_1, sizeof(unwatch_1), NULL, 0), sizeof(unwatch_1));
	assert_int_equal(raw_answer(s1, answer, sizeof(answer), 2000), RAW_DONE);
	assert_int_equal(raw_watch(s2, fd, 9, 2000), RAW_LATCH_STATE);
	close(s1);
	close(s2);
	close(fd);
	stop_own_broker(&d);
}

struct subuid_case {
	const char *socket;
	uid_t uid;
	int line; /* for the test: 1 once connected and answered */
};

/* As uid, a connection that is answered, held until the test ends it. */
static int hold_a_connection(void *arg)
{
	struct subuid_case *c = arg;
	int s, fd;

	if (raw_become(c->uid) != 0 || (fd = raw_udp_connected(9)) < 0 ||
	    (s = raw_connect(c->socket)) < 0) {
		return 2;
	}
	if (raw_get(s, fd, 2000) != RAW_PTOKEN) {
		return 3; /* refused */
	}
	if (write(c->line, "", 1) != 1) {
		return 4;
	}
	pause();
	return 0;
}

static pid_t holder(struct broker_daemon *d, uid_t uid)
{
	struct subuid_case c = { .socket = d->socket, .uid = uid, .line = -1 };
	int line[2];
	char octet;
	pid_t pid;

	assert_int_equal(pipe(line), 0);
	c.line = line[1];
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(line[0]);
		_exit(hold_a_connection(&c));
	}
	close(line[1]);
	if (read(line[0], &octet, 1) != 1) {
		int status;

		waitpid(pid, &status, 0);
		pid = -1; /* refused */
	} else if (nholders < sizeof(holders) / sizeof(holders[0])) {
		holders[nholders++] = pid;
	}
	close(line[0]);
	return pid;
}

static void subordinate_uids_count_as_their_owner(void **state)
{
	char path[] = "/tmp/test_broker_limits.XXXXXX", option[64];
	const char *options[3] = { option, "--max-per-user=2", NULL };
	struct broker_daemon d;
	pid_t held[3];
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	/* nobody (65534) by name, and a range of a name that no account has
	 * (it counts as one user, its first uid). */
	assert_true(dprintf(fd, "# comment\nnobody:300000:1000\n\nbtns-no-such-user:400000:1000\n") >
		    0);
	close(fd);
	snprintf(option, sizeof(option), "--subuid-file=%s", path);
	start_own_broker(&d, options);
	held[0] = holder(&d, 300000);
	held[1] = holder(&d, 300999);
	assert_true(held[0] > 0 && held[1] > 0);
	/* Their owner's third connection, and another subordinate uid's. */
	assert_int_equal(holder(&d, 65534), -1);
	assert_int_equal(holder(&d, 300500), -1);
	assert_true(broker_daemon_logged(&d, "uid 300500 (counted as uid 65534)"));
	assert_true(broker_daemon_logged(&d, "2 connections of uid 65534 already"));
	/* Outside the range, and another range: other users. */
	held[2] = holder(&d, 301000);
	assert_true(held[2] > 0);
	held[2] = holder(&d, 400001);
	assert_true(held[2] > 0);
	assert_true(broker_daemon_logged(&d, "uid 400001 (counted as uid 400000)"));
	stop_holders();
	stop_own_broker(&d);
	unlink(path);
}

static void a_malformed_subuid_file_stops_the_broker(void **state)
{
	char path[] = "/tmp/test_broker_limits.XXXXXX", option[64];
	const char *options[2] = { option, NULL };
	struct broker_daemon d;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_true(dprintf(fd, "nobody:300000\n") > 0);
	close(fd);
	snprintf(option, sizeof(option), "--subuid-file=%s", path);
	/* It never listens. */
	assert_int_equal(broker_daemon_start_with(&d, daemon_path, 30, options), -1);
	assert_true(broker_daemon_logged(&d, "line 1: not name_or_uid:first:count"));
	assert_int_equal(broker_daemon_stop(&d), -1);
	unlink(path);
}

/* The CPU time of process pid so far, in clock ticks. */
static long cpu_ticks(pid_t pid)
{
	char path[64], line[1024], *p;
	unsigned long utime = 0, stime = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	fclose(f);
	p = strrchr(line, ')');
	assert_non_null(p);
	assert_int_equal(sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime,
				&stime),
			 2);
	return (long)(utime + stime);
}

static void out_of_descriptors_without_spinning(void **state)
{
	static const char *const options[] = { "--max-per-user=1000", NULL };
	struct broker_daemon d;
	struct rlimit was, low;
	int s[200], n = 0, fd = raw_udp_connected(9), i, late;
	long ticks;

	(void)state;
	start_own_broker(&d, options);
	assert_int_equal(prlimit(d.pid, RLIMIT_NOFILE, NULL, &was), 0);
	/* Room for a few connections more than it holds now. */
	low = was;
	low.rlim_cur = (rlim_t)process_fds(d.pid) + 6;
	assert_int_equal(prlimit(d.pid, RLIMIT_NOFILE, &low, NULL), 0);
	/* Connections until one is refused, each served (an UNWATCH of no
	 * watch needs no descriptor more: ENOENT). */
	while (n < 200) {
		s[n] = raw_connect(d.socket);
		if (s[n] < 0 || raw_unwatch(s[n], 1, 2000) != RAW_ERROR) {
			if (s[n] >= 0) {
				close(s[n]);
			}
			break;
		}
		n++;
	}
	assert_true(n > 0 && n < 200);
	/* More, refused; the broker does not spin meanwhile. */
	ticks = cpu_ticks(d.pid);
	for (i = 0; i < 20; i++) {
		late = raw_connect(d.socket);
		assert_true(late < 0 || raw_unwatch(late, 1, 500) != RAW_ERROR);
		if (late >= 0) {
			close(late);
		}
	}
	sleep(1);
	ticks = cpu_ticks(d.pid) - ticks;
	fprintf(stderr, "%d connections at the limit; %ld ticks of CPU over the refusals\n", n,
		ticks);
	assert_true(ticks < sysconf(_SC_CLK_TCK) / 2);
	assert_true(broker_daemon_logged(&d, "no descriptor left"));
	/* With descriptors again, it serves again. */
	assert_int_equal(prlimit(d.pid, RLIMIT_NOFILE, &was, NULL), 0);
	late = raw_connect(d.socket);
	assert_true(late >= 0);
	assert_int_equal(raw_get(late, fd, 2000), RAW_PTOKEN);
	close(late);
	for (i = 0; i < n; i++) {
		close(s[i]);
	}
	close(fd);
	stop_own_broker(&d);
}

/* Under a hard limit of 600 descriptors: the broker serves fewer
 * connections than asked, and says so. */
static int clamped_by_the_limit(void *arg)
{
	static const char *const options[] = { "--max-clients=4096", NULL };
	struct rlimit r = { .rlim_cur = 600, .rlim_max = 600 };
	struct broker_daemon d;
	int rc;

	(void)arg;
	if (setrlimit(RLIMIT_NOFILE, &r) != 0 ||
	    broker_daemon_start_with(&d, daemon_path, 30, options) != 0) {
		return 2;
	}
	rc = broker_daemon_logged(&d, "--max-clients 4096 lowered to 252: RLIMIT_NOFILE is 600")
		     ? 0
		     : 3;
	return broker_daemon_stop(&d) == 0 ? rc : 4;
}

static void connections_bounded_by_descriptors(void **state)
{
	(void)state;
	assert_int_equal(run_in_child(clamped_by_the_limit, NULL), 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(only_listed_reqids, stop_leftovers),
		cmocka_unit_test_teardown(only_reqid_0_by_default, stop_leftovers),
		cmocka_unit_test_teardown(esp_demands_at_a_bounded_rate, stop_leftovers),
		cmocka_unit_test_teardown(never_loosening_the_spd, stop_leftovers),
		cmocka_unit_test_teardown(watches_bounded_per_user, stop_leftovers),
		cmocka_unit_test_teardown(subordinate_uids_count_as_their_owner, stop_leftovers),
		cmocka_unit_test_teardown(a_malformed_subuid_file_stops_the_broker, stop_leftovers),
		cmocka_unit_test_teardown(out_of_descriptors_without_spinning, stop_leftovers),
		cmocka_unit_test_teardown(connections_bounded_by_descriptors, stop_leftovers),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: test_broker_limits IPSECAPID\n");
		return 2;
	}
	daemon_path = argv[1];
	if (enter_scratch_netns() != 0) {
		fprintf(stderr, "test_broker_limits: cannot make a network namespace: %s\n",
			strerror(errno));
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
