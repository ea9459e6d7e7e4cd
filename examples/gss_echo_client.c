/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gss_echo_client: connects to gss_echo_server, makes a mech_btns context
 * (Kerberos 5 bound to the connection's IPsec channel, mech_btns(7)) for
 * SERVICE, sends LINE wrapped and prints the line that comes back.
 *
 * Build against the installed packages:
 *   cc -o gss_echo_client gss_echo_client.c gss_echo_common.c tcp.c \
 *      $(pkg-config --cflags --libs krb5-gssapi libipsecapi)
 * Run, with a ticket (kinit):
 *   gss_echo_client [-p require|prefer] HOST PORT host@server.example LINE
 * The policy is the server's (gss_echo_server.c).
 * Prints "bound:", "messages: bridged|krb5-wrapped", "echo:".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_btns.h>

#include "gss_echo_common.h"
#include "tcp.h"

/* The context with service, over fd; GSS_C_NO_CONTEXT on failure. */
static gss_ctx_id_t init_context(int fd, gss_cred_id_t cred, const char *service,
				 OM_uint32 *flags)
{
	gss_buffer_desc name = { strlen(service), (void *)service };
	gss_buffer_desc in = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
	gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
	gss_name_t target = GSS_C_NO_NAME;
	OM_uint32 major, minor, ignored;

	major = gss_import_name(&minor, &name, GSS_C_NT_HOSTBASED_SERVICE, &target);
	while (!GSS_ERROR(major)) {
		major = gss_init_sec_context(&minor, cred, &ctx, target, GSS_BTNS_MECHANISM,
					     GSS_C_MUTUAL_FLAG | GSS_C_SEQUENCE_FLAG, 0,
					     GSS_C_NO_CHANNEL_BINDINGS, &in, NULL, &out, flags,
					     NULL);
		free(in.value);
		in.value = NULL;
		if (out.length > 0 && send_token(fd, &out) != 0) {
			major = GSS_S_FAILURE;
		}
		gss_release_buffer(&ignored, &out);
		if (major != GSS_S_CONTINUE_NEEDED) {
			break;
		}
		if (recv_token(fd, &in) != 0) {
			fprintf(stderr, "gss_echo_client: the server closed the connection\n");
			major = GSS_S_FAILURE;
			minor = 0;
		}
	}
	gss_release_name(&ignored, &target);
	if (major != GSS_S_COMPLETE) {
		report_gss_error("gss_init_sec_context", major, minor);
		gss_delete_sec_context(&ignored, &ctx, GSS_C_NO_BUFFER);
	}
	return ctx;
}

/* LINE out wrapped, and the echo unwrapped: 0, or -1. */
static int send_line(int fd, gss_ctx_id_t ctx, const char *text)
{
	gss_buffer_desc line = { strlen(text), (void *)text }, in, echo = GSS_C_EMPTY_BUFFER;
	OM_uint32 major, minor, ignored;

	if (wrap_and_send(fd, ctx, &line) != 0) {
		return -1;
	}
	if (recv_token(fd, &in) != 0) {
		fprintf(stderr, "gss_echo_client: no echo from the server\n");
		return -1;
	}
	major = gss_unwrap(&minor, ctx, &in, &echo, NULL, NULL);
	free(in.value);
	if (major != GSS_S_COMPLETE) {
		report_gss_error("gss_unwrap", major, minor);
		return -1;
	}
	printf("echo: %.*s\n", (int)echo.length, (char *)echo.value);
	gss_release_buffer(&ignored, &echo);
	return 0;
}

int main(int argc, char **argv)
{
	gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
	gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
	OM_uint32 flags = 0, ignored;
	int bind_ipsec, fd, rc = 1;
	const char *policy = parse_policy(argc, argv, 4);

	if (policy == NULL) {
		fprintf(stderr,
			"usage: gss_echo_client [-p require|prefer] HOST PORT SERVICE LINE\n");
		return 2;
	}
	fd = tcp_connect("gss_echo_client", argv[optind], argv[optind + 1]);
	if (fd < 0) {
		return 1;
	}
	bind_ipsec = should_bind(fd, policy);
	if (bind_ipsec >= 0 && acquire_cred(fd, bind_ipsec, GSS_C_INITIATE, &cred) == 0) {
		ctx = init_context(fd, cred, argv[optind + 2], &flags);
	}
	if (ctx != GSS_C_NO_CONTEXT && check_bound(flags, bind_ipsec) == 0) {
		rc = send_line(fd, ctx, argv[optind + 3]) == 0 ? 0 : 1;
	}
	gss_delete_sec_context(&ignored, &ctx, GSS_C_NO_BUFFER);
	gss_release_cred(&ignored, &cred);
	close(fd);
	return rc;
}
