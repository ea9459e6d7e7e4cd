/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * btns_gss: a mech_btns context over one TCP connection, with the socket
 * given to the mechanism in the credential store (btns-socket), then one
 * wrapped message each way.  For the interop scenarios; Kerberos comes
 * from the environment (KRB5_CONFIG, KRB5CCNAME, KRB5_KTNAME) and the
 * module from GSS_MECH_CONFIG.
 *
 *   btns_gss server PORT            acceptor, for host@server
 *   btns_gss client ADDRESS PORT    initiator, as the ticket's user
 *
 * Each prints name=value lines: major (the establishment's GSS major
 * status, 0 for success), minor (its text), bound (yes when the flags say
 * GSS_C_CHANNEL_BOUND_FLAG), wrap (bridged or krb5: the token type of its
 * gss_wrap), conf_state, received (the peer's message) and replay (the
 * major status of unwrapping the same token a second time, in hex).
 *
 * With BTNS_SHOW_PROTECTION set, each first prints its socket's protection
 * (show_protection.h).
 *
 * With BTNS_GSS_AGAIN=FILE, both exchange a second pair of messages once
 * FILE exists (after the scenario changed the SAs), printing the same
 * lines again.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_btns.h>
#include <gssapi/gssapi_ext.h>

#include "show_protection.h"


__attribute__((noreturn)) static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void send_token(int fd, const gss_buffer_t t)
{
	uint32_t len = htonl((uint32_t)t->length);

	if (send(fd, &len, 4, 0) != 4 ||
	    (t->length > 0 && send(fd, t->value, t->length, 0) != (ssize_t)t->length)) {
		die("send");
	}
}

static int recv_all(int fd, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = recv(fd, (char *)buf + got, len - got, 0);

		if (n <= 0) {
			return -1;
		}
		got += (size_t)n;
	}
	return 0;
}

/* A token from the peer, in malloc()ed memory; an empty one at the end. */
static void recv_token(int fd, gss_buffer_t t)
{
	uint32_t len;

	t->length = 0;
	t->value = NULL;
	if (recv_all(fd, &len, 4) != 0) {
		return;
	}
	t->length = ntohl(len);
	t->value = malloc(t->length + 1);
	if (t->value == NULL || recv_all(fd, t->value, t->length) != 0) {
		die("recv");
	}
}

static void print_status(OM_uint32 major, OM_uint32 minor)
{
	OM_uint32 tmp, context = 0;
	gss_buffer_desc text = GSS_C_EMPTY_BUFFER;

	printf("major=%u\n", (unsigned)major);
	if (GSS_ERROR(major) &&
	    gss_display_status(&tmp, minor, GSS_C_MECH_CODE, GSS_BTNS_MECHANISM, &context, &text) ==
		    GSS_S_COMPLETE) {
		printf("minor=%.*s\n", (int)text.length, (char *)text.value);
		gss_release_buffer(&tmp, &text);
	}
	fflush(stdout);
}

static gss_cred_id_t cred_for(int fd, gss_cred_usage_t usage)
{
	char number[16];
	gss_key_value_element_desc element = { .key = GSS_BTNS_CRED_STORE_SOCKET, .value = number };
	gss_key_value_set_desc store = { .count = 1, .elements = &element };
	gss_OID_set_desc mechs = { .count = 1, .elements = GSS_BTNS_MECHANISM };
	gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
	OM_uint32 major, minor;

	snprintf(number, sizeof(number), "%d", fd);
	major = gss_acquire_cred_from(&minor, GSS_C_NO_NAME, 0, &mechs, usage, &store, &cred, NULL,
				      NULL);
	if (major != GSS_S_COMPLETE) {
		print_status(major, minor);
		exit(1);
	}
	return cred;
}

/* One message each way: the initiator sends first. */
static void wrap_one_each_way(int fd, gss_ctx_id_t ctx, int sends_first, const char *text)
{
	gss_buffer_desc msg = { .length = strlen(text), .value = (void *)text }, token, in, out;
	OM_uint32 major, minor;
	int conf = 0, i;

	for (i = 0; i < 2; i++) {
		if ((i == 0) == (sends_first != 0)) {
			major = gss_wrap(&minor, ctx, 1, GSS_C_QOP_DEFAULT, &msg, &conf, &token);
			if (major != GSS_S_COMPLETE) {
				print_status(major, minor);
				exit(1);
			}
			printf("wrap=%s\nconf_state=%d\n",
			       token.length > 1 && ((uint8_t *)token.value)[1] == 0x10 ? "bridged"
											: "krb5",
			       conf);
			send_token(fd, &token);
			gss_release_buffer(&minor, &token);
		} else {
			recv_token(fd, &in);
			major = gss_unwrap(&minor, ctx, &in, &out, &conf, NULL);
			if (major != GSS_S_COMPLETE) {
				print_status(major, minor);
				exit(1);
			}
			printf("received=%.*s\n", (int)out.length, (char *)out.value);
			gss_release_buffer(&minor, &out);
			/* The same token again: a replay, which must not pass. */
			major = gss_unwrap(&minor, ctx, &in, &out, &conf, NULL);
			printf("replay=0x%x\n", (unsigned)major);
			gss_release_buffer(&minor, &out);
			free(in.value);
		}
		fflush(stdout);
	}
}

