/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What gss_echo_client and gss_echo_server share (gss_echo_common.h).
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_btns.h>
#include <gssapi/gssapi_ext.h>
#include <ipsecapi.h>

#include "gss_echo_common.h"

#define MAX_TOKEN 65536

const char *parse_policy(int argc, char **argv, int operands)
{
	const char *policy = "require";
	int opt;

	while ((opt = getopt(argc, argv, "p:")) != -1) {
		if (opt != 'p' ||
		    (strcmp(optarg, "require") != 0 && strcmp(optarg, "prefer") != 0)) {
			return NULL;
		}
		policy = optarg;
	}
	return argc - optind == operands ? policy : NULL;
}

int should_bind(int fd, const char *policy)
{
	ipsec_pToken_t protection = NULL;
	uint16_t integrity = 0;
	uint32_t len = sizeof(integrity);
	void *value = &integrity;

	if (strcmp(policy, "require") == 0) {
		return 1; /* the mechanism itself refuses a socket without IPsec */
	}
	/* Any protection counts: a socket that IPsec protects only in part
	 * fails in the mechanism, rather than going unbound. */
	if (ipsec_get_socket_pToken(fd, &protection) != 0 ||
	    ipsec_get_token_attr(protection, IPSEC_API_ATTR_integrityProtection, &len,
				 &value) != 0) {
		fprintf(stderr, "the connection's IPsec protection: %s\n", ipsec_last_error());
		ipsec_free_pToken(protection);
		return -1;
	}
	ipsec_free_pToken(protection);
	return integrity != IPSEC_API_ATTR_DISABLE;
}

int acquire_cred(int fd, int bind_ipsec, gss_cred_usage_t usage, gss_cred_id_t *cred)
{
	char number[16];
	gss_key_value_element_desc socket = { GSS_BTNS_CRED_STORE_SOCKET, number };
	gss_key_value_set_desc store = { 1, &socket };
	/* mech_btns is no default mechanism: the credential names it. */
	gss_OID_set_desc mechs = { 1, GSS_BTNS_MECHANISM };
	OM_uint32 major, minor;

	snprintf(number, sizeof(number), "%d", fd);
	major = gss_acquire_cred_from(&minor, GSS_C_NO_NAME, GSS_C_INDEFINITE, &mechs, usage,
				      bind_ipsec ? &store : GSS_C_NO_CRED_STORE, cred, NULL, NULL);
	if (major != GSS_S_COMPLETE) {
		report_gss_error("gss_acquire_cred_from", major, minor);
		return -1;
	}
	return 0;
}

int check_bound(OM_uint32 flags, int bind_ipsec)
{
	int bound = (flags & GSS_C_CHANNEL_BOUND_FLAG) != 0;

	printf("bound: %s\n", bound ? "yes" : "no");
	if (bind_ipsec && !bound) {
		fprintf(stderr, "the context is not bound to the IPsec channel\n");
		return -1;
	}
	return 0;
}

static int io_all(int fd, void *buf, size_t len, int sending)
{
	ssize_t n;

	for (; len > 0; len -= (size_t)n, buf = (char *)buf + n) {
		n = sending ? send(fd, buf, len, MSG_NOSIGNAL) : recv(fd, buf, len, 0);
		if (n <= 0) {
			return -1;
		}
	}
	return 0;
}

int send_token(int fd, const gss_buffer_t token)
{
	uint32_t len = htonl((uint32_t)token->length);

	if (io_all(fd, &len, 4, 1) != 0 || io_all(fd, token->value, token->length, 1) != 0) {
		return -1;
	}
	return 0;
}

int recv_token(int fd, gss_buffer_t token)
{
	uint32_t len;

	token->value = NULL;
	if (io_all(fd, &len, 4, 0) != 0 || (token->length = ntohl(len)) > MAX_TOKEN ||
	    (token->value = malloc(token->length + 1)) == NULL ||
	    io_all(fd, token->value, token->length, 0) != 0) {
		free(token->value);
		token->value = NULL;
		return -1;
	}
	return 0;
}

int wrap_and_send(int fd, gss_ctx_id_t ctx, const gss_buffer_t msg)
{
	gss_buffer_desc token = GSS_C_EMPTY_BUFFER;
	OM_uint32 major, minor;
	int conf = 0, rc;

	major = gss_wrap(&minor, ctx, 1, GSS_C_QOP_DEFAULT, msg, &conf, &token);
	if (major != GSS_S_COMPLETE) {
		report_gss_error("gss_wrap", major, minor);
		return -1;
	}
	if (!conf) { /* never send the line without confidentiality */
		fprintf(stderr, "gss_wrap gave no confidentiality\n");
		gss_release_buffer(&minor, &token);
		return -1;
	}
	/* The token's second octet is its type (mech_btns/btns_token.h): 0x10
	 * carries the message without a second encryption, the SA protects it;
	 * otherwise krb5's wrap token follows. */
	printf("messages: %s\n",
	       token.length > 1 && ((unsigned char *)token.value)[1] == 0x10 ? "bridged"
									   : "krb5-wrapped");
	rc = send_token(fd, &token);
	gss_release_buffer(&minor, &token);
	return rc;
}

static void display(OM_uint32 code, int type)
{
	gss_buffer_desc text;
	OM_uint32 more = 0, minor;

	do {
		if (gss_display_status(&minor, code, type, GSS_BTNS_MECHANISM, &more, &text) !=
		    GSS_S_COMPLETE) {
			return;
		}
		fprintf(stderr, "  %.*s\n", (int)text.length, (char *)text.value);
		gss_release_buffer(&minor, &text);
	} while (more != 0);
}

void report_gss_error(const char *what, OM_uint32 major, OM_uint32 minor)
{
	fprintf(stderr, "%s failed:\n", what);
	display(major, GSS_C_GSS_CODE);
	if (minor != 0) {
		display(minor, GSS_C_MECH_CODE);
	}
}
