/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libreswan's pluto as the key manager (km.h), asked through its whack
 * program, with the lineages of its IKE SAs (pluto_lineage.h) kept
 * beside it; where each is, pluto_paths.h says.
 *
 * Why whack's text and not the updown hook: pluto runs the hook for the
 * first Child SA of a route only ("up" when no state owns the route), not
 * for a rekey, and not for a new IKE SA whose Child SA takes over a
 * route; so a record written by the hook would go on naming an IKE SA
 * that another one has replaced.  whack tells what pluto holds now.
 */
#ifndef IPSECAPI_PLUTO_H
#define IPSECAPI_PLUTO_H

#include "km.h"

extern const struct ipsecapi_km ipsecapi_pluto;

/* The draft's method for what whack says of a connection's "their
 * auth:" (pluto's auth keyword, or its authby mask when they differ), and
 * its name for the audit text; 0 when not known.  Where several methods
 * are allowed the weakest is told: a peer may have used it. */
uint16_t ipsecapi_pluto_auth_method(const char *their_auth, const char **name);

#endif
