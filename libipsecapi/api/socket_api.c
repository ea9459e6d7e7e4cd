/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The socket calls: the kernel is asked in socket_query.c and
 * socket_set.c; the datagram calls are in datagram.c.  The kernel refuses
 * XFRM to a process without CAP_NET_ADMIN in the socket's network
 * namespace, with EPERM and before anything changes: then the broker
 * (broker_io.c) is asked in this process's stead, with the socket itself.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "ipsecapi.h"
#include "broker_link.h"
#include "core.h"
#include "engine.h"
#include "kernel.h"

int ipsec_set_socket_pToken(int fd, const ipsec_pToken_t pToken)
{
	struct ipsecapi_broker_msg request;

	if (ipsecapi_socket_set_protection(fd, pToken, false, __func__) == 0) {
		return 0;
	}
	if (errno != EPERM) {
		return -1;
	}
	memset(&request, 0, sizeof(request));
	request.type = IPSECAPI_BROKER_SET_SOCKET_PTOKEN;
	request.ptoken = (struct ipsecapi_token *)ipsecapi_token_check(pToken, &ipsecapi_ptoken_kind,
								       __func__);
	return request.ptoken != NULL ? ipsecapi_broker_call(&request, fd, NULL, __func__) : -1;
}

int ipsec_get_socket_pToken(int fd, ipsec_pToken_t *pToken)
{
	struct ipsecapi_broker_msg request;

	if (pToken == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "pToken is NULL");
	}
	/* The query checks fd itself, as it reads the socket. */
	if (ipsecapi_socket_protection(fd, IPSECAPI_LATCH_IF_DUE, pToken, __func__) == 0) {
		return 0;
	}
	if (errno != EPERM) {
		return -1;
	}
	memset(&request, 0, sizeof(request));
	request.type = IPSECAPI_BROKER_GET_SOCKET_PTOKEN;
	return ipsecapi_broker_call(&request, fd, (struct ipsecapi_token **)pToken, __func__);
}
