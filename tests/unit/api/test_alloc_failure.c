/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Every allocation of every call fails once: the call must fail with
 * ENOMEM, leave its token and its outputs as they were, and leak nothing.
 * The library's objects are linked in with -Wl,--wrap=malloc (and calloc,
 * realloc, free), so the wrappers below see each of its allocations.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "scratch_netns.h"
#include "sockets.h"
#include "test_util.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

static long allocations; /* since the counter was reset */
static long fail_at = -1; /* which allocation fails, -1 for none */
static long live;         /* allocated and not yet freed */

static int should_fail(void)
{
	return allocations++ == fail_at;
}

void *__wrap_malloc(size_t n)
{
	void *p;

	if (should_fail()) {
		errno = ENOMEM;
		return NULL;
	}
	p = __real_malloc(n);
	live += p != NULL;
	return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
	void *p;

	if (should_fail()) {
		errno = ENOMEM;
		return NULL;
	}
	p = __real_calloc(n, size);
	live += p != NULL;
	return p;
}

void *__wrap_realloc(void *p, size_t n)
{
	void *q;

	if (should_fail()) {
		errno = ENOMEM;
		return NULL;
	}
	q = __real_realloc(p, n);
	live += p == NULL && q != NULL;
	return q;
}

void __wrap_free(void *p)
{
	live -= p != NULL;
	__real_free(p);
}

struct ctx {
	ipsec_pToken_t p, p_out;
	ipsec_iToken_t it, it_out;
	void *val;
	uint32_t len;
	uint8_t *bytes;
	uint32_t nbytes;
};

/* A pToken with something in every kind of attribute. */
static ipsec_pToken_t full_ptoken(void)
{
	ipsec_pToken_t p = ipsec_create_pToken();
	ipsec_iToken_t peer = make_peer("CN=peer");

	assert_int_equal(set_u16(p, IPSEC_API_ATTR_privacyProtection, IPSEC_API_ATTR_LEVEL_HIGH), 0);
	assert_int_equal(set_str(p, IPSEC_API_ATTR_policyName, "secure"), 0);
	fill_str(p, IPSEC_API_ATTR_auditString, "esp");
	assert_int_equal(ipsec_set_token_attr(p, IPSEC_API_ATTR_iToken, sizeof(peer), &peer), 0);
	assert_int_equal(ipsec_set_token_attr(p, IPSEC_API_ATTR_remote_iToken, sizeof(peer), &peer), 0);
	ipsec_free_iToken(peer);
	return p;
}

static void setup_full(struct ctx *c)
{
	c->p = full_ptoken();
	c->it = make_peer("CN=other");
	assert_int_equal(ipsec_export_iToken(c->it, &c->nbytes, (void **)&c->bytes), 0);
}

static void teardown_all(struct ctx *c)
{
	ipsec_free_pToken(c->p);
	ipsec_free_pToken(c->p_out);
	ipsec_free_iToken(c->it);
	ipsec_free_iToken(c->it_out);
	free(c->val);
	free(c->bytes);
	memset(c, 0, sizeof(*c));
}

/* The state that every failed call must leave as it was. */
static void check_unchanged(const struct ctx *c)
{
	ipsec_pToken_t reference = full_ptoken();
	char *name = NULL;
	uint32_t len = 0;

	assert_int_equal(ipsec_cmp_pToken(c->p, reference), 0);
	assert_int_equal(ipsec_get_token_attr(c->p, IPSEC_API_ATTR_policyName, &len, (void **)&name), 0);
	assert_string_equal(name, "secure");
	free(name);
	ipsec_free_pToken(reference);
	assert_null(c->p_out);
	assert_null(c->it_out);
	assert_null(c->val);
}

static int run_create_ptoken(struct ctx *c)
{
	c->p_out = ipsec_create_pToken();
	return c->p_out != NULL ? 0 : -1;
}

static int run_create_itoken(struct ctx *c)
{
	c->it_out = ipsec_create_iToken();
	return c->it_out != NULL ? 0 : -1;
}

