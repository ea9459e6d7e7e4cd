/* SPDX-License-Identifier: BSD-2-Clause */
/* The peer's iToken of a connection (peer_itoken.h). */
#include <stdio.h>
#include <string.h>

#include "channel_binding.h"
#include "core.h"
#include "peer_itoken.h"

static int fill_audit(ipsec_iToken_t peer, const char *text)
{
	return ipsecapi_token_fill(peer, IPSEC_API_ATTR_auditString, (uint32_t)strlen(text) + 1,
				   text);
}

/* The peer's certificate names and public key, and the end-point binding
 * when our key is known too. */
static int fill_keys(const struct ipsecapi_km_peer *kp, ipsec_iToken_t peer, const char *fn)
{
	const struct ipsecapi_peer_key *theirs = &kp->theirs, *ours = &kp->ours;
	uint8_t value[IPSECAPI_CB_VALUE_LEN];
	int rc = 0;

	if (!kp->theirs_known) {
		return 0;
	}
	if (theirs->subject[0] != '\0' &&
	    (ipsecapi_token_fill(peer, IPSEC_API_ATTR_certificateDN,
				 (uint32_t)strlen(theirs->subject) + 1, theirs->subject) != 0 ||
	     ipsecapi_token_fill(peer, IPSEC_API_ATTR_certificateAuthorityDN,
				 (uint32_t)strlen(theirs->issuer) + 1, theirs->issuer) != 0)) {
		return -1;
	}
	if (ipsecapi_token_fill(peer, IPSEC_API_ATTR_pubKeyID, (uint32_t)theirs->spki_len,
				theirs->spki) != 0) {
		return -1;
	}
	if (kp->ours_known) {
		rc = ipsecapi_cb_end_point(ours->spki, ours->spki_len, theirs->spki,
					   theirs->spki_len, value, fn) == 0 &&
				     ipsecapi_cb_fill(peer, IPSEC_API_CB_END_POINT,
						      IPSECAPI_CB_END_POINT_PREFIX, value, fn) == 0
			     ? 0
			     : -1;
		explicit_bzero(value, sizeof(value));
	}
	return rc;
}

int ipsecapi_peer_itoken_fill(const struct ipsecapi_km_peer *kp, const char *where,
			      ipsec_iToken_t peer, const char *fn)
{
	char text[2304];

	if (kp == NULL || kp->status == 0) {
		snprintf(text, sizeof(text), "peer %s; the kernel knows no identity for it%s%s", where,
			 kp != NULL ? ", and its SAs are not those of " : "",
			 kp != NULL ? kp->daemon : "");
		return fill_audit(peer, text);
	}
	if (kp->status < 0) {
		snprintf(text, sizeof(text),
			 "peer %s; the kernel knows no identity for it, and no IKE daemon told one "
			 "(%s)",
			 where, kp->why);
		return fill_audit(peer, text);
	}
	snprintf(text, sizeof(text), "peer %s %s", where, kp->account);
	if (fill_audit(peer, text) != 0) {
		return -1;
	}
	if (kp->auth_method != 0 &&
	    ipsecapi_token_fill(peer, IPSEC_API_ATTR_authenticationMethod, sizeof(kp->auth_method),
				&kp->auth_method) != 0) {
		return -1;
	}
	return fill_keys(kp, peer, fn);
}
