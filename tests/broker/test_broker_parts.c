/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The parts of ipsecapid on their own: the administrator's reqid list,
 * the subordinate uid ranges and whom their uids count as, the token
 * bucket, the counted set of watched cookies, and the workers' lanes (a
 * user's slow jobs hold one worker at most, and another user's job is
 * not kept waiting behind them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "reqids.h"
#include "subuid.h"
#include "token_bucket.h"
#include "watched_cookies.h"
#include "workers.h"

static void reqid_lists(void **state)
{
	struct reqid_list l;
	char why[256];

	(void)state;
	assert_int_equal(reqid_list_parse("100,1-2,2-9,4294967295", &l, why, sizeof(why)), 0);
	assert_string_equal(l.text, "1-9,100,4294967295");
	assert_false(reqid_list_allows(&l, 0));
	assert_true(reqid_list_allows(&l, 1));
	assert_true(reqid_list_allows(&l, 9));
	assert_false(reqid_list_allows(&l, 10));
	assert_true(reqid_list_allows(&l, 100));
	assert_true(reqid_list_allows(&l, 4294967295u));
	reqid_list_clear(&l);
	assert_int_equal(reqid_list_parse("0", &l, why, sizeof(why)), 0);
	assert_true(reqid_list_allows(&l, 0));
	assert_false(reqid_list_allows(&l, 61));
	reqid_list_clear(&l);
	assert_int_equal(reqid_list_parse("0-4294967295", &l, why, sizeof(why)), 0);
	assert_true(reqid_list_allows(&l, 123456));
	reqid_list_clear(&l);
	assert_int_equal(reqid_list_parse("", &l, why, sizeof(why)), -1);
	assert_int_equal(reqid_list_parse("5-3", &l, why, sizeof(why)), -1);
	assert_int_equal(reqid_list_parse("1,", &l, why, sizeof(why)), -1);
	assert_int_equal(reqid_list_parse("-1", &l, why, sizeof(why)), -1);
	assert_int_equal(reqid_list_parse("4294967296", &l, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "--reqids"));
}

