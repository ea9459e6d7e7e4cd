/* SPDX-License-Identifier: BSD-2-Clause */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sockets.h"

int bound_socket(int family, int type)
{
	struct sockaddr_storage ss;
	socklen_t len = family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
	int fd = socket(family, type, 0);

	if (fd < 0) {
		return -1;
	}
	memset(&ss, 0, sizeof(ss));
	ss.ss_family = (sa_family_t)family;
	if (family == AF_INET) {
		((struct sockaddr_in *)&ss)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	} else {
		((struct sockaddr_in6 *)&ss)->sin6_addr = in6addr_loopback;
	}
	if (bind(fd, (struct sockaddr *)&ss, len) != 0 || (type == SOCK_STREAM && listen(fd, 8) != 0)) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

int connect_to(int fd, int to)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(to, (struct sockaddr *)&ss, &len) != 0) {
		return -1;
	}
	return connect(fd, (struct sockaddr *)&ss, len);
}

int connect_pair(int family, int type, int *client, int *server)
{
	int listener = bound_socket(family, type), err;

	if (listener < 0) {
		return -1;
	}
	*client = socket(family, type, 0);
	if (*client < 0 || connect_to(*client, listener) != 0) {
		goto fail;
	}
	if (type != SOCK_STREAM) {
		*server = listener;
		return 0;
	}
	*server = accept(listener, NULL, NULL);
	if (*server < 0) {
		goto fail;
	}
	close(listener);
	return 0;
fail:
	err = errno;
	close(listener);
	if (*client >= 0) {
		close(*client);
	}
	errno = err;
	return -1;
}

long xfrm_stat(const char *name)
{
	FILE *f = fopen("/proc/net/xfrm_stat", "r");
	char key[64];
	long value, found = -1;

	if (f == NULL) {
		return -1;
	}
	while (fscanf(f, "%63s %ld", key, &value) == 2) {
		if (strcmp(key, name) == 0) {
			found = value;
		}
	}
	fclose(f);
	return found;
}
