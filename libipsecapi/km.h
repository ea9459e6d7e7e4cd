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
#include "km_vici.h"
#include "xfrm_msg.h"

struct ipsecapi_km_peer {
	/* 1: the key manager knows the peer; 0: the SAs are not its (or have
	 * no ESP or AH SPI); -1: no key manager answered (why says why). */
	int status;
	struct ipsecapi_ike_peer ike;
	char why[512];
	char path[108];
};

/* Where charon is asked: IPSECAPI_VICI_SOCKET, else the default. */
const char *ipsecapi_km_path(void);

/* Asks the key manager about the SAs out and in (nout and nin of them, in
 * template order), by their ESP (or AH) SPIs.  What it could not learn is
 * in kp: this is never an error of the caller's call. */
void ipsecapi_km_lookup(const struct ipsecapi_xfrm_sa *out, size_t nout,
			const struct ipsecapi_xfrm_sa *in, size_t nin, struct ipsecapi_km_peer *kp,
			const char *fn);

/* The peer's identity as a latch binds it (who, and how they
 * authenticated), or "" when the key manager does not know it. */
void ipsecapi_km_identity(const struct ipsecapi_km_peer *kp, char *out, size_t size);

/* Fills iToken peer of the connection to where (an address and port, for
 * the text): its auditString (who, and how they authenticated; or why
 * that is not known) and, when known, its authenticationMethod; when the
 * peer's public key is known (km_vici.h), its pubKeyID, its certificate's
 * certificateDN and certificateAuthorityDN, and, if ours is known too,
 * the end-point binding of the two.  kp is
 * NULL for a connection without an SA pair.  0, or -1 if the iToken could
 * not be filled (ENOMEM, recorded for fn). */
int ipsecapi_km_fill(const struct ipsecapi_km_peer *kp, const char *where, ipsec_iToken_t peer,
		     const char *fn);

#endif
