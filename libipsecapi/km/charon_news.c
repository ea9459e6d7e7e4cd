/* SPDX-License-Identifier: BSD-2-Clause */
/* charon's events, as a key manager's news (km.h): the messages are
 * not read, any octet is news. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "charon.h"
#include "vici_client.h"

struct ipsecapi_km_news {
	struct ipsecapi_vici *vici;
};

struct ipsecapi_km_news *ipsecapi_charon_news_open(void)
{
	static const char *const events[] = { "ike-updown", "ike-rekey", "ike-update",
					      "child-updown", "child-rekey" };
	static const char fn[] = "ipsecapi_charon_news_open";
	struct ipsecapi_km_news *news;
	struct ipsecapi_vici *v;
	size_t i, subscribed = 0;

	if (ipsecapi_vici_connect(ipsecapi_vici_path(), &v, fn) != 0) {
		return NULL;
	}
	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		/* An older charon may lack one: the others still tell. */
		if (ipsecapi_vici_subscribe(v, events[i], fn) == 0) {
			subscribed++;
		} else if (errno != ENOTSUP) {
			break;
		}
	}
	if (i < sizeof(events) / sizeof(events[0]) || subscribed == 0 ||
	    (news = calloc(1, sizeof(*news))) == NULL) {
		ipsecapi_vici_close(v);
		return NULL;
	}
	news->vici = v;
	return news;
}

void ipsecapi_charon_news_close(struct ipsecapi_km_news *news)
{
	if (news != NULL) {
		ipsecapi_vici_close(news->vici);
		free(news);
	}
}

int ipsecapi_charon_news_fd(const struct ipsecapi_km_news *news)
{
	return ipsecapi_vici_fd(news->vici);
}

bool ipsecapi_charon_news_take(struct ipsecapi_km_news *news, bool *ended)
{
	uint8_t buf[4096];
	bool came = false;

	*ended = false;
	for (;;) {
		ssize_t n = recv(ipsecapi_charon_news_fd(news), buf, sizeof(buf), MSG_DONTWAIT);

		if (n > 0) {
			came = true;
		} else if (n < 0 && errno == EINTR) {
			continue;
		} else {
			*ended = n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
			return came || *ended;
		}
	}
}
