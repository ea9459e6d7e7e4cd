/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pluto's news (km.h): pluto has no event stream, and the kernel shows
 * its SAs coming and going; what only pluto's end tells is that it is
 * gone (its SAs stay behind it), and a pidfd of the process says so.
 */
#include <poll.h>
#include <stdlib.h>
#include <sys/pidfd.h>
#include <unistd.h>

#include "pluto_news.h"
#include "pluto_paths.h"
#include "pluto_process.h"

struct ipsecapi_km_news {
	int pidfd;
};

struct ipsecapi_km_news *ipsecapi_pluto_news_open(void)
{
	struct ipsecapi_pluto_process p;
	struct ipsecapi_km_news *news;
	char why[512];
	int fd;

	if (ipsecapi_pluto_process_of(ipsecapi_pluto_rundir(), &p, why, sizeof(why)) != 0) {
		return NULL;
	}
	fd = pidfd_open(p.pid, 0);
	/* The pid may have gone to another process since the pid file was
	 * read: the start time says whether the pidfd is pluto's. */
	if (fd < 0 || !ipsecapi_pluto_process_alive(p.pid, p.start)) {
		if (fd >= 0) {
			close(fd);
		}
		return NULL;
	}
	news = malloc(sizeof(*news));
	if (news == NULL) {
		close(fd);
		return NULL;
	}
	news->pidfd = fd;
	return news;
}

void ipsecapi_pluto_news_close(struct ipsecapi_km_news *news)
{
	if (news != NULL) {
		close(news->pidfd);
		free(news);
	}
}

int ipsecapi_pluto_news_fd(const struct ipsecapi_km_news *news)
{
	return news->pidfd;
}

bool ipsecapi_pluto_news_take(struct ipsecapi_km_news *news, bool *ended)
{
	struct pollfd pfd = { .fd = news->pidfd, .events = POLLIN };

	*ended = poll(&pfd, 1, 0) == 1;
	return *ended;
}
