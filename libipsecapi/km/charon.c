/* SPDX-License-Identifier: BSD-2-Clause */
/* strongSwan's charon as the key manager (charon.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charon.h"
#include "vici_client.h"

/* The SPI by which charon knows the SAs, or 0. */
static uint32_t ike_spi(const struct ipsecapi_xfrm_sa *sa, size_t n)
{
	const struct ipsecapi_xfrm_sa *named = ipsecapi_km_named_sa(sa, n);

	return named != NULL ? named->info.id.spi : 0;
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

static void take_key(const struct ipsecapi_ike_key *k, bool *known, struct ipsecapi_peer_key *out)
{
	const struct ipsecapi_peer_key *key = ipsecapi_ike_key_known(k);

	*known = key != NULL;
	if (key != NULL) {
		*out = *key;
	}
}

void ipsecapi_charon_describe(int status, const struct ipsecapi_ike_peer *ike, const char *why,
			      const char *path, struct ipsecapi_km_peer *kp)
{
	char key[1200] = "";

	memset(kp, 0, sizeof(*kp));
	kp->status = status;
	snprintf(kp->daemon, sizeof(kp->daemon), "charon at %s", path);
	if (status < 0) {
		snprintf(kp->why, sizeof(kp->why), "%s", why);
	}
	if (status != 1) {
		return;
	}
	snprintf(kp->identity, sizeof(kp->identity), "%s\n%s", ike->remote_id, ike->auth_class);
	kp->auth_method = ike->auth_method;
	if (strcmp(ike->auth_class, "public key") == 0) {
		describe_key(key, sizeof(key), &ike->remote_key, ike->remote_id);
		take_key(&ike->remote_key, &kp->theirs_known, &kp->theirs);
		take_key(&ike->local_key, &kp->ours_known, &kp->ours);
	}
	snprintf(kp->account, sizeof(kp->account),
		 "is %s, authenticated by %s%s (IKE_SA %s #%s of charon at %s; we are %s)",
		 ike->remote_id, ike->auth_class[0] != '\0' ? ike->auth_class : "a method not known",
		 key, ike->conn, ike->uniqueid, path, ike->local_id);
}

static void charon_peer_of(const struct ipsecapi_xfrm_sa *out, size_t nout,
			   const struct ipsecapi_xfrm_sa *in, size_t nin, struct ipsecapi_km_peer *kp,
			   const char *fn)
{
	uint32_t spi_in = ike_spi(in, nin), spi_out = ike_spi(out, nout);
	const char *path = ipsecapi_vici_path();
	struct ipsecapi_ike_peer *ike = calloc(1, sizeof(*ike));
	int status = 0;

	if (ike == NULL) {
		status = -1;
	} else if (spi_in != 0 && spi_out != 0) {
		status = ipsecapi_vici_peer_of(path, spi_in, spi_out, ike, fn);
	}
	ipsecapi_charon_describe(status, ike, ike != NULL ? ipsecapi_last_reason(fn) : "no memory",
				 path, kp);
	free(ike);
}

static const long settle_pauses_ms[] = { 20, 50, 100, 200, 0 };

const struct ipsecapi_km ipsecapi_charon = {
	.name = "charon",
	.peer_of = charon_peer_of,
	.settle_pauses_ms = settle_pauses_ms,
	.news_open = ipsecapi_charon_news_open,
	.news_close = ipsecapi_charon_news_close,
	.news_fd = ipsecapi_charon_news_fd,
	.news_take = ipsecapi_charon_news_take,
};