static const char *write_temp(char *path, const char *text)
{
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void subuid_ranges(void **state)
{
	char path[] = "/tmp/test_broker_parts.XXXXXX", bad[] = "/tmp/test_broker_parts.XXXXXX";
	struct subuid_ranges r;
	char why[300];

	(void)state;
	write_temp(path, "# ranges\n\nnobody:100000:10\n1234:200000:65536\n"
			 "btns-no-such-user:300000:5\n1234:100005:3\n");
	assert_int_equal(subuid_ranges_load(path, &r, why, sizeof(why)), 0);
	assert_int_equal(r.n, 4);
	assert_int_equal(subuid_owner(&r, 100000), 65534);
	assert_int_equal(subuid_owner(&r, 100009), 65534);
	assert_int_equal(subuid_owner(&r, 100010), 100010);
	assert_int_equal(subuid_owner(&r, 265535), 1234);
	assert_int_equal(subuid_owner(&r, 265536), 265536);
	assert_int_equal(subuid_owner(&r, 300004), 300000); /* no such account: its first uid */
	assert_int_equal(subuid_owner(&r, 100005), 65534); /* overlaps: the first range */
	assert_int_equal(subuid_owner(&r, 1234), 1234);
	subuid_ranges_clear(&r);
	unlink(path);

	assert_int_equal(subuid_ranges_load("/nonexistent/subuid", &r, why, sizeof(why)), 0);
	assert_int_equal(r.n, 0);
	assert_int_equal(subuid_owner(&r, 100000), 100000);

	write_temp(bad, "nobody:100000:10\nnobody:100000:0\n");
	assert_int_equal(subuid_ranges_load(bad, &r, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "line 2"));
	unlink(bad);
}

static void token_buckets(void **state)
{
	struct token_bucket b;
	int i;

	(void)state;
	token_bucket_fill(&b, 3, 100.0);
	for (i = 0; i < 3; i++) {
		assert_true(token_bucket_take(&b, 2, 3, 100.0));
	}
	assert_false(token_bucket_take(&b, 2, 3, 100.0));
	assert_false(token_bucket_take(&b, 2, 3, 100.4));
	assert_true(token_bucket_take(&b, 2, 3, 100.6)); /* 2 a second */
	assert_false(token_bucket_full(&b, 2, 3, 101.0));
	assert_true(token_bucket_full(&b, 2, 3, 102.5));
	/* Never more than the burst, however long it waited. */
	for (i = 0; i < 3; i++) {
		assert_true(token_bucket_take(&b, 2, 3, 1000.0));
	}
	assert_false(token_bucket_take(&b, 2, 3, 1000.0));
}

static void watched_cookies(void **state)
{
	struct watched_cookies *s = watched_cookies_new();
	uint64_t c;

	(void)state;
	assert_non_null(s);
	for (c = 1; c <= 1000; c++) {
		assert_int_equal(watched_cookies_add(s, c * 7), 0);
	}
	assert_int_equal(watched_cookies_add(s, 7), 0); /* a second watch of it */
	assert_true(watched_cookies_has(s, 7000));
	assert_false(watched_cookies_has(s, 7001));
	watched_cookies_remove(s, 7);
	assert_true(watched_cookies_has(s, 7));
	watched_cookies_remove(s, 7);
	assert_false(watched_cookies_has(s, 7));
	watched_cookies_remove(s, 12345); /* none: nothing */
	watched_cookies_free(s);
}

/* A job that takes ms milliseconds, and records when it ended and how
 * many of its lane ran at once. */
struct timed_job {
	struct job job;
	int ms;
	double ended;
	unsigned *lane_running, *lane_most;
	pthread_mutex_t *lock;
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void run_timed(struct job *job)
{
	struct timed_job *t = (struct timed_job *)job;

	pthread_mutex_lock(t->lock);
	if (++*t->lane_running > *t->lane_most) {
		*t->lane_most = *t->lane_running;
	}
	pthread_mutex_unlock(t->lock);
	usleep((useconds_t)t->ms * 1000);
	pthread_mutex_lock(t->lock);
	--*t->lane_running;
	pthread_mutex_unlock(t->lock);
	t->ended = now_ms();
}

static void done_timed(struct job *job, void *context)
{
	(void)job;
	++*(int *)context;
}

static void lanes_take_turns(void **state)
{
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct timed_job slow[6], quick;
	unsigned running[2] = { 0, 0 }, most[2] = { 0, 0 };
	struct workers *w;
	double start;
	int done = 0, i;

	(void)state;
	assert_int_equal(workers_start(&w, 4, 1), 0);
	memset(slow, 0, sizeof(slow));
	memset(&quick, 0, sizeof(quick));
	start = now_ms();
	for (i = 0; i < 6; i++) {
		slow[i].job.lane = 1000; /* one user's: 6 jobs of 100 ms */
		slow[i].job.run = run_timed;
		slow[i].job.done = done_timed;
		slow[i].ms = 100;
		slow[i].lane_running = &running[0];
		slow[i].lane_most = &most[0];
		slow[i].lock = &lock;
		workers_submit(w, &slow[i].job);
	}
	quick.job.lane = 2000; /* another's, after them */
	quick.job.run = run_timed;
	quick.job.done = done_timed;
	quick.ms = 1;
	quick.lane_running = &running[1];
	quick.lane_most = &most[1];
	quick.lock = &lock;
	workers_submit(w, &quick.job);
	while (done < 7) {
		struct pollfd p = { .fd = workers_done_fd(w), .events = POLLIN, .revents = 0 };
		struct job *job, *next;

		assert_int_equal(poll(&p, 1, 5000), 1);
		for (job = workers_take_done(w); job != NULL; job = next) {
			next = job->next;
			job->done(job, &done);
		}
	}
	workers_stop(w);
	assert_null(workers_take_done(w));
	workers_free(w);
	/* One of the user's jobs at a time, so 600 ms in all; the other's
	 * came at once. */
	assert_int_equal(most[0], 1);
	assert_true(slow[5].ended - start >= 590);
	assert_true(quick.ended - start < 90);
}

static void queued_jobs_come_back_cancelled(void **state)
{
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct timed_job jobs[3];
	unsigned running = 0, most = 0;
	struct workers *w;
	struct job *job;
	int cancelled = 0, ran = 0, i;

	(void)state;
	assert_int_equal(workers_start(&w, 1, 1), 0);
	memset(jobs, 0, sizeof(jobs));
	for (i = 0; i < 3; i++) {
		jobs[i].job.lane = 1;
		jobs[i].job.run = run_timed;
		jobs[i].ms = 100;
		jobs[i].lane_running = &running;
		jobs[i].lane_most = &most;
		jobs[i].lock = &lock;
		workers_submit(w, &jobs[i].job);
	}
	usleep(20000); /* the first is running */
	workers_stop(w);
	for (job = workers_take_done(w); job != NULL; job = job->next) {
		cancelled += job->cancelled;
		ran += !job->cancelled;
	}
	workers_free(w);
	assert_int_equal(ran, 1);
	assert_int_equal(cancelled, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reqid_lists),
		cmocka_unit_test(subuid_ranges),
		cmocka_unit_test(token_buckets),
		cmocka_unit_test(watched_cookies),
		cmocka_unit_test(lanes_take_turns),
		cmocka_unit_test(queued_jobs_come_back_cancelled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
