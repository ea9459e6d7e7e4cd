/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Asking libreswan's pluto: its whack program, run with an empty
 * environment and no descriptor of ours but the pipe it writes to, under
 * a deadline.  (whack's socket protocol follows pluto's build, so the
 * program that came with pluto is the one that speaks it.)
 */
#ifndef IPSECAPI_PLUTO_WHACK_H
#define IPSECAPI_PLUTO_WHACK_H

#include <stddef.h>

/* What `WHACK --rundir RUNDIR --status` printed (malloc'd, *len bytes, a
 * NUL after them), or NULL with *why saying what went wrong: whack could
 * not be run, pluto does not answer, or the answer is too big or late. */
char *ipsecapi_pluto_whack_status(const char *whack, const char *rundir, size_t *len, char *why,
				  size_t why_size);

#endif
