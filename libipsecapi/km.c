/* SPDX-License-Identifier: BSD-2-Clause */
/* The peer's identity from the key manager (km.h). */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "km.h"
#include "token.h"
#include "vici_client.h"

static const char *vici_path(void)
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
	snprintf(kp->path, sizeof(kp->path), "%s", vici_path());
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

int ipsecapi_km_fill(const struct ipsecapi_km_peer *kp, const char *where, ipsec_iToken_t peer,
		     const char *fn)
{
	const struct ipsecapi_ike_peer *ike = kp != NULL ? &kp->ike : NULL;
	char text[1024];

	(void)fn;
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
	snprintf(text, sizeof(text),
		 "peer %s is %s, authenticated by %s (IKE_SA %s #%s of charon at %s; we are %s)",
		 where, ike->remote_id,
		 ike->auth_class[0] != '\0' ? ike->auth_class : "a method not known", ike->conn,
		 ike->uniqueid, kp->path, ike->local_id);
	if (fill_audit(peer, text) != 0) {
		return -1;
	}
	if (ike->auth_method != 0 &&
	    ipsecapi_token_fill(peer, IPSEC_API_ATTR_authenticationMethod, sizeof(ike->auth_method),
				&ike->auth_method) != 0) {
		return -1;
	}
	return 0;
}
