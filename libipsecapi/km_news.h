/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The key manager's news: charon's events about IKE_SAs and CHILD_SAs
 * (up, down, rekeyed, updated), after which a latch bound to its peer is
 * worth working out again, and the end of charon itself, which the kernel
 * does not see (charon's SAs stay).  As with the kernel's XFRM events, the
 * messages are not read: any octet is news.
 */
#ifndef IPSECAPI_KM_NEWS_H
#define IPSECAPI_KM_NEWS_H

#include <stdbool.h>

struct ipsecapi_km_news;

/* Follows charon at the key manager's path (km.h): NULL when it cannot be
 * reached, which is no error (a latch bound to a peer that charon cannot
 * name is BROKEN by its own lookup). */
struct ipsecapi_km_news *ipsecapi_km_news_open(void);
void ipsecapi_km_news_close(struct ipsecapi_km_news *news);

/* The socket to poll for input. */
int ipsecapi_km_news_fd(const struct ipsecapi_km_news *news);

/* Takes in what is waiting: whether anything came, and in *ended whether
 * the connection ended (charon is gone, or failed us), after which news
 * must be closed. */
bool ipsecapi_km_news_take(struct ipsecapi_km_news *news, bool *ended);

#endif
