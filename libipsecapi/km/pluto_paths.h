/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where pluto and what the library keeps of it are, each read with
 * secure_getenv, else the place Debian's libreswan uses:
 *   IPSECAPI_PLUTO_RUNDIR       /run/pluto (pluto.pid, pluto.ctl)
 *   IPSECAPI_PLUTO_WHACK        /usr/libexec/ipsec/whack
 *   IPSECAPI_PLUTO_LINEAGE_DIR  /run/ipsecapi/pluto (pluto_lineage.h)
 */
#ifndef IPSECAPI_PLUTO_PATHS_H
#define IPSECAPI_PLUTO_PATHS_H

const char *ipsecapi_pluto_rundir(void);
const char *ipsecapi_pluto_whack(void);
const char *ipsecapi_pluto_lineage_dir(void);

#endif
