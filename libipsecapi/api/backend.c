/* SPDX-License-Identifier: BSD-2-Clause */
/* The choice between the kernel and the broker (backend.h). */
#include <errno.h>
#include <stddef.h>

#include "backend.h"

const struct ipsecapi_backend *ipsecapi_backend_first(void)
{
	return &ipsecapi_kernel_backend;
}

const struct ipsecapi_backend *ipsecapi_backend_after(const struct ipsecapi_backend *b)
{
	return b == &ipsecapi_kernel_backend && errno == EPERM ? &ipsecapi_broker_backend : NULL;
}
