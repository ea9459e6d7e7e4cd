/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gss_echo_server: accepts one TCP connection, a mech_btns context on it
 * (Kerberos 5 bound to the connection's IPsec channel, mech_btns(7)),
 * then unwraps one line and sends it back wrapped.
 *
 * Build against the installed packages:
 *   cc -o gss_echo_server gss_echo_server.c gss_echo_common.c tcp.c \
 *      $(pkg-config --cflags --libs krb5-gssapi libipsecapi)
 * Run, with the service's key in the default keytab (or KRB5_KTNAME):
 *   gss_echo_server [-p require|prefer] PORT
 * require (the default): the connection must be protected by IPsec and the
 * context bound to it.  prefer: on a connection without IPsec, an unbound
 * context, whose messages krb5 encrypts.
 * Prints "client:", "bound:", "messages: bridged|krb5-wrapped", "received:".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_btns.h>

#include "gss_echo_common.h"
#include "tcp.h"

/* The context, from the client's tokens; GSS_C_NO_CONTEXT on failure. */
static gss_ctx_id_t accept_context(int fd, gss_cred_id_t cred, OM_uint32 *flags)
{
	gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
	gss_buffer_desc in, out = GSS_C_EMPTY_BUFFER, name_text;
	gss_name_t client = GSS_C_NO_NAME;
	OM_uint32 major = GSS_S_CONTINUE_NEEDED, minor, ignored;

	while (major == GSS_S_CONTINUE_NEEDED) {
		if (recv_token(fd, &in) != 0) {
			fprintf(stderr, "gss_echo_server: the client closed the connection\n");
			gss_delete_sec_context(&ignored, &ctx, GSS_C_NO_BUFFER);
			return GSS_C_NO_CONTEXT;
		}
		major = gss_accept_sec_context(&minor, &ctx, cred, &in, GSS_C_NO_CHANNEL_BINDINGS,
					       &client, NULL, &out, flags, NULL, NULL);
		free(in.value);
		if (out.length > 0 && send_token(fd, &out) != 0) {
			major = GSS_S_FAILURE;
		}
		gss_release_buffer(&ignored, &out);
	}
	if (major != GSS_S_COMPLETE) {
		report_gss_error("gss_accept_sec_context", major, minor);
		gss_delete_sec_context(&ignored, &ctx, GSS_C_NO_BUFFER);
	} else if (gss_display_name(&minor, client, &name_text, NULL) == GSS_S_COMPLETE) {
		printf("client: %.*s\n", (int)name_text.length, (char *)name_text.value);
		gss_release_buffer(&ignored, &name_text);
	}
	gss_release_name(&ignored, &client);
	return ctx;
}

/* One wrapped line in, the same line wrapped back: 0, or -1. */
static int echo_one_line(int fd, gss_ctx_id_t ctx)
{
	gss_buffer_desc in, line = GSS_C_EMPTY_BUFFER;
	OM_uint32 major, minor, ignored;
	int rc = -1;

	if (recv_token(fd, &in) != 0) {
		fprintf(stderr, "gss_echo_server: the client sent no message\n");
		return -1;
	}
	major = gss_unwrap(&minor, ctx, &in, &line, NULL, NULL);
	free(in.value);
	if (major != GSS_S_COMPLETE) {
		report_gss_error("gss_unwrap", major, minor);
	} else {
		printf("received: %.*s\n", (int)line.length, (char *)line.value);
		rc = wrap_and_send(fd, ctx, &line);
	}
	gss_release_buffer(&ignored, &line);
	return rc;
}

int main(int argc, char **argv)
{
	gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
	gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
	OM_uint32 flags = 0, ignored;
	int bind_ipsec, fd, rc = 1;
	const char *policy = parse_policy(argc, argv, 1);

	if (policy == NULL) {
		fprintf(stderr, "usage: gss_echo_server [-p require|prefer] PORT\n");
		return 2;
	}
	fd = tcp_accept_one("gss_echo_server", argv[optind]);
	if (fd < 0) {
		return 1;
	}
	bind_ipsec = should_bind(fd, policy);
	if (bind_ipsec >= 0 && acquire_cred(fd, bind_ipsec, GSS_C_ACCEPT, &cred) == 0) {
		ctx = accept_context(fd, cred, &flags);
	}
	if (ctx != GSS_C_NO_CONTEXT && check_bound(flags, bind_ipsec) == 0) {
		rc = echo_one_line(fd, ctx) == 0 ? 0 : 1;
	}
	gss_delete_sec_context(&ignored, &ctx, GSS_C_NO_BUFFER);
	gss_release_cred(&ignored, &cred);
	close(fd);
	return rc;
}
