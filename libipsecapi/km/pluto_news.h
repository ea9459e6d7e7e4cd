/* SPDX-License-Identifier: BSD-2-Clause */
/* pluto's news, for pluto.c's table (km.h says what each does). */
#ifndef IPSECAPI_PLUTO_NEWS_H
#define IPSECAPI_PLUTO_NEWS_H

#include <stdbool.h>

#include "km.h"

struct ipsecapi_km_news *ipsecapi_pluto_news_open(void);
void ipsecapi_pluto_news_close(struct ipsecapi_km_news *news);
int ipsecapi_pluto_news_fd(const struct ipsecapi_km_news *news);
bool ipsecapi_pluto_news_take(struct ipsecapi_km_news *news, bool *ended);

#endif
