/* SPDX-License-Identifier: BSD-2-Clause */
#include "errors.h"
#include "refusal.h"

const char tls_bridge_why_no_offer[] = "the client offered no IPsec channel binding";
const char tls_bridge_why_no_binding[] =
	"this end has no IPsec channel binding for the connection";
const char tls_bridge_why_bound[] = "both ends verified the same IPsec channel binding";
const char tls_bridge_why_unchecked[] =
	"tls-bridge's check of the ClientHello did not run: the application replaced its "
	"ClientHello callback without calling tls_bridge_client_hello()";

int tls_bridge_refuse(SSL *ssl, struct tls_bridge_conn *conn, const char *why, int *al)
{
	if (conn != NULL) {
		conn->why = why;
	}
	if (tls_bridge_policy_of(ssl) == TLS_BRIDGE_REQUIRE) {
		tls_bridge_raise_refusal(why);
		*al = SSL_AD_HANDSHAKE_FAILURE;
		return 0;
	}
	return 1;
}
