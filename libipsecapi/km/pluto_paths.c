/* SPDX-License-Identifier: BSD-2-Clause */
/* Where pluto is (pluto_paths.h). */
#include <stdlib.h>

#include "pluto_paths.h"

static const char *setting(const char *name, const char *otherwise)
{
	const char *v = secure_getenv(name);

	return v != NULL && v[0] != '\0' ? v : otherwise;
}

const char *ipsecapi_pluto_rundir(void)
{
	return setting("IPSECAPI_PLUTO_RUNDIR", "/run/pluto");
}

const char *ipsecapi_pluto_whack(void)
{
	return setting("IPSECAPI_PLUTO_WHACK", "/usr/libexec/ipsec/whack");
}

const char *ipsecapi_pluto_lineage_dir(void)
{
	return setting("IPSECAPI_PLUTO_LINEAGE_DIR", "/run/ipsecapi/pluto");
}
