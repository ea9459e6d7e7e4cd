/* SPDX-License-Identifier: BSD-2-Clause */
/* Which key manager the engine asks (km.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "charon.h"
#include "km.h"
#include "pluto.h"
#include "pluto_paths.h"
#include "vici_client.h"

static void misnamed_peer_of(const struct ipsecapi_xfrm_sa *out, size_t nout,
			     const struct ipsecapi_xfrm_sa *in, size_t nin,
			     struct ipsecapi_km_peer *kp, const char *fn)
{
	(void)out, (void)nout, (void)in, (void)nin, (void)fn;
	memset(kp, 0, sizeof(*kp));
	kp->status = -1;
	snprintf(kp->daemon, sizeof(kp->daemon), "no key manager");
	snprintf(kp->why, sizeof(kp->why),
		 "IPSECAPI_KEY_MANAGER names no key manager this library knows (charon or pluto)");
}

static struct ipsecapi_km_news *no_news(void)
{
	return NULL;
}

static void no_news_close(struct ipsecapi_km_news *news)
{
	(void)news;
}

static int no_news_fd(const struct ipsecapi_km_news *news)
{
	(void)news;
	return -1;
}

static bool no_news_take(struct ipsecapi_km_news *news, bool *ended)
{
	(void)news;
	*ended = false;
	return false;
}

static const long no_pauses[] = { 0 };

/* A name that is not known must not quietly ask another daemon. */
static const struct ipsecapi_km misnamed = {
	.name = "misnamed",
	.peer_of = misnamed_peer_of,
	.settle_pauses_ms = no_pauses,
	.news_open = no_news,
	.news_close = no_news_close,
	.news_fd = no_news_fd,
	.news_take = no_news_take,
};

const struct ipsecapi_km *ipsecapi_km_of_host(void)
{
	const char *name = secure_getenv("IPSECAPI_KEY_MANAGER");
	char ctl[4096];

	if (name != NULL && name[0] != '\0') {
		return strcmp(name, "charon") == 0  ? &ipsecapi_charon
		       : strcmp(name, "pluto") == 0 ? &ipsecapi_pluto
						    : &misnamed;
	}
	/* A host runs one of them (Debian's packages conflict): the one
	 * whose socket is there, and charon when both or neither are. */
	snprintf(ctl, sizeof(ctl), "%s/pluto.ctl", ipsecapi_pluto_rundir());
	if (access(ctl, F_OK) == 0 && access(ipsecapi_vici_path(), F_OK) != 0) {
		return &ipsecapi_pluto;
	}
	return &ipsecapi_charon;
}
