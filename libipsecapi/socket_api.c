/* SPDX-License-Identifier: BSD-2-Clause */
/* The socket calls: the kernel is asked in socket_query.c and
 * socket_set.c; the datagram calls are in datagram.c. */
#include <errno.h>
#include <stddef.h>

#include "ipsecapi.h"
#include "error.h"
#include "flow.h"
#include "socket_query.h"
#include "socket_set.h"
#include "token.h"

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
