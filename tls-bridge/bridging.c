/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Bridging.  Each end decides for itself whether it can bridge: its
 * socket is latched to SAs that encrypt and authenticate (checked when it
 * was attached), ssl reads and writes that socket, and its SSL_CTX allows
 * the way.  The client says which ways it can in its offer; a server that
 * verified the binding agrees to those it can do too, and its verdict
 * says whether the connection bridged.  The transcript covers offer,
 * cipher and verdict, so no one between the ends can make them bridge.
 */
#include "bridging.h"
#include "extension.h"
#include "latch_guard.h"
#include "null_suites.h"
#include "sessions.h"

static unsigned int modes_of(const SSL *ssl)
{
	const struct tls_bridge_ctx *c = tls_bridge_ctx_get(SSL_get_SSL_CTX(ssl));

	return c != NULL ? c->modes : 0;
}

/* This end can bridge in mode: a latched socket, the one ssl uses. */
static bool can_bridge(const SSL *ssl, const struct tls_bridge_conn *conn, unsigned int mode)
{
	return conn != NULL && conn->fd >= 0 && (modes_of(ssl) & mode) != 0 &&
	       SSL_get_rfd(ssl) == conn->fd && SSL_get_wfd(ssl) == conn->fd;
}

bool tls_bridge_null_cipher_allowed(const SSL *ssl, const SSL_CIPHER *c)
{
	const struct tls_bridge_conn *conn = tls_bridge_conn_get(ssl);
	int auth = SSL_CIPHER_get_auth_nid(c);

	if (SSL_CIPHER_get_kx_nid(c) != NID_kx_ecdhe ||
	    (auth != NID_auth_ecdsa && auth != NID_auth_rsa)) {
		return false;
	}
	return SSL_is_server(ssl) ? conn != NULL && conn->null_cipher
				  : can_bridge(ssl, conn, TLS_BRIDGE_NULL_CIPHER);
}

uint8_t tls_bridge_offer_flags(const SSL *ssl, const struct tls_bridge_conn *conn)
{
	return (can_bridge(ssl, conn, TLS_BRIDGE_NULL_CIPHER) ? TLS_BRIDGE_OFFER_NULL_CIPHER : 0) |
	       (can_bridge(ssl, conn, TLS_BRIDGE_HAND_OVER) ? TLS_BRIDGE_OFFER_HAND_OVER : 0);
}

int tls_bridge_server_agree(SSL *ssl, struct tls_bridge_conn *conn)
{
	conn->null_cipher = (conn->flags & TLS_BRIDGE_OFFER_NULL_CIPHER) &&
			    can_bridge(ssl, conn, TLS_BRIDGE_NULL_CIPHER);
	conn->hand_over = (conn->flags & TLS_BRIDGE_OFFER_HAND_OVER) &&
			  can_bridge(ssl, conn, TLS_BRIDGE_HAND_OVER);
	if (!conn->null_cipher && !conn->hand_over) {
		return 0;
	}
	/* A bridged session belongs to its connection, whose latch it
	 * relies on: it is not resumed, and neither is any session the
	 * client offers now.  TLS reads nothing past its handshake, which
	 * the socket carries on from after a hand-over. */
	if (tls_bridge_sessions_none(ssl) != 0) {
		return -1;
	}
	SSL_set_read_ahead(ssl, 0);
	SSL_set_max_early_data(ssl, 0);
	if (conn->null_cipher) {
		/* First, and chosen by the server: a client that offers them
		 * lists them last, for servers that are not tls-bridge. */
		SSL_set_options(ssl, SSL_OP_CIPHER_SERVER_PREFERENCE);
		if (tls_bridge_add_null_suites(ssl, true) != 0 ||
		    tls_bridge_guard_latch(ssl, conn->channel) != 0) {
			return -1;
		}
	}
	return 0;
}

uint8_t tls_bridge_server_verdict(const SSL *ssl, const struct tls_bridge_conn *conn)
{
	bool bridged = SSL_version(ssl) == TLS1_3_VERSION
			       ? conn->hand_over
			       : conn->null_cipher &&
					 tls_bridge_is_null_cipher(SSL_get_pending_cipher(ssl));

	if (!(conn->verdict & TLS_BRIDGE_VERDICT_BOUND)) {
		return conn->verdict;
	}
	return conn->verdict | (bridged ? TLS_BRIDGE_VERDICT_BRIDGED : 0);
}

bool tls_bridge_bridged_verdict_fits(const SSL *ssl, const struct tls_bridge_conn *conn)
{
	const SSL_CIPHER *cipher = SSL_get_pending_cipher(ssl);

	if (SSL_version(ssl) == TLS1_3_VERSION) {
		return (conn->flags & TLS_BRIDGE_OFFER_HAND_OVER) != 0;
	}
	return (conn->flags & TLS_BRIDGE_OFFER_NULL_CIPHER) != 0 &&
	       (cipher == NULL || tls_bridge_is_null_cipher(cipher));
}

#define NOT_BRIDGED "both ends verified the same IPsec channel binding; not bridged"

const char *tls_bridge_why_not_bridged(const SSL *ssl, const struct tls_bridge_conn *conn)
{
	unsigned int mode =
		SSL_version(ssl) == TLS1_3_VERSION ? TLS_BRIDGE_HAND_OVER : TLS_BRIDGE_NULL_CIPHER;
	uint8_t flag = mode == TLS_BRIDGE_HAND_OVER ? TLS_BRIDGE_OFFER_HAND_OVER
						    : TLS_BRIDGE_OFFER_NULL_CIPHER;

	if (!(modes_of(ssl) & mode)) {
		return mode == TLS_BRIDGE_HAND_OVER
			       ? NOT_BRIDGED ": this end does not allow the hand-over of TLS 1.3 "
					    "(TLS_BRIDGE_HAND_OVER)"
			       : NOT_BRIDGED ": this end does not allow the NULL cipher of TLS 1.2 "
					    "(TLS_BRIDGE_NULL_CIPHER)";
	}
	if (conn->fd < 0) {
		return NOT_BRIDGED ": this end's socket is not latched to SAs that "
		       "encrypt and authenticate (LEVEL_MEDIUM or better)";
	}
	if (!can_bridge(ssl, conn, mode)) {
		return NOT_BRIDGED ": TLS does not read and write the attached socket";
	}
	if (SSL_is_server(ssl) ? !(conn->flags & flag) : conn->answered) {
		return NOT_BRIDGED ": the peer cannot bridge this way";
	}
	return NOT_BRIDGED;
}
