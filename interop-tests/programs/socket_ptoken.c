/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * socket_ptoken: opens one TCP or UDP connection and prints what
 * ipsec_get_socket_pToken() says of it, one "name=value" line per
 * attribute, for the interop scenarios.
 *
 *   socket_ptoken listen tcp|udp PORT          (IPv4 and IPv6)
 *   socket_ptoken connect tcp|udp ADDRESS PORT
 *
 * A UDP listener connects its socket to the first datagram's sender.  Both
 * sides exchange one line, so that each prints while the other is up.
 */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ipsecapi.h>

static void die(const char *what)
{
	fprintf(stderr, "socket_ptoken: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void print_u16(const void *token, uint32_t attr)
{
	uint16_t v = 0;
	void *p = &v;
	uint32_t len = sizeof(v);

	if (ipsec_get_token_attr(token, attr, &len, &p) == 0) {
		printf("%s=%s\n", ipsec_constant_name(attr), ipsec_constant_name(v));
	}
}

static void print_string(const void *token, uint32_t attr)
{
	void *p = NULL;
	uint32_t len = 0;

	if (ipsec_get_token_attr(token, attr, &len, &p) == 0) {
		printf("%s=%s\n", ipsec_constant_name(attr), (const char *)p);
		free(p);
	}
}

static void print_ptoken(int fd)
{
	ipsec_pToken_t p = NULL;
	ipsec_iToken_t peer = NULL;
	void *val = &peer;
	uint32_t len = sizeof(peer);

	if (ipsec_get_socket_pToken(fd, &p) != 0) {
		printf("error=%s\n", ipsec_last_error());
		return;
	}
	print_u16(p, IPSEC_API_ATTR_privacyProtection);
	print_u16(p, IPSEC_API_ATTR_integrityProtection);
	print_u16(p, IPSEC_API_ATTR_compression);
	print_u16(p, IPSEC_API_ATTR_tunnelMode);
	print_string(p, IPSEC_API_ATTR_auditString);
	print_string(p, IPSEC_API_ATTR_informationString);
	if (ipsec_get_token_attr(p, IPSEC_API_ATTR_iToken, &len, &val) == 0) {
		print_string(peer, IPSEC_API_ATTR_channelBinding);
		print_u16(peer, IPSEC_API_ATTR_channelBindingType);
		ipsec_free_iToken(peer);
	}
	ipsec_free_pToken(p);
	fflush(stdout);
}

static int open_socket(const char *host, const char *port, int type, int passive)
{
	struct addrinfo hints, *ai;
	int fd, one = 1, rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = passive ? AF_INET6 : AF_UNSPEC; /* :: takes IPv4 too */
	hints.ai_socktype = type;
	hints.ai_flags = passive ? AI_PASSIVE : 0;
	rc = getaddrinfo(host, port, &hints, &ai);
	if (rc != 0) {
		fprintf(stderr, "socket_ptoken: %s: %s\n", host ? host : "::", gai_strerror(rc));
		exit(1);
	}
	fd = socket(ai->ai_family, ai->ai_socktype, 0);
	if (fd < 0) {
		die("socket");
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (passive ? bind(fd, ai->ai_addr, ai->ai_addrlen) : connect(fd, ai->ai_addr, ai->ai_addrlen)) {
		die(passive ? "bind" : "connect");
	}
	freeaddrinfo(ai);
	return fd;
}

int main(int argc, char **argv)
{
	char line[64];
	int type, fd = -1;

	if (argc < 4 || (strcmp(argv[2], "tcp") != 0 && strcmp(argv[2], "udp") != 0)) {
		fprintf(stderr, "usage: socket_ptoken listen tcp|udp PORT\n"
				"       socket_ptoken connect tcp|udp ADDRESS PORT\n");
		return 2;
	}
	type = strcmp(argv[2], "tcp") == 0 ? SOCK_STREAM : SOCK_DGRAM;
	if (strcmp(argv[1], "listen") == 0) {
		struct sockaddr_storage peer;
		socklen_t plen = sizeof(peer);
		int listener = open_socket(NULL, argv[3], type, 1);

		if (type == SOCK_STREAM) {
			if (listen(listener, 1) != 0 || (fd = accept(listener, NULL, NULL)) < 0) {
				die("accept");
			}
			if (recv(fd, line, sizeof(line), 0) <= 0) {
				die("recv");
			}
		} else {
			fd = listener;
			if (recvfrom(fd, line, sizeof(line), 0, (struct sockaddr *)&peer, &plen) <= 0 ||
			    connect(fd, (struct sockaddr *)&peer, plen) != 0) {
				die("recvfrom");
			}
		}
		print_ptoken(fd);
		if (send(fd, "bye\n", 4, 0) != 4) {
			die("send");
		}
	} else {
		if (argc < 5) {
			return 2;
		}
		fd = open_socket(argv[3], argv[4], type, 0);
		if (send(fd, "hello\n", 6, 0) != 6 || recv(fd, line, sizeof(line), 0) <= 0) {
			die("exchange");
		}
		print_ptoken(fd);
	}
	close(fd);
	return 0;
}
