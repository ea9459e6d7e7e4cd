/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * socket_ptoken: opens one TCP or UDP connection and prints what
 * ipsec_get_socket_pToken() says of it, one "name=value" line per
 * attribute, for the interop scenarios; or sends or receives one datagram
 * through the datagram calls.
 *
 *   socket_ptoken listen tcp|udp PORT [ADDRESS]   (default: IPv4 and IPv6)
 *   socket_ptoken connect tcp|udp ADDRESS PORT [hold|watch]
 *   socket_ptoken recvmsg PORT ADDRESS       one datagram, ipsec_recvmsg()
 *   socket_ptoken sendmsg ADDRESS PORT DEMAND  one datagram, ipsec_sendmsg()
 *
 * With "hold", the connecting side keeps its socket after the exchange and
 * prints its pToken again, then a line ".", for each line of its standard
 * input, until the input ends; a line "set DEMAND" (BTNS_DEMAND's form)
 * first sets that pToken on the socket.  With "watch" instead, it keeps
 * the socket and prints "latch=STATE" for each event of a latch watch on
 * it, until its standard input ends, then closes the socket and prints
 * the events up to its end (CLOSED).
 *
 * A UDP listener connects its socket to the first datagram's sender.  Both
 * sides exchange one line, so that each prints while the other is up.
 *
 * With BTNS_DEMAND=PRIVACY,INTEGRITY,COMPRESSION,REQID[,after] (values
 * DISABLE, ENABLE, ANY, LEVEL_LOW ...), the program first sets a pToken of
 * those demands on its socket with ipsec_set_socket_pToken(): before bind
 * or connect (or before sendmsg), or with "after", once connected.  A
 * refusal prints "set_error=MESSAGE" and exits with 3.  BTNS_REFUSE=METHOD,...
 * (authMeth_BTNS, ...) adds an iToken to that pToken that sets each
 * METHOD to DISABLE: a peer that authenticated so is refused.
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <ipsecapi.h>

static void die(const char *what)
{
	fprintf(stderr, "socket_ptoken: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* "PREFIXname=value" lines: the peer's iToken attributes that a pToken
 * has too get the prefix "peer.". */
static void print_u16_as(const char *prefix, const void *token, uint32_t attr)
{
	uint16_t v = 0;
	void *p = &v;
	uint32_t len = sizeof(v);

	if (ipsec_get_token_attr(token, attr, &len, &p) == 0) {
		printf("%s%s=%s\n", prefix, ipsec_constant_name(attr), ipsec_constant_name(v));
	}
}

static void print_string_as(const char *prefix, const void *token, uint32_t attr)
{
	void *p = NULL;
	uint32_t len = 0;

	if (ipsec_get_token_attr(token, attr, &len, &p) == 0) {
		printf("%s%s=%s\n", prefix, ipsec_constant_name(attr), (const char *)p);
		free(p);
	}
}

/* Bytes, as lower-case hex (xxd -p's, on one line). */
static void print_hex_as(const char *prefix, const void *token, uint32_t attr)
{
	uint8_t *p = NULL;
	uint32_t len = 0, i;

	if (ipsec_get_token_attr(token, attr, &len, (void **)&p) == 0) {
		printf("%s%s=", prefix, ipsec_constant_name(attr));
		for (i = 0; i < len; i++) {
			printf("%02x", p[i]);
		}
		printf("\n");
		free(p);
	}
}

static void print_u16(const void *token, uint32_t attr)
{
	print_u16_as("", token, attr);
}

static void print_string(const void *token, uint32_t attr)
{
	print_string_as("", token, attr);
}

/* Prints pToken p, then frees it. */
static void print_token(ipsec_pToken_t p)
{
	ipsec_iToken_t peer = NULL;
	void *val = &peer;
	uint32_t len = sizeof(peer);

	print_u16(p, IPSEC_API_ATTR_privacyProtection);
	print_u16(p, IPSEC_API_ATTR_integrityProtection);
	print_u16(p, IPSEC_API_ATTR_compression);
	print_u16(p, IPSEC_API_ATTR_tunnelMode);
	print_u16(p, IPSEC_API_ATTR_latchState);
	print_string(p, IPSEC_API_ATTR_auditString);
	print_string(p, IPSEC_API_ATTR_informationString);
	if (ipsec_get_token_attr(p, IPSEC_API_ATTR_iToken, &len, &val) == 0) {
		print_string(peer, IPSEC_API_ATTR_channelBinding);
		print_u16(peer, IPSEC_API_ATTR_channelBindingType);
		print_string_as("peer.", peer, IPSEC_API_ATTR_auditString);
		print_u16_as("peer.", peer, IPSEC_API_ATTR_authenticationMethod);
		print_string_as("peer.", peer, IPSEC_API_ATTR_certificateDN);
		print_string_as("peer.", peer, IPSEC_API_ATTR_certificateAuthorityDN);
		print_hex_as("peer.", peer, IPSEC_API_ATTR_pubKeyID);
		print_string(peer, IPSEC_API_ATTR_endPointBinding);
		ipsec_free_iToken(peer);
	}
	ipsec_free_pToken(p);
	fflush(stdout);
}

static void print_ptoken(int fd)
{
	ipsec_pToken_t p = NULL;

	if (ipsec_get_socket_pToken(fd, &p) != 0) {
		printf("error=%s\n", ipsec_last_error());
		return;
	}
	print_token(p);
}

/* Prints the socket's latch events until standard input ends; then closes
 * the socket and prints the events that follow, up to its end (CLOSED),
 * which the watch takes in: a protected connection's guard after close
 * is made then. */
static void watch_latch(int fd)
{
	ipsec_latch_watch_t w = ipsec_create_latch_watch();
	struct pollfd p[2];
	uint16_t state;
	int which, rc;
	char buf[64];

	if (w == NULL || ipsec_watch_latch(w, fd) != 0) {
		printf("error=%s\n", ipsec_last_error());
		exit(1);
	}
	p[0].fd = ipsec_latch_watch_fd(w);
	p[1].fd = 0;
	p[0].events = p[1].events = POLLIN;
	do {
		while ((rc = ipsec_next_latch_event(w, &which, &state)) == 1) {
			printf("latch=%s\n", state == 0 ? "none" : ipsec_constant_name(state));
			fflush(stdout);
		}
		if (rc < 0) {
			printf("error=%s\n", ipsec_last_error());
			exit(1);
		}
		if (poll(p, 2, -1) < 0) {
			die("poll");
		}
	} while (!(p[1].revents & (POLLIN | POLLHUP)) || read(0, buf, sizeof(buf)) > 0);
	close(fd);
	state = 0;
	while (state != IPSEC_API_LATCH_CLOSED && poll(p, 1, 5000) == 1) {
		while (state != IPSEC_API_LATCH_CLOSED &&
		       ipsec_next_latch_event(w, &which, &state) == 1) {
			printf("latch=%s\n", state == 0 ? "none" : ipsec_constant_name(state));
			fflush(stdout);
		}
	}
	ipsec_free_latch_watch(w);
}

static uint16_t value_named(const char *name)
{
	static const uint16_t values[] = {
		IPSEC_API_ATTR_DISABLE, IPSEC_API_ATTR_ENABLE, IPSEC_API_ATTR_ANY,
		IPSEC_API_ATTR_LEVEL_LOW, IPSEC_API_ATTR_LEVEL_MEDIUM, IPSEC_API_ATTR_LEVEL_HIGH,
	};
	size_t i;

	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		if (strcmp(name, ipsec_constant_name(values[i])) == 0) {
			return values[i];
		}
	}
	fprintf(stderr, "socket_ptoken: unknown value %s in BTNS_DEMAND\n", name);
	exit(2);
}

/* Sets authMeth_X to DISABLE in p's iToken for each name X of list
 * (BTNS_REFUSE, "authMeth_BTNS,authMeth_PRESHAREDKEY"): peers that
 * authenticated so are refused. */
static void refuse_methods(ipsec_pToken_t p, const char *list)
{
	const uint16_t disable = IPSEC_API_ATTR_DISABLE;
	ipsec_iToken_t peer;
	char copy[256], *name, *rest = copy;
	uint32_t m;

	if (list == NULL || list[0] == '\0') {
		return;
	}
	peer = ipsec_create_iToken();
	snprintf(copy, sizeof(copy), "%s", list);
	while ((name = strsep(&rest, ",")) != NULL) {
		for (m = IPSEC_API_ATTR_authMeth_NONE; m <= IPSEC_API_ATTR_authMeth_PKIX_OFFLINE; m++) {
			if (strcmp(name, ipsec_constant_name(m)) == 0) {
				break;
			}
		}
		if (m > IPSEC_API_ATTR_authMeth_PKIX_OFFLINE) {
			fprintf(stderr, "socket_ptoken: unknown method %s in BTNS_REFUSE\n", name);
			exit(2);
		}
		ipsec_set_token_attr(peer, m, sizeof(disable), &disable);
	}
	ipsec_set_token_attr(p, IPSEC_API_ATTR_iToken, sizeof(peer), &peer);
	ipsec_free_iToken(peer);
}

/* The pToken of spec (BTNS_DEMAND's form). */
static ipsec_pToken_t parse_demand(const char *spec)
{
	static const uint32_t attrs[] = {
		IPSEC_API_ATTR_privacyProtection, IPSEC_API_ATTR_integrityProtection,
		IPSEC_API_ATTR_compression,
	};
	char copy[128], *field, *rest;
	ipsec_pToken_t p;
	uint32_t reqid;
	size_t i;

	snprintf(copy, sizeof(copy), "%s", spec);
	rest = copy;
	p = ipsec_create_pToken();
	for (i = 0; i < 3; i++) {
		uint16_t v;

		field = strsep(&rest, ",");
		if (field == NULL) {
			fprintf(stderr, "socket_ptoken: BTNS_DEMAND needs four fields\n");
			exit(2);
		}
		v = value_named(field);
		ipsec_set_token_attr(p, attrs[i], sizeof(v), &v);
	}
	field = strsep(&rest, ",");
	reqid = field != NULL ? (uint32_t)strtoul(field, NULL, 0) : 0;
	ipsec_set_token_attr(p, IPSEC_API_ATTR_reqid, sizeof(reqid), &reqid);
	refuse_methods(p, getenv("BTNS_REFUSE"));
	return p;
}

/* Sets the pToken of spec (BTNS_DEMAND's form) on fd. */
static void set_demand(int fd, const char *spec)
{
	ipsec_pToken_t p = parse_demand(spec);

	if (ipsec_set_socket_pToken(fd, p) != 0) {
		printf("set_error=%s\n", ipsec_last_error());
		exit(3);
	}
	ipsec_free_pToken(p);
}

/* Sets BTNS_DEMAND's pToken on fd if its timing is now (after or not). */
static void demand_if_due(int fd, int after)
{
	const char *spec = getenv("BTNS_DEMAND");

	if (spec != NULL && (strstr(spec, ",after") != NULL) == after) {
		set_demand(fd, spec);
	}
}

static int open_socket(const char *host, const char *port, int type, int passive)
{
	struct addrinfo hints, *ai;
	int fd, one = 1, rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = passive && host == NULL ? AF_INET6 : AF_UNSPEC; /* :: takes IPv4 too */
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
	demand_if_due(fd, 0);
	if (passive && bind(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		die("bind");
	}
	/* ipsec_connect: waits for an SA that the key manager negotiates. */
	if (!passive && ipsec_connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		fprintf(stderr, "socket_ptoken: %s\n", ipsec_last_error());
		exit(1);
	}
	freeaddrinfo(ai);
	if (!passive) {
		demand_if_due(fd, 1);
	}
	return fd;
}

/* One datagram through the library's datagram calls: received with
 * ipsec_recvmsg() (its pToken printed), or sent with ipsec_sendmsg() under
 * the demands of spec ("sent", or "send_error=MESSAGE" and exit 3). */
static int datagram(char **argv)
{
	char data[64], control[512];
	struct iovec iov = { .iov_base = data, .iov_len = sizeof(data) };
	struct msghdr msg;
	int fd;

	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control;
	msg.msg_controllen = sizeof(control);
	if (strcmp(argv[1], "recvmsg") == 0) {
		ipsec_pToken_t p = NULL;

		fd = open_socket(argv[3], argv[2], SOCK_DGRAM, 1);
		if (ipsec_recvmsg(fd, &msg, 0) < 0 || ipsec_get_msg_pToken(&msg, &p) != 0) {
			printf("error=%s\n", ipsec_last_error());
			return 1;
		}
		print_token(p);
	} else {
		struct addrinfo hints, *ai;
		ipsec_pToken_t p = parse_demand(argv[4]);

		memset(&hints, 0, sizeof(hints));
		hints.ai_socktype = SOCK_DGRAM;
		if (getaddrinfo(argv[2], argv[3], &hints, &ai) != 0) {
			return 2;
		}
		fd = socket(ai->ai_family, SOCK_DGRAM, 0);
		demand_if_due(fd, 0);
		msg.msg_name = ai->ai_addr;
		msg.msg_namelen = ai->ai_addrlen;
		msg.msg_controllen = IPSEC_MSG_PTOKEN_SPACE;
		iov.iov_len = (size_t)snprintf(data, sizeof(data), "datagram\n");
		if (ipsec_set_msg_pToken(&msg, p) != 0 || ipsec_sendmsg(fd, &msg, 0) < 0) {
			printf("send_error=%s\n", ipsec_last_error());
			return 3;
		}
		printf("sent\n");
		freeaddrinfo(ai);
		ipsec_free_pToken(p);
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	char line[64];
	int type, fd = -1;

	if (argc == 4 && strcmp(argv[1], "recvmsg") == 0) {
		return datagram(argv);
	}
	if (argc == 5 && strcmp(argv[1], "sendmsg") == 0) {
		return datagram(argv);
	}

	if (argc < 4 || (strcmp(argv[2], "tcp") != 0 && strcmp(argv[2], "udp") != 0)) {
		fprintf(stderr, "usage: socket_ptoken listen tcp|udp PORT [ADDRESS]\n"
				"       socket_ptoken connect tcp|udp ADDRESS PORT [hold|watch]\n"
				"       socket_ptoken recvmsg PORT ADDRESS\n"
				"       socket_ptoken sendmsg ADDRESS PORT DEMAND\n");
		return 2;
	}
	type = strcmp(argv[2], "tcp") == 0 ? SOCK_STREAM : SOCK_DGRAM;
	if (strcmp(argv[1], "listen") == 0) {
		struct sockaddr_storage peer;
		socklen_t plen = sizeof(peer);
		int listener = open_socket(argc > 4 ? argv[4] : NULL, argv[3], type, 1);

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
		if (argc > 5 && strcmp(argv[5], "watch") == 0) {
			watch_latch(fd);
			return 0;
		}
		if (argc > 5 && strcmp(argv[5], "hold") == 0) {
			printf(".\n");
			fflush(stdout);
			while (fgets(line, sizeof(line), stdin) != NULL) {
				if (strncmp(line, "set ", 4) == 0) {
					line[strcspn(line, "\n")] = '\0';
					set_demand(fd, line + 4);
				}
				print_ptoken(fd);
				printf(".\n");
				fflush(stdout);
			}
		}
	}
	close(fd);
	return 0;
}
