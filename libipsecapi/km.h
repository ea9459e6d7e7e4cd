/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The peer's identity from the key manager: the kernel knows algorithms
 * and keys, the IKE daemon knows who authenticated.  The daemon asked is
 * strongSwan's charon, over VICI, at IPSECAPI_VICI_SOCKET (read with
 * secure_getenv) or /var/run/charon.vici.  Nothing is cached: each answer
 * is the daemon's of the moment, and a daemon that is gone gives none.
 */
#ifndef IPSECAPI_KM_H
#define IPSECAPI_KM_H

#include "ipsecapi.h"
#include "xfrm_msg.h"

/* Fills iToken peer of the connection to where (an address and port, for
 * the text) that the SAs out and in (nout and nin of them, in template
 * order) protect: its auditString (who, and how they authenticated; or
 * why that is not known) and, when the key manager knows it, its
 * authenticationMethod.  The IKE daemon knows the SA pair by its ESP (or
 * AH) SPIs.  0, or -1 if the iToken could not be filled (ENOMEM, recorded
 * for fn). */
int ipsecapi_km_identify(const struct ipsecapi_xfrm_sa *out, size_t nout,
			 const struct ipsecapi_xfrm_sa *in, size_t nin, const char *where,
			 ipsec_iToken_t peer, const char *fn);

/* The same without an SA pair: the audit text alone. */
int ipsecapi_km_unidentified(const char *where, ipsec_iToken_t peer, const char *fn);

#endif
