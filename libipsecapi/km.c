/* SPDX-License-Identifier: BSD-2-Clause */
/* The peer's identity from the key manager (km.h). */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channel_binding.h"
#include "error.h"
#include "km.h"
#include "token.h"
#include "vici_client.h"

const char *ipsecapi_km_path(void)
{
	const char *path = secure_getenv("IPSECAPI_VICI_SOCKET");

	return path != NULL && *path != '\0' ? path : IPSECAPI_VICI_DEFAULT_PATH;
}

/* The SPI by which the IKE daemon knows the SAs: the ESP or AH SA's
 * (IPComp's CPI is another number), or 0. */
static uint32_t ike_spi(const struct ipsecapi_xfrm_sa *sa, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (sa[i].info.id.proto == IPPROTO_ESP || sa[i].info.id.proto == IPPROTO_AH) {
			return sa[i].info.id.spi;
		}
	}
	return 0;
}

void ipsecapi_km_lookup(const struct ipsecapi_xfrm_sa *out, size_t nout,
			const struct ipsecapi_xfrm_sa *in, size_t nin, struct ipsecapi_km_peer *kp,
			const char *fn)
{
	uint32_t spi_in = ike_spi(in, nin), spi_out = ike_spi(out, nout);

	memset(kp, 0, sizeof(*kp));
	snprintf(kp->path, sizeof(kp->path), "%s", ipsecapi_km_path());
	if (spi_in == 0 || spi_out == 0) {
		return;
	}
	kp->status = ipsecapi_vici_peer_of(kp->path, spi_in, spi_out, &kp->ike, fn);
	if (kp->status < 0) {
		snprintf(kp->why, sizeof(kp->why), "%s", ipsecapi_last_reason(fn));
	}
}

void ipsecapi_km_identity(const struct ipsecapi_km_peer *kp, char *out, size_t size)
{
	if (kp->status != 1) {
		snprintf(out, size, "%s", "");
		return;
	}
	snprintf(out, size, "%s\n%s", kp->ike.remote_id, kp->ike.auth_class);
}

static int fill_audit(ipsec_iToken_t peer, const char *text)
{
	return ipsecapi_token_fill(peer, IPSEC_API_ATTR_auditString, (uint32_t)strlen(text) + 1,
				   text);
}

/* What the audit text says of a key charon holds for id: the one known,
 * or why none is. */
static void describe_key(char *out, size_t size, const struct ipsecapi_ike_key *k, const char *id)
{
	const struct ipsecapi_peer_key *key = ipsecapi_ike_key_known(k);

	if (key != NULL && key->subject[0] != '\0') {
		snprintf(out, size, "; certificate %s, issued by %s", key->subject, key->issuer);
	} else if (key != NULL) {
		snprintf(out, size, "; a raw public key");
	} else if (k->unreadable) {
		snprintf(out, size, "; a key charon holds for %s could not be read, so its key is "
				    "not told", id);
	} else if (k->count > 1) {
		snprintf(out, size, "; charon holds %u keys for %s and does not say which one "
				    "signed, so its key is not told", k->count, id);
	} else {
		snprintf(out, size, "; charon holds no key for %s", id);
	}
}

/* The peer's certificate names and public key, and the end-point binding
 * when our key is known too. */
static int fill_keys(const struct ipsecapi_ike_peer *ike, ipsec_iToken_t peer, const char *fn)
{
	const struct ipsecapi_peer_key *theirs = ipsecapi_ike_key_known(&ike->remote_key);
	const struct ipsecapi_peer_key *ours = ipsecapi_ike_key_known(&ike->local_key);
	uint8_t value[IPSECAPI_CB_VALUE_LEN];
	int rc = 0;

	if (theirs == NULL) {
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
	if (ours != NULL) {
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

int ipsecapi_km_fill(const struct ipsecapi_km_peer *kp, const char *where, ipsec_iToken_t peer,
		     const char *fn)
{
	const struct ipsecapi_ike_peer *ike = kp != NULL ? &kp->ike : NULL;
	char text[2048], key[1200] = "";

	if (kp == NULL || kp->status == 0) {
		snprintf(text, sizeof(text), "peer %s; the kernel knows no identity for it%s%s", where,
			 kp != NULL ? ", and its SAs are not those of charon at " : "",
			 kp != NULL ? kp->path : "");
		return fill_audit(peer, text);
	}
	if (kp->status < 0) {
		snprintf(text, sizeof(text),
			 "peer %s; the kernel knows no identity for it, and no IKE daemon told one "
			 "(%s)",
			 where, kp->why);
		return fill_audit(peer, text);
	}
	if (strcmp(ike->auth_class, "public key") == 0) {
		describe_key(key, sizeof(key), &ike->remote_key, ike->remote_id);
	}
	snprintf(text, sizeof(text),
		 "peer %s is %s, authenticated by %s%s (IKE_SA %s #%s of charon at %s; we are %s)",
		 where, ike->remote_id,
		 ike->auth_class[0] != '\0' ? ike->auth_class : "a method not known", key,
		 ike->conn, ike->uniqueid, kp->path, ike->local_id);
	if (fill_audit(peer, text) != 0) {
		return -1;
	}
	if (ike->auth_method != 0 &&
	    ipsecapi_token_fill(peer, IPSEC_API_ATTR_authenticationMethod, sizeof(ike->auth_method),
				&ike->auth_method) != 0) {
		return -1;
	}
	return fill_keys(ike, peer, fn);
}
