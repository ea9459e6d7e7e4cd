/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef IPSECAPI_SOCKET_SET_H
#define IPSECAPI_SOCKET_SET_H

#include "ipsecapi.h"

/* Makes the kernel enforce pToken's demands on socket fd (see
 * ipsec_set_socket_pToken(3)); on failure nothing has changed. */
int ipsecapi_socket_set_protection(int fd, const ipsec_pToken_t pToken, const char *fn);

#endif
