/* SPDX-License-Identifier: BSD-2-Clause */
/* Concurrent reads of one token, and the per-thread error message. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "test_util.h"

#define THREADS 8
#define ROUNDS 2000

struct shared {
	ipsec_pToken_t p;
	const void *exported;
	uint32_t exported_len;
};

/* Every call a reader may make; returns the number of wrong answers. */
static void *reader(void *arg)
{
	const struct shared *s = arg;
	uintptr_t wrong = 0;
	int i;

	for (i = 0; i < ROUNDS; i++) {
		ipsec_pToken_t copy = NULL;
		ipsec_iToken_t peer = NULL;
		void *val = NULL, *bytes = NULL;
		uint32_t len = 0, blen = 0;
		uint16_t u16 = 0;
		void *u16p = &u16;

		len = sizeof(u16);
		wrong += ipsec_get_token_attr(s->p, IPSEC_API_ATTR_privacyProtection, &len, &u16p) != 0 ||
			 u16 != IPSEC_API_ATTR_LEVEL_HIGH;
		len = 0;
		wrong += ipsec_get_token_attr(s->p, IPSEC_API_ATTR_policyName, &len, &val) != 0 ||
			 strcmp(val, "shared") != 0;
		free(val);
		val = &peer;
		len = sizeof(peer);
		wrong += ipsec_get_token_attr(s->p, IPSEC_API_ATTR_iToken, &len, &val) != 0;
		wrong += ipsec_export_iToken(peer, &blen, &bytes) != 0 ||
			 blen != s->exported_len || memcmp(bytes, s->exported, blen) != 0;
		free(bytes);
		ipsec_free_iToken(peer);
		wrong += ipsec_dup_pToken((ipsec_pToken_t *)&s->p, &copy) != 0;
		wrong += ipsec_cmp_pToken(s->p, copy) != 0;
		ipsec_free_pToken(copy);
	}
	return (void *)wrong;
}

static void concurrent_reads_agree(void **state)
{
	struct shared s;
	ipsec_iToken_t peer = make_peer("CN=shared");
	pthread_t threads[THREADS];
	void *bytes = NULL;
	int i;

	(void)state;
	s.p = ipsec_create_pToken();
	assert_int_equal(set_u16(s.p, IPSEC_API_ATTR_privacyProtection, IPSEC_API_ATTR_LEVEL_HIGH), 0);
	assert_int_equal(set_str(s.p, IPSEC_API_ATTR_policyName, "shared"), 0);
	assert_int_equal(ipsec_set_token_attr(s.p, IPSEC_API_ATTR_iToken, sizeof(peer), &peer), 0);
	assert_int_equal(ipsec_export_iToken(peer, &s.exported_len, &bytes), 0);
	s.exported = bytes;
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_create(&threads[i], NULL, reader, &s), 0);
	}
	for (i = 0; i < THREADS; i++) {
		void *wrong = NULL;

		assert_int_equal(pthread_join(threads[i], &wrong), 0);
		assert_int_equal((uintptr_t)wrong, 0);
	}
	free(bytes);
	ipsec_free_iToken(peer);
	ipsec_free_pToken(s.p);
}

static void *fail_in_thread(void *arg)
{
	uint32_t len = 0;

	(void)arg;
	if (ipsec_last_error()[0] != '\0') {
		return (void *)1; /* a new thread starts with no message */
	}
	ipsec_get_token_attr(NULL, IPSEC_API_ATTR_auditString, &len, NULL);
	return strstr(ipsec_last_error(), "the token is NULL") ? NULL : (void *)2;
}

static void error_messages_are_per_thread(void **state)
{
	pthread_t thread;
	void *result = NULL;
	ipsec_pToken_t p = ipsec_create_pToken();

	(void)state;
	assert_int_equal(set_u16(p, IPSEC_API_ATTR_latchState, IPSEC_API_LATCH_CLOSED), -1);
	assert_non_null(strstr(ipsec_last_error(), "read-only"));
	assert_int_equal(pthread_create(&thread, NULL, fail_in_thread, NULL), 0);
	assert_int_equal(pthread_join(thread, &result), 0);
	assert_null(result);
	/* The other thread's failure did not touch this thread's message. */
	assert_string_equal(ipsec_last_error(),
			    "ipsec_set_token_attr: latchState is read-only in a pToken");
	ipsec_free_pToken(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(concurrent_reads_agree),
		cmocka_unit_test(error_messages_are_per_thread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
