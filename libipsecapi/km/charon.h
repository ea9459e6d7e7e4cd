/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * strongSwan's charon as the key manager (km.h), asked over VICI at
 * IPSECAPI_VICI_SOCKET (read with secure_getenv) or /var/run/charon.vici:
 * the peer of an SA pair (km_vici.h) and charon's events (charon_news.c).
 */
#ifndef IPSECAPI_CHARON_H
#define IPSECAPI_CHARON_H

#include "km.h"
#include "km_vici.h"

extern const struct ipsecapi_km ipsecapi_charon;

/* What charon at path said of a peer (status as km.h's, ike when it is 1,
 * why when it is -1), as km.h tells it. */
void ipsecapi_charon_describe(int status, const struct ipsecapi_ike_peer *ike, const char *why,
			      const char *path, struct ipsecapi_km_peer *kp);

struct ipsecapi_km_news *ipsecapi_charon_news_open(void);
void ipsecapi_charon_news_close(struct ipsecapi_km_news *news);
int ipsecapi_charon_news_fd(const struct ipsecapi_km_news *news);
bool ipsecapi_charon_news_take(struct ipsecapi_km_news *news, bool *ended);

#endif
