/* SPDX-License-Identifier: BSD-2-Clause */
#include <openssl/rand.h>

#include "sessions.h"

int tls_bridge_sessions_new_context(unsigned char *context)
{
	return RAND_bytes(context, SSL_MAX_SID_CTX_LENGTH) == 1 ? 0 : -1;
}

int tls_bridge_sessions_bound(SSL *ssl, const unsigned char *context)
{
	return SSL_set_session_id_context(ssl, context, SSL_MAX_SID_CTX_LENGTH) == 1 ? 0 : -1;
}

int tls_bridge_sessions_none(SSL *ssl)
{
	unsigned char context[SSL_MAX_SID_CTX_LENGTH];

	/* A context of its own, which no session has, and no tickets. */
	if (RAND_bytes(context, sizeof(context)) != 1 ||
	    SSL_set_session_id_context(ssl, context, sizeof(context)) != 1 ||
	    SSL_set_num_tickets(ssl, 0) != 1) {
		return -1;
	}
	SSL_set_options(ssl, SSL_OP_NO_TICKET);
	return 0;
}
