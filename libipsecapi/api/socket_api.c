/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The socket calls, on the kernel or through the broker (backend.h); the
 * datagram calls are in datagram.c.
 */
#include <errno.h>
#include <stddef.h>

#include "ipsecapi.h"
#include "backend.h"

int ipsec_set_socket_pToken(int fd, const ipsec_pToken_t pToken)
{
	const struct ipsecapi_backend *b = ipsecapi_backend_first();

	while (b->set_socket(fd, pToken, __func__) != 0) {
		if ((b = ipsecapi_backend_after(b)) == NULL) {
			return -1;
		}
	}
	return 0;
}

int ipsec_get_socket_pToken(int fd, ipsec_pToken_t *pToken)
{
	const struct ipsecapi_backend *b = ipsecapi_backend_first();

	if (pToken == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "pToken is NULL");
	}
	/* The query checks fd itself, as it reads the socket. */
	while (b->get_socket(fd, pToken, __func__) != 0) {
		if ((b = ipsecapi_backend_after(b)) == NULL) {
			return -1;
		}
	}
	return 0;
}
