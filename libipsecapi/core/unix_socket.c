/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "unix_socket.h"

int ipsecapi_unix_connect(const char *path, int type)
{
	struct sockaddr_un sun;
	int sock, err;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path));
	sock = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
	if (sock >= 0 && connect(sock, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		err = errno;
		close(sock);
		errno = err;
		sock = -1;
	}
	return sock;
}