static int run_set_string(struct ctx *c)
{
	return set_str(c->p, IPSEC_API_ATTR_policyName, "replacement");
}

static int run_set_itoken(struct ctx *c)
{
	return ipsec_set_token_attr(c->p, IPSEC_API_ATTR_iToken, sizeof(c->it), &c->it);
}

static int run_get_string_malloc(struct ctx *c)
{
	return ipsec_get_token_attr(c->p, IPSEC_API_ATTR_policyName, &c->len, &c->val);
}

static int run_get_itoken_buffer(struct ctx *c)
{
	void *val = &c->it_out;

	c->len = sizeof(c->it_out);
	return ipsec_get_token_attr(c->p, IPSEC_API_ATTR_iToken, &c->len, &val);
}

static int run_get_itoken_malloc(struct ctx *c)
{
	int rc = ipsec_get_token_attr(c->p, IPSEC_API_ATTR_remote_iToken, &c->len, &c->val);

	if (rc == 0) {
		memcpy(&c->it_out, c->val, sizeof(c->it_out));
	}
	return rc;
}

static int run_dup_ptoken(struct ctx *c)
{
	return ipsec_dup_pToken(&c->p, &c->p_out);
}

static int run_dup_itoken(struct ctx *c)
{
	return ipsec_dup_iToken(c->it, &c->it_out);
}

static int run_export(struct ctx *c)
{
	return ipsec_export_iToken(c->it, &c->len, &c->val);
}

static int run_import(struct ctx *c)
{
	return ipsec_import_iToken(c->bytes, c->nbytes, &c->it_out);
}

static const struct scenario {
	const char *name;
	int (*run)(struct ctx *c);
} scenarios[] = {
	{ .name = "ipsec_create_pToken", .run = run_create_ptoken },
	{ .name = "ipsec_create_iToken", .run = run_create_itoken },
	{ .name = "ipsec_set_token_attr(policyName)", .run = run_set_string },
	{ .name = "ipsec_set_token_attr(iToken)", .run = run_set_itoken },
	{ .name = "ipsec_get_token_attr(policyName, malloc)", .run = run_get_string_malloc },
	{ .name = "ipsec_get_token_attr(iToken, buffer)", .run = run_get_itoken_buffer },
	{ .name = "ipsec_get_token_attr(remote_iToken, malloc)", .run = run_get_itoken_malloc },
	{ .name = "ipsec_dup_pToken", .run = run_dup_ptoken },
	{ .name = "ipsec_dup_iToken", .run = run_dup_itoken },
	{ .name = "ipsec_export_iToken", .run = run_export },
	{ .name = "ipsec_import_iToken", .run = run_import },
};

static void every_allocation_failure_is_clean(void **state)
{
	size_t s;

	(void)state;
	for (s = 0; s < sizeof(scenarios) / sizeof(scenarios[0]); s++) {
		long i;

		for (i = 0;; i++) {
			struct ctx c;
			long live_before = live;
			int rc;

			memset(&c, 0, sizeof(c));
			setup_full(&c);
			allocations = 0;
			fail_at = i;
			rc = scenarios[s].run(&c);
			fail_at = -1;
			if (allocations <= i) {
				/* Nothing failed: every allocation has had its turn. */
				assert_int_equal(rc, 0);
				assert_true(i > 0);
				teardown_all(&c);
				assert_int_equal(live, live_before);
				break;
			}
			print_message("%s: allocation %ld fails\n", scenarios[s].name, i + 1);
			assert_int_equal(rc, -1);
			assert_int_equal(errno, ENOMEM);
			assert_non_null(strstr(ipsec_last_error(), "no memory"));
			check_unchanged(&c);
			teardown_all(&c);
			assert_int_equal(live, live_before);
		}
	}
}

/* Runs call with each of its allocations failing in turn, until it
 * succeeds: each failure must be ENOMEM with nothing leaked.  With
 * best_effort, a call may also succeed despite a failed allocation (work
 * it may skip, such as latching right after setting a policy). */
