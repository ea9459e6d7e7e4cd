/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Who the peer of an SA pair is, as strongSwan's charon knows it (the
 * kernel knows algorithms and keys, not identities): the IKE_SA whose
 * CHILD_SA has the SA pair's SPIs (list-sas), and how its connection
 * requires the peer to authenticate (list-conns).
 *
 * The authentication method is the one the connection's first remote
 * round is configured with: charon reports no method per SA, and a peer
 * that authenticated passed that round.  strongSwan's classes map to the
 * draft's methods: "pre-shared key" to PRESHAREDKEY, "public key" to
 * PKIX_TRUSTED (a certificate or a configured key that charon trusts),
 * "EAP" to EAP, "XAuth" to XAUTH; "any" is not known (0).
 *
 * With public keys, the keys are those charon holds for each identity
 * (list-certs, by subject): the peer's certificate, which charon keeps
 * once it has verified it, or the certificate (self-signed) or raw key
 * configured for the peer; ours, a certificate or key with its private
 * key.  charon does not say which
 * key a peer signed with, so a key is known only when charon holds exactly
 * one for the identity; with several, none is reported.
 */
#ifndef IPSECAPI_KM_VICI_H
#define IPSECAPI_KM_VICI_H

#include <stdbool.h>
#include <stdint.h>

#include "peer_key.h"

/* The public key charon holds for one identity. */
struct ipsecapi_ike_key {
	struct ipsecapi_peer_key key; /* the first one found */
	unsigned count;               /* distinct keys (or certificates) held */
	bool unreadable;              /* one of them could not be read */
};

/* The one key charon holds for the identity, or NULL (none, several, or
 * one that could not be read). */
const struct ipsecapi_peer_key *ipsecapi_ike_key_known(const struct ipsecapi_ike_key *k);

struct ipsecapi_ike_peer {
	char conn[256];        /* the connection's name (and the IKE_SA's) */
	char uniqueid[24];     /* the IKE_SA's number in charon */
	char remote_id[256];   /* the peer's identity, as authenticated */
	char local_id[256];
	char remote_host[64];
	char auth_class[32];   /* charon's name for it, "" if not known */
	uint16_t auth_method;  /* IPSEC_API_ATTR_authMeth_*, or 0 */
	char local_class[32];  /* how we authenticate to the peer */
	struct ipsecapi_ike_key remote_key, local_key; /* with public keys */
};

/* The peer of the SA pair with inbound SPI spi_in and outbound SPI
 * spi_out (network order, as the kernel has them), from charon at path:
 * 1 and *peer, 0 when charon has no such CHILD_SA, -1 with the error
 * recorded for fn (charon cannot be reached, or answered wrongly). */
int ipsecapi_vici_peer_of(const char *path, uint32_t spi_in, uint32_t spi_out,
			  struct ipsecapi_ike_peer *peer, const char *fn);

/* The draft's method for strongSwan's auth class name, or 0. */
uint16_t ipsecapi_vici_auth_method(const char *auth_class);

#endif
