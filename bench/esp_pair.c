/* SPDX-License-Identifier: BSD-2-Clause */
/* A TCP connection whose two sockets require ESP (esp_pair.h). */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ipsecapi.h>

#include "esp_pair.h"

static ipsec_pToken_t require_esp(void)
{
	ipsec_pToken_t p = ipsec_create_pToken();
	uint16_t on = IPSEC_API_ATTR_ENABLE, off = IPSEC_API_ATTR_DISABLE;

	if (p != NULL &&
	    (ipsec_set_token_attr(p, IPSEC_API_ATTR_privacyProtection, sizeof(on), &on) != 0 ||
	     ipsec_set_token_attr(p, IPSEC_API_ATTR_integrityProtection, sizeof(on), &on) != 0 ||
	     ipsec_set_token_attr(p, IPSEC_API_ATTR_compression, sizeof(off), &off) != 0)) {
		ipsec_free_pToken(p);
		p = NULL;
	}
	return p;
}

static int protect_socket(int fd, ipsec_pToken_t p, bool protect)
{
	if (!protect || ipsec_set_socket_pToken(fd, p) == 0) {
		return 0;
	}
	fprintf(stderr, "esp_tcp_pair: %s\n", ipsec_last_error());
	return -1;
}

int esp_tcp_pair(struct in_addr client, struct in_addr server, bool protect, int *a, int *b)
{
	struct sockaddr_in to, from;
	socklen_t len = sizeof(to);
	ipsec_pToken_t p = require_esp();
	int listener = socket(AF_INET, SOCK_STREAM, 0), rc = -1;

	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_addr = server;
	from = to;
	from.sin_addr = client;
	*a = socket(AF_INET, SOCK_STREAM, 0);
	*b = -1;
	if (p != NULL && listener >= 0 && *a >= 0 &&
	    bind(listener, (struct sockaddr *)&to, sizeof(to)) == 0 &&
	    protect_socket(listener, p, protect) == 0 && listen(listener, 1) == 0 &&
	    getsockname(listener, (struct sockaddr *)&to, &len) == 0 &&
	    bind(*a, (struct sockaddr *)&from, sizeof(from)) == 0 &&
	    protect_socket(*a, p, protect) == 0 &&
	    connect(*a, (struct sockaddr *)&to, sizeof(to)) == 0 &&
	    (*b = accept(listener, NULL, NULL)) >= 0 &&
	    /* Its own, as the listener closes: a copy of a closed listener's
	     * policy is no longer known to be the connection's. */
	    protect_socket(*b, p, protect) == 0) {
		rc = 0;
	}
	if (listener >= 0) {
		close(listener);
	}
	ipsec_free_pToken(p);
	return rc;
}