static void each_failure(const char *name, int (*call)(void *), void *arg, bool best_effort)
{
	long i;

	for (i = 0;; i++) {
		long live_before = live;
		int rc;

		allocations = 0;
		fail_at = i;
		rc = call(arg);
		fail_at = -1;
		if (allocations <= i) {
			assert_int_equal(rc, 0);
			assert_true(i > 0);
			break;
		}
		print_message("%s: allocation %ld fails\n", name, i + 1);
		assert_int_equal(live, live_before);
		if (best_effort && rc == 0) {
			continue;
		}
		assert_int_equal(rc, -1);
		assert_int_equal(errno, ENOMEM);
		assert_non_null(strstr(ipsec_last_error(), "no memory"));
	}
}

struct kernel_ctx {
	int client, server;
	ipsec_pToken_t p;
	ipsec_latch_watch_t watch;
	struct msghdr msg;
	struct iovec iov;
	char data[16];
	uint8_t control[512];
};

static int get_socket(void *arg)
{
	struct kernel_ctx *k = arg;
	ipsec_pToken_t got = NULL;
	int rc = ipsec_get_socket_pToken(k->client, &got);

	assert_true(rc == 0 ? got != NULL : got == NULL);
	ipsec_free_pToken(got);
	return rc;
}

static int set_socket(void *arg)
{
	struct kernel_ctx *k = arg;

	return ipsec_set_socket_pToken(k->client, k->p);
}

static int watch_and_unwatch(void *arg)
{
	struct kernel_ctx *k = arg;
	int rc = ipsec_watch_latch(k->watch, k->client);

	if (rc == 0) {
		assert_int_equal(ipsec_unwatch_latch(k->watch, k->client), 0);
	}
	return rc;
}

static int send_and_receive(void *arg)
{
	struct kernel_ctx *k = arg;
	ipsec_pToken_t got = NULL;
	int rc;

	memset(&k->msg, 0, sizeof(k->msg));
	k->iov.iov_base = k->data;
	k->iov.iov_len = sizeof(k->data);
	k->msg.msg_iov = &k->iov;
	k->msg.msg_iovlen = 1;
	if (ipsec_sendmsg(k->client, &k->msg, 0) < 0) {
		return -1;
	}
	k->msg.msg_control = k->control;
	k->msg.msg_controllen = sizeof(k->control);
	if (ipsec_recvmsg(k->server, &k->msg, 0) < 0) {
		return -1;
	}
	rc = ipsec_get_msg_pToken(&k->msg, &got);
	ipsec_free_pToken(got);
	return rc;
}

/* The kernel calls, in a network namespace of the test's own, on a
 * connection under a socket policy of the library's (so that the policy
 * walk, the record and the latch code run). */
static void kernel_calls_fail_cleanly(void **state)
{
	struct kernel_ctx k;
	uint16_t use = IPSEC_API_ATTR_ANY;

	(void)state;
	memset(&k, 0, sizeof(k));
	if (enter_scratch_netns() != 0 || connect_pair(AF_INET, SOCK_DGRAM, &k.client, &k.server) != 0) {
		fail_msg("cannot set up a connection: %s", strerror(errno));
	}
	k.p = ipsec_create_pToken();
	assert_int_equal(ipsec_set_token_attr(k.p, IPSEC_API_ATTR_privacyProtection, 2, &use), 0);
	assert_int_equal(ipsec_set_socket_pToken(k.client, k.p), 0);
	k.watch = ipsec_create_latch_watch();
	assert_non_null(k.watch);
	each_failure("ipsec_get_socket_pToken", get_socket, &k, false);
	each_failure("ipsec_set_socket_pToken", set_socket, &k, true);
	each_failure("ipsec_watch_latch", watch_and_unwatch, &k, false);
	each_failure("ipsec_sendmsg, ipsec_recvmsg, ipsec_get_msg_pToken", send_and_receive, &k,
		     false);
	ipsec_free_latch_watch(k.watch);
	ipsec_free_pToken(k.p);
	close(k.client);
	close(k.server);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_allocation_failure_is_clean),
		cmocka_unit_test(kernel_calls_fail_cleanly),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
