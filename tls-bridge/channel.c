/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A connection's IPsec channel: its unique channel binding, and its
 * follower (bridge-common), which says whether its socket is latched to
 * SAs that can carry the data without TLS's encryption, and for how long.
 */
#include <string.h>

#include "channel_follower.h"
#include "errors.h"
#include "null_suites.h"
#include "state.h"

/* The binding fits the offer, and ssl has not started its handshake. */
static int check_binding(const SSL *ssl, const uint8_t *binding, size_t len)
{
	if (ssl == NULL || binding == NULL || len == 0 || len > TLS_BRIDGE_BINDING_MAX) {
		return TLS_BRIDGE_E_INVALID;
	}
	return SSL_in_before(ssl) ? 0 : TLS_BRIDGE_E_STATE;
}

/* Gives ssl a binding that check_binding() passed, and channel, the follower of
 * its socket (or NULL), which ssl owns from then on; freed on failure.
 * binding may be channel's own. */
static int give_channel(SSL *ssl, const uint8_t *binding, size_t len,
			struct btns_channel_follower *channel)
{
	int fd = btns_channel_follower_latched_socket(channel);
	const struct tls_bridge_ctx *c;
	struct tls_bridge_conn *conn;

	conn = tls_bridge_conn_make(ssl);
	if (conn == NULL) {
		btns_channel_follower_free(channel);
		return TLS_BRIDGE_E_NO_MEMORY;
	}
	/* An end that can bridge lists the NULL suites, last; the security
	 * callback decides, per connection, whether it offers (client) or
	 * takes (server) them.  Whether ssl is a client may not be known
	 * yet (TLS_method()). */
	c = tls_bridge_ctx_get(SSL_get_SSL_CTX(ssl));
	if (fd >= 0 && c != NULL && c->policy != TLS_BRIDGE_DISABLE &&
	    (c->modes & TLS_BRIDGE_NULL_CIPHER) && tls_bridge_add_null_suites(ssl, false) != 0) {
		btns_channel_follower_free(channel);
		return TLS_BRIDGE_E_CRYPTO;
	}
	memcpy(conn->binding, binding, len);
	conn->binding_len = (uint8_t)len;
	conn->has_binding = true;
	conn->fd = fd;
	btns_channel_follower_free(conn->channel);
	conn->channel = channel;
	return 0;
}

int tls_bridge_set_channel(SSL *ssl, const uint8_t *binding, size_t len, int latched_fd,
			   const struct btns_latch_source *latch)
{
	struct btns_channel_follower *channel = NULL;
	int rc = check_binding(ssl, binding, len);

	if (rc != 0) {
		return rc;
	}
	if (latched_fd >= 0 &&
	    btns_channel_follower_create_known(binding, len, latched_fd, latch, &channel) != 0) {
		return TLS_BRIDGE_E_NO_MEMORY;
	}
	return give_channel(ssl, binding, len, channel);
}

int tls_bridge_set_ipsec_binding(SSL *ssl, const uint8_t *binding, size_t len)
{
	return tls_bridge_reported(tls_bridge_set_channel(ssl, binding, len, -1, NULL));
}

static int attach(SSL *ssl, int fd)
{
	struct btns_channel_follower *channel;
	const uint8_t *binding;
	size_t len;
	int rc;

	if (ssl == NULL || fd < 0) {
		return TLS_BRIDGE_E_INVALID;
	}
	if (!SSL_in_before(ssl)) {
		return TLS_BRIDGE_E_STATE;
	}
	rc = btns_channel_follower_create(fd, NULL, &channel);
	if (rc != 0) {
		return rc == BTNS_CHANNEL_E_NO_MEMORY ? TLS_BRIDGE_E_NO_MEMORY : TLS_BRIDGE_E_IPSEC;
	}
	binding = btns_channel_follower_binding(channel, &len);
	rc = check_binding(ssl, binding, len);
	if (rc != 0) {
		btns_channel_follower_free(channel);
		return rc;
	}
	return give_channel(ssl, binding, len, channel);
}

int tls_bridge_attach(SSL *ssl, int fd)
{
	return tls_bridge_reported(attach(ssl, fd));
}
