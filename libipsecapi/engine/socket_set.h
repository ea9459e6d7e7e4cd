/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef IPSECAPI_SOCKET_SET_H
#define IPSECAPI_SOCKET_SET_H

#include <stdbool.h>

#include "ipsecapi.h"
#include "kernel.h"

/* Makes the kernel enforce pToken's demands on socket fd (see
 * ipsec_set_socket_pToken(3)); on failure nothing has changed.  With
 * only_stricter, demands that would loosen what the SPD asks of the
 * socket's traffic are refused (EPERM; override_check.h). */
int ipsecapi_socket_set_protection(int fd, const ipsec_pToken_t pToken, bool only_stricter,
				   const char *fn);

#endif
