/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The channel follower: its binding, its lazy latch watch and what each
 * answer of the watch makes of the latch, with a stand-in latch source;
 * then what the kernel says of sockets without IPsec, in a network
 * namespace of the test's own (latches that hold are the test VM's).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ipsecapi.h>

#include "channel_follower.h"
#include "scratch_netns.h"
#include "sockets.h"

static const uint8_t binding[] = "ipsec-sa-unique-v1:0123456789abcdef0123456789abcdef";
#define BINDING_LEN (sizeof(binding) - 1)
#define LATCHED 7 /* a socket as the stand-in sees it: only a number */

/* The stand-in latch: what its next answer is, and what it was asked. */
static struct {
	bool watch_fails;
	int answer; /* news() returns it, with state when it is 1 */
	uint16_t state;
	unsigned int watched, asked, unwatched;
	int socket_watched;
} stand_in;

static void *stand_in_watch(int socket)
{
	stand_in.watched++;
	stand_in.socket_watched = socket;
	return stand_in.watch_fails ? NULL : &stand_in;
}

static int stand_in_news(void *watch, uint16_t *state)
{
	assert_ptr_equal(watch, &stand_in);
	stand_in.asked++;
	if (stand_in.answer == 1) {
		*state = stand_in.state;
	}
	return stand_in.answer;
}

static void stand_in_unwatch(void *watch)
{
	assert_ptr_equal(watch, &stand_in);
	stand_in.unwatched++;
}

static const struct btns_latch_source stand_in_source = { .watch = stand_in_watch,
							  .news = stand_in_news,
							  .unwatch = stand_in_unwatch };

static void stand_in_says(int answer, uint16_t state)
{
	stand_in.answer = answer;
	stand_in.state = state;
}

static int reset_stand_in(void **state)
{
	(void)state;
	memset(&stand_in, 0, sizeof(stand_in));
	stand_in_says(1, IPSEC_API_LATCH_ESTABLISHED);
	return 0;
}

static struct btns_channel_follower *make_follower(int latched_socket)
{
	struct btns_channel_follower *f = NULL;

	assert_int_equal(btns_channel_follower_create_known(binding, BINDING_LEN, latched_socket,
							    &stand_in_source, &f),
			 0);
	assert_non_null(f);
	return f;
}

/* ---- The binding ---- */

static void a_known_channel_keeps_a_copy_of_its_binding(void **state)
{
	uint8_t mine[sizeof(binding)];
	struct btns_channel_follower *f;
	const uint8_t *b;
	size_t len = 0;

	(void)state;
	memcpy(mine, binding, sizeof(binding));
	assert_int_equal(btns_channel_follower_create_known(mine, BINDING_LEN, LATCHED,
							    &stand_in_source, &f),
			 0);
	memset(mine, 0, sizeof(mine));
	b = btns_channel_follower_binding(f, &len);
	assert_int_equal(len, BINDING_LEN);
	assert_memory_equal(b, binding, BINDING_LEN);
	assert_int_equal(btns_channel_follower_latched_socket(f), LATCHED);
	btns_channel_follower_free(f);
}

/* ---- The latch ---- */

/* No watch until the first question; then one, of the latched socket,
 * asked at each question. */
static void the_watch_waits_for_the_first_question(void **state)
{
	struct btns_channel_follower *f = make_follower(LATCHED);

	(void)state;
	assert_int_equal(stand_in.watched, 0);
	assert_true(btns_channel_follower_latch_holds(f));
	assert_true(btns_channel_follower_latch_holds(f));
	assert_int_equal(stand_in.watched, 1);
	assert_int_equal(stand_in.socket_watched, LATCHED);
	assert_int_equal(stand_in.asked, 2);
	btns_channel_follower_free(f);
	assert_int_equal(stand_in.unwatched, 1);
}

/* A channel that cannot bridge has no latch to follow. */
static void a_channel_that_cannot_bridge_is_not_watched(void **state)
{
	struct btns_channel_follower *f = make_follower(-1);

	(void)state;
	assert_int_equal(btns_channel_follower_latched_socket(f), -1);
	assert_false(btns_channel_follower_latch_holds(f));
	assert_int_equal(stand_in.watched, 0);
	btns_channel_follower_free(f);
	assert_int_equal(stand_in.unwatched, 0);
}

/* Only ESTABLISHED holds; a latch that breaks and mends holds again
 * (RFC 5660); no news keeps the latest state. */
static void the_latest_state_decides(void **state)
{
	static const uint16_t not_established[] = { IPSEC_API_LATCH_BROKEN,
						    IPSEC_API_LATCH_CLOSED,
						    IPSEC_API_LATCH_LISTENER, 0 };
	struct btns_channel_follower *f = make_follower(LATCHED);
	size_t i;

	(void)state;
	assert_true(btns_channel_follower_latch_holds(f));
	stand_in_says(0, 0);
	assert_true(btns_channel_follower_latch_holds(f));
	for (i = 0; i < sizeof(not_established) / sizeof(not_established[0]); i++) {
		stand_in_says(1, not_established[i]);
		assert_false(btns_channel_follower_latch_holds(f));
		stand_in_says(0, 0);
		assert_false(btns_channel_follower_latch_holds(f));
		stand_in_says(1, IPSEC_API_LATCH_ESTABLISHED);
		assert_true(btns_channel_follower_latch_holds(f));
	}
	assert_int_equal(stand_in.watched, 1);
	btns_channel_follower_free(f);
}

/* Before the watch's first news the state is not known yet: not
 * ESTABLISHED, until it comes. */
