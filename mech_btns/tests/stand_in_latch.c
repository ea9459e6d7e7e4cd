/* SPDX-License-Identifier: BSD-2-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include <cmocka.h>

#include <ipsecapi.h>

#include "channel_follower.h"
#include "stand_in_latch.h"

/* The socket as the stand-in sees it: only a number, never used. */
#define STAND_IN_SOCKET 7

static struct {
	uint16_t state;
	bool fails;
	unsigned int asked;
} latch = { .state = IPSEC_API_LATCH_ESTABLISHED, .fails = false, .asked = 0 };

static void *stand_in_watch(int socket)
{
	assert_int_equal(socket, STAND_IN_SOCKET);
	return &latch;
}

static int stand_in_news(void *w, uint16_t *state)
{
	assert_ptr_equal(w, &latch);
	latch.asked++;
	if (latch.fails) {
		return -1;
	}
	*state = latch.state;
	return 1;
}

static void stand_in_unwatch(void *w)
{
	assert_ptr_equal(w, &latch);
}

static const struct btns_latch_source stand_in = { .watch = stand_in_watch,
						   .news = stand_in_news,
						   .unwatch = stand_in_unwatch };

void stand_in_latch_says(uint16_t state)
{
	latch.state = state;
	latch.fails = false;
}

void stand_in_latch_fails(void)
{
	latch.fails = true;
}

unsigned int stand_in_latch_asked(void)
{
	unsigned int asked = latch.asked;

	latch.asked = 0;
	return asked;
}

void stand_in_latch_follow(struct btns_channel *ch)
{
	assert_true(ch->ipsec);
	assert_null(ch->follower);
	assert_int_equal(btns_channel_follower_create_known(ch->binding.value, ch->binding.length,
							    STAND_IN_SOCKET, &stand_in,
							    &ch->follower),
			 0);
	ch->can_bridge = true;
}
