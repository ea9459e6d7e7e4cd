/* SPDX-License-Identifier: BSD-2-Clause */
/* Every socket and datagram call checks its arguments first.  (What the
 * calls do is in test_socket_query.c, test_socket_policy.c and
 * test_datagram.c.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "test_util.h"

static void the_fd_must_be_an_open_socket(void **state)
{
	ipsec_pToken_t p = ipsec_create_pToken(), got = NULL;
	int closed, pipe_fds[2];

	(void)state;
	assert_int_equal(pipe(pipe_fds), 0);
	closed = socket(AF_INET, SOCK_DGRAM, 0); /* the lowest free number, */
	assert_true(closed >= 0);
	close(closed); /* and nothing takes it again before the calls */
	assert_fails(ipsec_set_socket_pToken(-1, p), EBADF, "ipsec_set_socket_pToken",
		     "fd -1 is not an open file descriptor");
	assert_fails(ipsec_get_socket_pToken(closed, &got), EBADF, "ipsec_get_socket_pToken",
		     "is not an open file descriptor");
	assert_fails(ipsec_set_socket_pToken(pipe_fds[0], p), ENOTSOCK, "ipsec_set_socket_pToken",
		     "is not a socket");
	assert_fails(ipsec_get_socket_pToken(pipe_fds[1], &got), ENOTSOCK,
		     "ipsec_get_socket_pToken", "is not a socket");
	assert_fails(ipsec_sendmsg(pipe_fds[1], &(struct msghdr){ 0 }, 0), ENOTSOCK, "ipsec_sendmsg",
		     "is not a socket");
	assert_fails(ipsec_recvmsg(closed, &(struct msghdr){ 0 }, 0), EBADF, "ipsec_recvmsg",
		     "is not an open file descriptor");
	assert_fails(ipsec_connect(pipe_fds[0], (struct sockaddr *)&(struct sockaddr_in){ 0 },
				   sizeof(struct sockaddr_in)),
		     ENOTSOCK, "ipsec_connect", "is not a socket");
	assert_fails(ipsec_connect(closed, (struct sockaddr *)&(struct sockaddr_in){ 0 },
				   sizeof(struct sockaddr_in)),
		     EBADF, "ipsec_connect", "is not an open file descriptor");
	assert_null(got);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
	ipsec_free_pToken(p);
}

static void bad_arguments_come_first(void **state)
{
	struct msghdr msg;
	ipsec_pToken_t p = ipsec_create_pToken(), got = NULL;
	ipsec_iToken_t it = ipsec_create_iToken();
	int fd = socket(AF_INET6, SOCK_STREAM, 0);

	(void)state;
	assert_true(fd >= 0);
	memset(&msg, 0, sizeof(msg));
	assert_fails(ipsec_set_socket_pToken(fd, NULL), EINVAL, "ipsec_set_socket_pToken", "NULL");
	assert_fails(ipsec_set_socket_pToken(fd, (ipsec_pToken_t)it), EINVAL,
		     "ipsec_set_socket_pToken", "an iToken was given");
	assert_fails(ipsec_get_socket_pToken(fd, NULL), EINVAL, "ipsec_get_socket_pToken",
		     "pToken is NULL");
	assert_fails(ipsec_connect(fd, NULL, 0), EINVAL, "ipsec_connect", "addr is NULL");
	close(fd);
	assert_fails(ipsec_set_msg_pToken(NULL, p), EINVAL, "ipsec_set_msg_pToken", "msg is NULL");
	assert_fails(ipsec_set_msg_pToken(&msg, NULL), EINVAL, "ipsec_set_msg_pToken", "NULL");
	assert_fails(ipsec_get_msg_pToken(NULL, &got), EINVAL, "ipsec_get_msg_pToken", "msg is NULL");
	assert_fails(ipsec_get_msg_pToken(&msg, NULL), EINVAL, "ipsec_get_msg_pToken",
		     "pToken is NULL");
	ipsec_free_pToken(p);
	ipsec_free_iToken(it);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_fd_must_be_an_open_socket),
		cmocka_unit_test(bad_arguments_come_first),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