/* With BTNS_GSS_AGAIN, waits (up to 30 s) for its file, then exchanges
 * again. */
static void wrap_again_after_file(int fd, gss_ctx_id_t ctx, int sends_first, const char *text)
{
	const char *file = getenv("BTNS_GSS_AGAIN");
	int i;

	if (file == NULL) {
		return;
	}
	for (i = 0; i < 300 && access(file, F_OK) != 0; i++) {
		usleep(100000);
	}
	printf("again\n");
	wrap_one_each_way(fd, ctx, sends_first, text);
}

/* What both sides do once the context is made: say how it went, then
 * exchange messages.  0 on success. */
static int use_context(int fd, gss_ctx_id_t ctx, OM_uint32 major, OM_uint32 minor,
		       OM_uint32 flags, int initiator)
{
	print_status(major, minor);
	if (major != GSS_S_COMPLETE) {
		return 1;
	}
	printf("bound=%s\n", flags & GSS_C_CHANNEL_BOUND_FLAG ? "yes" : "no");
	wrap_one_each_way(fd, ctx, initiator,
			  initiator ? "message from the initiator" : "reply from the acceptor");
	wrap_again_after_file(fd, ctx, initiator,
			      initiator ? "second message from the initiator"
					: "second reply from the acceptor");
	gss_delete_sec_context(&minor, &ctx, GSS_C_NO_BUFFER);
	return 0;
}

static int server(const char *port)
{
	struct sockaddr_in sin;
	gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
	gss_buffer_desc in, out = GSS_C_EMPTY_BUFFER;
	OM_uint32 major, minor, flags = 0;
	gss_cred_id_t cred;
	int listener = socket(AF_INET, SOCK_STREAM, 0), fd = -1, one = 1;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)atoi(port));
	setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(listener, (struct sockaddr *)&sin, sizeof(sin)) != 0 || listen(listener, 1) != 0 ||
	    (fd = accept(listener, NULL, NULL)) < 0) {
		die("accept");
	}
	show_protection(fd);
	cred = cred_for(fd, GSS_C_ACCEPT);
	recv_token(fd, &in);
	major = gss_accept_sec_context(&minor, &ctx, cred, &in, GSS_C_NO_CHANNEL_BINDINGS, NULL,
				       NULL, &out, &flags, NULL, NULL);
	free(in.value);
	if (out.length > 0) {
		send_token(fd, &out);
		gss_release_buffer(&minor, &out);
	}
	if (use_context(fd, ctx, major, minor, flags, 0) != 0) {
		return 1;
	}
	gss_release_cred(&minor, &cred);
	close(fd);
	return 0;
}

static int client(const char *address, const char *port)
{
	struct addrinfo hints, *ai;
	gss_buffer_desc name = { .length = strlen("host@server"), .value = (void *)"host@server" };
	gss_buffer_desc in = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
	gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
	gss_name_t target;
	gss_cred_id_t cred;
	OM_uint32 major, minor, flags = 0;
	int fd;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(address, port, &hints, &ai) != 0) {
		return 2;
	}
	fd = socket(ai->ai_family, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		die("connect");
	}
	freeaddrinfo(ai);
	show_protection(fd);
	cred = cred_for(fd, GSS_C_INITIATE);
	gss_import_name(&minor, &name, GSS_C_NT_HOSTBASED_SERVICE, &target);
	do {
		major = gss_init_sec_context(&minor, cred, &ctx, target, GSS_BTNS_MECHANISM,
					     GSS_C_MUTUAL_FLAG | GSS_C_SEQUENCE_FLAG, 0,
					     GSS_C_NO_CHANNEL_BINDINGS, &in, NULL, &out, &flags, NULL);
		free(in.value);
		in.value = NULL;
		if (out.length > 0) {
			send_token(fd, &out);
			gss_release_buffer(&minor, &out);
		}
		if (major == GSS_S_CONTINUE_NEEDED) {
			recv_token(fd, &in);
		}
	} while (major == GSS_S_CONTINUE_NEEDED && in.length > 0);
	if (use_context(fd, ctx, major, minor, flags, 1) != 0) {
		return 1;
	}
	gss_release_name(&minor, &target);
	gss_release_cred(&minor, &cred);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "server") == 0) {
		return server(argv[2]);
	}
	if (argc == 4 && strcmp(argv[1], "client") == 0) {
		return client(argv[2], argv[3]);
	}
	fprintf(stderr, "usage: btns_gss server PORT | btns_gss client ADDRESS PORT\n");
	return 2;
}
