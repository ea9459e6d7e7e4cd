/* SPDX-License-Identifier: BSD-2-Clause */
/* Which key manager the engine asks (km.h). */
#include "charon.h"
#include "km.h"

const struct ipsecapi_km *ipsecapi_km_of_host(void)
{
	/* One implementation yet; the choice between daemons belongs here. */
	return &ipsecapi_charon;
}
