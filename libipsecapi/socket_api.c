/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The socket and datagram calls.  No kernel backend is built yet, so each
 * checks its arguments and then fails with ENOSYS: reporting "no IPsec" or
 * accepting a policy that nothing enforces would be a lie.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/socket.h>

#include "ipsecapi.h"
#include "error.h"
#include "token.h"

/* fd must be an open socket, as the backend will require. */
static int check_socket(int fd, const char *fn)
{
	int type;
	socklen_t len = sizeof(type);

	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0) {
		return 0;
	}
	if (errno == ENOTSOCK) {
		return ipsecapi_fail(ENOTSOCK, fn, "fd %d is not a socket", fd);
	}
	if (errno == EBADF) {
		return ipsecapi_fail(EBADF, fn, "fd %d is not an open file descriptor", fd);
	}
	return ipsecapi_fail(errno, fn, "fd %d: cannot read its socket type", fd);
}

static int not_built(const char *fn)
{
	return ipsecapi_fail(ENOSYS, fn,
			     "this build has no kernel backend, so the protection of "
			     "sockets and datagrams can be neither read nor set");
}

int ipsec_set_socket_pToken(int fd, const ipsec_pToken_t pToken)
{
	if (check_socket(fd, __func__) != 0 ||
	    ipsecapi_token_check(pToken, &ipsecapi_ptoken_kind, __func__) == NULL) {
		return -1;
	}
	return not_built(__func__);
}

int ipsec_get_socket_pToken(int fd, ipsec_pToken_t *pToken)
{
	if (check_socket(fd, __func__) != 0) {
		return -1;
	}
	if (pToken == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "pToken is NULL");
	}
	return not_built(__func__);
}

int ipsec_set_msg_pToken(const struct msghdr *msg, const ipsec_pToken_t pToken)
{
	if (msg == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "msg is NULL");
	}
	if (ipsecapi_token_check(pToken, &ipsecapi_ptoken_kind, __func__) == NULL) {
		return -1;
	}
	return not_built(__func__);
}

int ipsec_get_msg_pToken(const struct msghdr *msg, ipsec_pToken_t *pToken)
{
	if (msg == NULL || pToken == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "%s is NULL", msg == NULL ? "msg" : "pToken");
	}
	return not_built(__func__);
}
