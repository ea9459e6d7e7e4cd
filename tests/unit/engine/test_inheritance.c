/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What an accepted connection holds of its listener's socket policy, on
 * this machine's kernel.  The kernel copies a listener's policies to each
 * connection it accepts, and a policy dump names no socket; the library
 * counts the copies, and where that cannot tell which policy the
 * connection holds (a listener of another user, one set after the accept,
 * one closed with copies left behind) it fails, never guesses, and pins
 * nothing onto the connection.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <linux/capability.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "policy_census.h"
#include "scratch_netns.h"
#include "sockets.h"
#include "test_util.h"
#include "xfrm_nl.h"

static const char fn[] = "test";

static ipsec_pToken_t demanding_ptoken(uint16_t level, uint32_t reqid)
{
	ipsec_pToken_t p = ipsec_create_pToken();

	assert_int_equal(set_u16(p, IPSEC_API_ATTR_privacyProtection, level), 0);
	assert_int_equal(set_u16(p, IPSEC_API_ATTR_integrityProtection, level), 0);
	assert_int_equal(set_u16(p, IPSEC_API_ATTR_compression, IPSEC_API_ATTR_DISABLE), 0);
	if (reqid != 0) {
		assert_int_equal(ipsec_set_token_attr(p, IPSEC_API_ATTR_reqid, 4, &reqid), 0);
	}
	return p;
}

static void set_or_fail(int fd, uint16_t level, uint32_t reqid)
{
	ipsec_pToken_t p = demanding_ptoken(level, reqid);

	if (ipsec_set_socket_pToken(fd, p) != 0) {
		fail_msg("ipsec_set_socket_pToken: %s", ipsec_last_error());
	}
	ipsec_free_pToken(p);
}

/* A listener on 127.0.0.1:port (0: any), which lets others bind the port
 * beside its connections once it is closed. */
static int listener_on(uint16_t port)
{
	struct sockaddr_in sin;
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)), 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(fd, 8), 0);
	return fd;
}

static uint16_t port_of(int fd)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	return ntohs(sin.sin_port);
}

static uint64_t cookie_of(int fd)
{
	uint64_t cookie = 0;
	socklen_t len = sizeof(cookie);

	assert_int_equal(getsockopt(fd, SOL_SOCKET, SO_COOKIE, &cookie, &len), 0);
	return cookie;
}

static int offer(const struct ipsecapi_xfrm_policy *pol, void *data)
{
	ipsecapi_census_offer(data, pol);
	return 0;
}

/* Whether a policy of the socket's own (marked with its cookie) exists. */
static bool has_own_policy(int fd)
{
	struct ipsecapi_nl *nl = NULL;
	struct ipsecapi_census c;
	bool found;

	ipsecapi_census_start(&c, cookie_of(fd), NULL, 0);
	assert_int_equal(ipsecapi_nl_open(&nl, fn), 0);
	assert_int_equal(ipsecapi_xfrm_policies(nl, offer, &c, fn), 0);
	assert_int_equal(ipsecapi_census_finish(&c, fn), 0);
	found = ipsecapi_census_group(&c, cookie_of(fd)) != NULL;
	ipsecapi_census_clear(&c);
	ipsecapi_nl_close(nl);
	return found;
}

/* The query of fd fails, saying why, and leaves no policy on it. */
static void assert_unknown(int fd, const char *why)
{
	ipsec_pToken_t p = NULL;

	assert_fails(ipsec_get_socket_pToken(fd, &p), ENOTUNIQ, "ipsec_get_socket_pToken", why);
	assert_null(p);
	assert_false(has_own_policy(fd));
}

/* The other user: uid 65534 with CAP_NET_ADMIN kept, as a broker's client
 * gets a policy set for it. */
struct attacker {
	uint16_t port;
	int ready[2], done[2];
};

static int other_user_listens(void *arg)
{
	struct attacker *a = arg;
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct data[2];
	char c;
	int fd;

	/* Ends with the test, however it ends. */
	close(a->done[1]);
	close(a->ready[0]);
	memset(data, 0, sizeof(data));
	data[0].effective = data[0].permitted = 1u << CAP_NET_ADMIN;
	if (prctl(PR_SET_KEEPCAPS, 1) != 0 || setresgid(65534, 65534, 65534) != 0 ||
	    setresuid(65534, 65534, 65534) != 0 || syscall(SYS_capset, &hdr, data) != 0) {
		return 2;
	}
	fd = listener_on(a->port);
	set_or_fail(fd, IPSEC_API_ATTR_ENABLE, 7);
	return write(a->ready[1], "r", 1) == 1 && read(a->done[0], &c, 1) == 1 ? 0 : 3;
}

