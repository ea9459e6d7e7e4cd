// SPDX-License-Identifier: BSD-2-Clause
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tcp.h"

int tcp_connect(const char *program, const char *host, const char *port)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai, *a;
	int fd = -1, rc = getaddrinfo(host, port, &hints, &ai);

	if (rc != 0) {
		fprintf(stderr, "%s: %s: %s\n", program, host, gai_strerror(rc));
		return -1;
	}
	for (a = ai; a != NULL && fd < 0; a = a->ai_next) {
		fd = socket(a->ai_family, SOCK_STREAM, 0);
		if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(ai);
	if (fd < 0) {
		fprintf(stderr, "%s: connect: %s\n", program, strerror(errno));
	}
	return fd;
}

int tcp_accept_one(const char *program, const char *port)
{
	char *end;
	long number = strtol(port, &end, 10);
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons((uint16_t)number) };
	int listener, fd = -1, one = 1;

	if (*port == '\0' || *end != '\0' || number < 1 || number > 65535) {
		fprintf(stderr, "%s: not a port number: %s\n", program, port);
		return -1;
	}
	listener = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(listener, (struct sockaddr *)&sin, sizeof(sin)) == 0 && listen(listener, 1) == 0) {
		fd = accept(listener, NULL, NULL);
	}
	if (fd < 0) {
		fprintf(stderr, "%s: accept: %s\n", program, strerror(errno));
	}
	close(listener);
	return fd;
}
