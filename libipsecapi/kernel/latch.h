/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Connection latches (RFC 5660): what a connection was latched to, as a
 * digest of its SAs' quality of protection, and the state that follows
 * from the SAs the kernel holds now.
 *
 * The digest covers each SA's protocol, mode, family, end-points, reqid
 * and transforms with their sizes, in template order, outbound then
 * inbound; not SPIs or keys, which a rekey changes.  A rekey to equal
 * parameters keeps the digest (congruent); anything else changes it.
 */
#ifndef IPSECAPI_LATCH_H
#define IPSECAPI_LATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xfrm_msg.h"

#define IPSECAPI_QOP_LEN 12

/* The digest of one SA. */
int ipsecapi_sa_qop(const struct ipsecapi_xfrm_sa *sa, uint8_t qop[IPSECAPI_QOP_LEN]);

/* The digest of a connection: its outbound SAs' digests, then its
 * inbound SAs'. */
int ipsecapi_connection_qop(const uint8_t (*out)[IPSECAPI_QOP_LEN], size_t nout,
			    const uint8_t (*in)[IPSECAPI_QOP_LEN], size_t nin,
			    uint8_t qop[IPSECAPI_QOP_LEN]);

/* The digest qop bound to the peer's identity as the key manager told it
 * (a text that names one peer): a rekey to another peer changes it. */
int ipsecapi_latch_bind_identity(uint8_t qop[IPSECAPI_QOP_LEN], const char *identity);

/* What a latch holds, stored with the socket's policies. */
struct ipsecapi_latch_record {
	bool latched;
	bool identity_bound; /* qop is bound to the peer's identity */
	uint8_t privacy, integrity; /* enum ipsecapi_strength */
	uint8_t qop[IPSECAPI_QOP_LEN];
};

#endif