static void a_listener_of_another_user_decides_nothing(void **state)
{
	int l1 = listener_on(0), client = socket(AF_INET, SOCK_STREAM, 0), server;
	struct attacker a;
	char c, *audit;
	pid_t pid;
	int status;

	(void)state;
	set_or_fail(l1, IPSEC_API_ATTR_DISABLE, 0);
	a.port = port_of(l1);
	assert_int_equal(connect_to(client, l1), 0);
	server = accept(l1, NULL, NULL);
	assert_true(server >= 0);
	audit = socket_audit(server);
	assert_non_null(strstr(audit, "out: socket policy"));
	free(audit);
	/* The victim's listener closes; its connection goes on.  Another user
	 * listens on the port, with a policy that requires ESP. */
	close(l1);
	assert_int_equal(pipe(a.ready), 0);
	assert_int_equal(pipe(a.done), 0);
	pid = fork();
	if (pid == 0) {
		_exit(other_user_listens(&a));
	}
	assert_int_equal(read(a.ready[0], &c, 1), 1);
	assert_unknown(server, "a socket of another user listens on it");
	assert_int_equal(write(a.done[1], "d", 1), 1);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(status, 0);
	close(client);
	close(server);
}

static void a_policy_set_after_the_accept_is_not_the_connections(void **state)
{
	int listener = listener_on(0), client = socket(AF_INET, SOCK_STREAM, 0), server;

	(void)state;
	assert_int_equal(connect_to(client, listener), 0);
	server = accept(listener, NULL, NULL);
	set_or_fail(listener, IPSEC_API_ATTR_ENABLE, 7);
	assert_unknown(server, "fewer copies than there are connections");
	close(client);
	close(server);
	close(listener);
}

static void a_closed_listeners_copies_are_not_guessed(void **state)
{
	int listener = listener_on(0), client = socket(AF_INET, SOCK_STREAM, 0), server;

	(void)state;
	set_or_fail(listener, IPSEC_API_ATTR_DISABLE, 0);
	assert_int_equal(connect_to(client, listener), 0);
	server = accept(listener, NULL, NULL);
	close(listener);
	assert_unknown(server, "a listener that had a policy closed");
	close(client);
	close(server);
}

static int reset_connection(int listener)
{
	struct linger hard = { .l_onoff = 1, .l_linger = 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_int_equal(connect_to(fd, listener), 0);
	assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard)), 0);
	usleep(50000);
	return close(fd);
}

static void copies_of_a_live_listener_are_its_connections(void **state)
{
	int listener = listener_on(0), c1 = socket(AF_INET, SOCK_STREAM, 0);
	int c2 = socket(AF_INET, SOCK_STREAM, 0), s1, s2;
	char *audit;

	(void)state;
	set_or_fail(listener, IPSEC_API_ATTR_DISABLE, 0);
	assert_int_equal(connect_to(c1, listener), 0);
	s1 = accept(listener, NULL, NULL);
	/* One more waits in the queue, and one is reset there: unlisted, it
	 * keeps its copy until it is accepted. */
	assert_int_equal(connect_to(c2, listener), 0);
	assert_int_equal(reset_connection(listener), 0);
	audit = socket_audit(s1);
	assert_non_null(strstr(audit, "out: socket policy"));
	assert_non_null(strstr(audit, "lets it pass in clear"));
	free(audit);
	s2 = accept(listener, NULL, NULL);
	audit = socket_audit(s2);
	assert_non_null(strstr(audit, "in: socket policy"));
	free(audit);
	close(c1);
	close(c2);
	close(s1);
	close(s2);
	close(listener);
}

static int enter(void **state)
{
	(void)state;
	return enter_scratch_netns();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_listener_of_another_user_decides_nothing),
		cmocka_unit_test(a_policy_set_after_the_accept_is_not_the_connections),
		cmocka_unit_test(a_closed_listeners_copies_are_not_guessed),
		cmocka_unit_test(copies_of_a_live_listener_are_its_connections),
	};

	return cmocka_run_group_tests(tests, enter, NULL);
}
