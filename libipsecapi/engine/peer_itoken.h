/* SPDX-License-Identifier: BSD-2-Clause */
/* The peer's iToken of a connection, from the key manager's word (km.h). */
#ifndef IPSECAPI_PEER_ITOKEN_H
#define IPSECAPI_PEER_ITOKEN_H

#include "km.h"

/* Fills iToken peer of the connection to where (an address and port, for
 * the text): its auditString (who, and how they authenticated; or why
 * that is not known) and, when known, its authenticationMethod; when the
 * peer's public key is known, its pubKeyID, its certificate's
 * certificateDN and certificateAuthorityDN, and, if ours is known too,
 * the end-point binding of the two.  kp is NULL for a connection without
 * an SA pair.  0, or -1 if the iToken could not be filled (ENOMEM,
 * recorded for fn). */
int ipsecapi_peer_itoken_fill(const struct ipsecapi_km_peer *kp, const char *where,
			      ipsec_iToken_t peer, const char *fn);

#endif
