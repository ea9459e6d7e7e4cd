/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What gss_echo_client and gss_echo_server share: the policy, the
 * credential for mech_btns, tokens on the wire and error messages.
 */
#ifndef GSS_ECHO_COMMON_H
#define GSS_ECHO_COMMON_H

#include <gssapi/gssapi.h>

/* Reads "-p require|prefer" and checks that `operands` operands follow:
 * the policy, or NULL on a usage error.  optind is the first operand. */
const char *parse_policy(int argc, char **argv, int operands);

/* Whether the context binds to fd's IPsec channel: 1, 0 (prefer, and no
 * IPsec on fd), or -1 when that cannot be known. */
int should_bind(int fd, const char *policy);

/* A credential for mech_btns, with fd as its channel when bind_ipsec: 0,
 * or -1 with the reason on stderr. */
int acquire_cred(int fd, int bind_ipsec, gss_cred_usage_t usage, gss_cred_id_t *cred);

/* A context that was to bind must say it did: 0, or -1. */
int check_bound(OM_uint32 flags, int bind_ipsec);

/* Tokens on the wire: a 4-octet length, then the token.  0, or -1. */
int send_token(int fd, const gss_buffer_t token);
int recv_token(int fd, gss_buffer_t token); /* token->value: free() it */

/* gss_wrap()s msg, says how it went out ("messages:") and sends it. */
int wrap_and_send(int fd, gss_ctx_id_t ctx, const gss_buffer_t msg);

/* "what: " and every line of gss_display_status() for major and minor. */
void report_gss_error(const char *what, OM_uint32 major, OM_uint32 minor);

#endif
