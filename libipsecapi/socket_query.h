/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef IPSECAPI_SOCKET_QUERY_H
#define IPSECAPI_SOCKET_QUERY_H

#include "ipsecapi.h"

/* The protection of connected socket fd as the kernel gives it, as a new
 * pToken in *out (see ipsec_get_socket_pToken(3)). */
int ipsecapi_socket_protection(int fd, ipsec_pToken_t *out, const char *fn);

#endif
