/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The socket and datagram calls.  The socket calls ask the kernel
 * (socket_query.c, socket_set.c).  The datagram calls are not built yet:
 * they check their arguments and fail with ENOSYS, since accepting a
 * demand that nothing enforces would be a lie.
 */
#include <errno.h>
#include <stddef.h>

#include "ipsecapi.h"
#include "error.h"
#include "flow.h"
#include "socket_query.h"
#include "socket_set.h"
#include "token.h"

static int not_built(const char *fn)
{
	return ipsecapi_fail(ENOSYS, fn,
			     "not built yet: this library cannot handle datagrams' protection");
}

int ipsec_set_socket_pToken(int fd, const ipsec_pToken_t pToken)
{
	return ipsecapi_socket_set_protection(fd, pToken, __func__);
}

int ipsec_get_socket_pToken(int fd, ipsec_pToken_t *pToken)
{
	if (pToken == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "pToken is NULL");
	}
	/* The query checks fd itself, as it reads the socket. */
	return ipsecapi_socket_protection(fd, pToken, __func__);
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