static void no_state_before_the_first_news(void **state)
{
	struct btns_channel_follower *f = make_follower(LATCHED);

	(void)state;
	stand_in_says(0, 0);
	assert_false(btns_channel_follower_latch_holds(f));
	stand_in_says(1, IPSEC_API_LATCH_ESTABLISHED);
	assert_true(btns_channel_follower_latch_holds(f));
	btns_channel_follower_free(f);
}

/* News that cannot be had: the state is unknown, which counts as broken
 * for good; the watch is let go and never asked again. */
static void a_failed_poll_fails_closed_for_good(void **state)
{
	struct btns_channel_follower *f;
	int answer;

	(void)state;
	for (answer = -1; answer <= 2; answer += 3) { /* -1, and what no source says */
		reset_stand_in(NULL);
		f = make_follower(LATCHED);
		assert_true(btns_channel_follower_latch_holds(f));
		stand_in_says(answer, IPSEC_API_LATCH_ESTABLISHED);
		assert_false(btns_channel_follower_latch_holds(f));
		assert_int_equal(stand_in.unwatched, 1);
		stand_in_says(1, IPSEC_API_LATCH_ESTABLISHED);
		assert_false(btns_channel_follower_latch_holds(f));
		assert_int_equal(stand_in.asked, 2);
		assert_int_equal(stand_in.watched, 1);
		btns_channel_follower_free(f);
		assert_int_equal(stand_in.unwatched, 1);
	}
}

/* A watch that cannot be made: unknown too, and not tried again. */
static void a_watch_that_cannot_be_made_fails_closed_for_good(void **state)
{
	struct btns_channel_follower *f = make_follower(LATCHED);

	(void)state;
	stand_in.watch_fails = true;
	assert_false(btns_channel_follower_latch_holds(f));
	stand_in.watch_fails = false;
	assert_false(btns_channel_follower_latch_holds(f));
	assert_int_equal(stand_in.watched, 1);
	assert_int_equal(stand_in.asked, 0);
	btns_channel_follower_free(f);
	assert_int_equal(stand_in.unwatched, 0);
}

/* ---- Misuse ---- */

static void bad_arguments(void **state)
{
	struct btns_channel_follower *f = (void *)&f;
	size_t len = 99;

	(void)state;
	assert_int_equal(btns_channel_follower_create(-1, NULL, &f), BTNS_CHANNEL_E_INVALID);
	assert_int_equal(btns_channel_follower_create(0, NULL, NULL), BTNS_CHANNEL_E_INVALID);
	assert_int_equal(btns_channel_follower_create_known(NULL, 1, -1, NULL, &f),
			 BTNS_CHANNEL_E_INVALID);
	assert_int_equal(btns_channel_follower_create_known(binding, 0, -1, NULL, &f),
			 BTNS_CHANNEL_E_INVALID);
	assert_int_equal(btns_channel_follower_create_known(binding, 1, -1, NULL, NULL),
			 BTNS_CHANNEL_E_INVALID);
	assert_ptr_equal(f, (void *)&f); /* untouched */
	btns_channel_follower_free(NULL);
	assert_false(btns_channel_follower_latch_holds(NULL));
	assert_int_equal(btns_channel_follower_latched_socket(NULL), -1);
	assert_null(btns_channel_follower_binding(NULL, &len));
	assert_int_equal(len, 0);
}

/* ---- The kernel, without IPsec ---- */

/* A socket the kernel cannot be asked about, and a connection that no SA
 * protects: neither has a binding. */
static void no_binding_without_an_sa_pair(void **state)
{
	struct btns_channel_follower *f = NULL;
	int unix_pair[2], client, server;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, unix_pair), 0);
	assert_int_equal(btns_channel_follower_create(unix_pair[0], NULL, &f),
			 BTNS_CHANNEL_E_SOCKET);
	assert_null(f);
	assert_int_equal(connect_pair(AF_INET, SOCK_STREAM, &client, &server), 0);
	assert_int_equal(btns_channel_follower_create(client, NULL, &f), BTNS_CHANNEL_E_NOT_IPSEC);
	assert_null(f);
	close(unix_pair[0]);
	close(unix_pair[1]);
	close(client);
	close(server);
}

/* libipsecapi's watch, the default source, of a connection without a
 * latch: it does not hold. */
static void the_kernel_watch_of_a_connection_without_latch(void **state)
{
	struct btns_channel_follower *f = NULL;
	int client, server;

	(void)state;
	assert_int_equal(connect_pair(AF_INET, SOCK_STREAM, &client, &server), 0);
	assert_int_equal(btns_channel_follower_create_known(binding, BINDING_LEN, client, NULL, &f),
			 0);
	assert_false(btns_channel_follower_latch_holds(f));
	assert_false(btns_channel_follower_latch_holds(f));
	btns_channel_follower_free(f);
	close(client);
	close(server);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(a_known_channel_keeps_a_copy_of_its_binding, reset_stand_in),
		cmocka_unit_test_setup(the_watch_waits_for_the_first_question, reset_stand_in),
		cmocka_unit_test_setup(a_channel_that_cannot_bridge_is_not_watched, reset_stand_in),
		cmocka_unit_test_setup(the_latest_state_decides, reset_stand_in),
		cmocka_unit_test_setup(no_state_before_the_first_news, reset_stand_in),
		cmocka_unit_test_setup(a_failed_poll_fails_closed_for_good, reset_stand_in),
		cmocka_unit_test_setup(a_watch_that_cannot_be_made_fails_closed_for_good,
				       reset_stand_in),
		cmocka_unit_test(bad_arguments),
		cmocka_unit_test(no_binding_without_an_sa_pair),
		cmocka_unit_test(the_kernel_watch_of_a_connection_without_latch),
	};

	if (enter_scratch_netns() != 0) {
		fprintf(stderr, "test_channel_follower: cannot make a network namespace: %s\n",
			strerror(errno));
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
