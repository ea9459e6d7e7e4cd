/* SPDX-License-Identifier: BSD-2-Clause */
/* The peer's identity from the key manager (km.h). */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "km.h"
#include "km_vici.h"
#include "token.h"
#include "vici_client.h"

static const char *vici_path(void)
{
	const char *path = secure_getenv("IPSECAPI_VICI_SOCKET");

	return path != NULL && *path != '\0' ? path : IPSECAPI_VICI_DEFAULT_PATH;
}

static int fill_audit(ipsec_iToken_t peer, const char *text)
{
	return ipsecapi_token_fill(peer, IPSEC_API_ATTR_auditString, (uint32_t)strlen(text) + 1,
				   text);
}

int ipsecapi_km_unidentified(const char *where, ipsec_iToken_t peer, const char *fn)
{
	char text[160];

	(void)fn;
	snprintf(text, sizeof(text), "peer %s; the kernel knows no identity for it", where);
	return fill_audit(peer, text);
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

int ipsecapi_km_identify(const struct ipsecapi_xfrm_sa *out, size_t nout,
			 const struct ipsecapi_xfrm_sa *in, size_t nin, const char *where,
			 ipsec_iToken_t peer, const char *fn)
{
	struct ipsecapi_ike_peer ike;
	const char *path = vici_path();
	uint32_t spi_in = ike_spi(in, nin), spi_out = ike_spi(out, nout);
	char text[1024];
	int found;

	if (spi_in == 0 || spi_out == 0) {
		return ipsecapi_km_unidentified(where, peer, fn);
	}
	found = ipsecapi_vici_peer_of(path, spi_in, spi_out, &ike, fn);

	if (found < 0) {
		const char *why = ipsec_last_error();
		size_t n = strlen(fn);

		if (strncmp(why, fn, n) == 0 && strncmp(why + n, ": ", 2) == 0) {
			why += n + 2;
		}
		snprintf(text, sizeof(text),
			 "peer %s; the kernel knows no identity for it, and no IKE daemon told one "
			 "(%s)",
			 where, why);
		return fill_audit(peer, text);
	}
	if (found == 0) {
		snprintf(text, sizeof(text),
			 "peer %s; the kernel knows no identity for it, and its SAs are not those of "
			 "charon at %s",
			 where, path);
		return fill_audit(peer, text);
	}
	snprintf(text, sizeof(text),
		 "peer %s is %s, authenticated by %s (IKE_SA %s #%s of charon at %s; we are %s)",
		 where, ike.remote_id, ike.auth_class[0] != '\0' ? ike.auth_class : "a method not known",
		 ike.conn, ike.uniqueid, path, ike.local_id);
	if (fill_audit(peer, text) != 0) {
		return -1;
	}
	if (ike.auth_method != 0 &&
	    ipsecapi_token_fill(peer, IPSEC_API_ATTR_authenticationMethod, sizeof(ike.auth_method),
				&ike.auth_method) != 0) {
		return -1;
	}
	return 0;
}
