/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Which IKE SA a Child SA of pluto descends from.  Under NULL
 * authentication (RFC 7619) a peer has no name: "the same peer" can only
 * be the same IKE SA or its cryptographic successors, and pluto tells no
 * one which IKE SA replaced which.  What it does tell (whack --status) is
 * each Child SA's IKE SA now, and that is enough step by step: a Child SA
 * rekey makes a new Child SA under the same IKE SA, and an IKE SA rekey
 * moves the Child SAs to the new IKE SA, so each step keeps one of the
 * two serials seen before.  A new IKE SA (IKE_SA_INIT again, perhaps from
 * someone else) keeps neither, and starts a lineage of its own.
 *
 * So lineages are kept from one look to the next, in a small record per
 * pluto process (its pid and start time) in a directory of root's, shared
 * by the processes that ask; a record holds only serials that pluto still
 * lists.  A lineage is named after the first IKE SA seen in it.  Where
 * the steps were not seen one by one (a Child SA rekey and then an IKE SA
 * rekey with no look between), the successor cannot be told from a new
 * IKE SA: it starts a new lineage, which breaks a latch (never one held
 * wrongly).
 */
#ifndef IPSECAPI_PLUTO_LINEAGE_H
#define IPSECAPI_PLUTO_LINEAGE_H

#include <stddef.h>

#include "pluto_process.h"
#include "pluto_status.h"

struct ipsecapi_pluto_lineage_entry {
	char kind; /* 'i': an IKE SA, 'c': a Child SA */
	unsigned long serial;
	unsigned long lineage; /* 0: the lineage cannot be told */
};

struct ipsecapi_pluto_lineages {
	struct ipsecapi_pluto_process process;
	struct ipsecapi_pluto_lineage_entry *entries;
	size_t n, cap;
};

/* A record as it was written ("pluto PID START", then "i|c SERIAL
 * LINEAGE" lines): 0, or -1 with errno ENOMEM or EBADMSG. */
int ipsecapi_pluto_lineages_parse(const char *text, size_t len, struct ipsecapi_pluto_lineages *t);
/* The record as text (malloc'd, *len bytes), or NULL. */
char *ipsecapi_pluto_lineages_format(const struct ipsecapi_pluto_lineages *t, size_t *len);
void ipsecapi_pluto_lineages_free(struct ipsecapi_pluto_lineages *t);

/* Takes in what pluto lists now, and forgets what it no longer lists.
 * 0, or -1 with errno ENOMEM. */
int ipsecapi_pluto_lineages_observe(struct ipsecapi_pluto_lineages *t,
				    const struct ipsecapi_pluto_status *st);
/* The entry of kind ('i' or 'c') and serial, or NULL. */
struct ipsecapi_pluto_lineage_entry *
ipsecapi_pluto_lineage_entry(const struct ipsecapi_pluto_lineages *t, char kind,
			     unsigned long serial);
/* The lineage of Child SA serial, or 0. */
unsigned long ipsecapi_pluto_lineage_of(const struct ipsecapi_pluto_lineages *t,
					unsigned long serial);

/* The record of pluto process p in dir, brought up to date with st under
 * a lock, and the lineage of Child SA child from it: 0, or -1 with *why. */
int ipsecapi_pluto_lineage_update(const char *dir, const struct ipsecapi_pluto_process *p,
				  const struct ipsecapi_pluto_status *st, unsigned long child,
				  unsigned long *lineage, char *why, size_t why_size);

#endif
