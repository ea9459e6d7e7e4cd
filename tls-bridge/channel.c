/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A connection's IPsec channel: its unique channel binding, and whether
 * its socket is latched to SAs that can carry the data without TLS's
 * encryption.
 */
#include <openssl/crypto.h>
#include <string.h>

#include <ipsecapi.h>

#include "bridgeable.h"
#include "latch_guard.h"
#include "null_suites.h"
#include "state.h"

int tls_bridge_set_channel(SSL *ssl, const uint8_t *binding, size_t len, int latched_fd,
			   const struct tls_bridge_latch_source *latch)
{
	const struct tls_bridge_ctx *c;
	struct tls_bridge_conn *conn;

	if (ssl == NULL || binding == NULL || len == 0 || len > TLS_BRIDGE_BINDING_MAX ||
	    (latched_fd >= 0 && latch == NULL)) {
		return TLS_BRIDGE_E_INVALID;
	}
	if (!SSL_in_before(ssl)) {
		return TLS_BRIDGE_E_STATE;
	}
	conn = tls_bridge_conn_make(ssl);
	if (conn == NULL) {
		return TLS_BRIDGE_E_NO_MEMORY;
	}
	/* An end that can bridge lists the NULL suites, last; the security
	 * callback decides, per connection, whether it offers (client) or
	 * takes (server) them.  Whether ssl is a client may not be known
	 * yet (TLS_method()). */
	c = tls_bridge_ctx_get(SSL_get_SSL_CTX(ssl));
	if (latched_fd >= 0 && c != NULL && c->policy != TLS_BRIDGE_DISABLE &&
	    (c->modes & TLS_BRIDGE_NULL_CIPHER) && tls_bridge_add_null_suites(ssl, false) != 0) {
		return TLS_BRIDGE_E_CRYPTO;
	}
	memcpy(conn->binding, binding, len);
	conn->binding_len = (uint8_t)len;
	conn->has_binding = true;
	conn->fd = latched_fd;
	conn->latch = latched_fd >= 0 ? latch : NULL;
	return 0;
}

int tls_bridge_set_ipsec_binding(SSL *ssl, const uint8_t *binding, size_t len)
{
	return tls_bridge_set_channel(ssl, binding, len, -1, NULL);
}

int tls_bridge_attach(SSL *ssl, int fd)
{
	ipsec_pToken_t p = NULL;
	ipsec_iToken_t peer = NULL;
	void *val = &peer, *data = NULL;
	uint32_t plen = sizeof(peer), len = 0;
	int rc = TLS_BRIDGE_E_IPSEC;

	if (ssl == NULL || fd < 0) {
		return TLS_BRIDGE_E_INVALID;
	}
	if (!SSL_in_before(ssl)) {
		return TLS_BRIDGE_E_STATE;
	}
	if (ipsec_get_socket_pToken(fd, &p) == 0 &&
	    ipsec_get_token_attr(p, IPSEC_API_ATTR_iToken, &plen, &val) == 0 &&
	    ipsec_get_token_attr(peer, IPSEC_API_ATTR_channelBindingData, &len, &data) == 0) {
		rc = tls_bridge_set_channel(ssl, data, len, btns_bridgeable(p) ? fd : -1,
					    &tls_bridge_kernel_latch);
	}
	OPENSSL_clear_free(data, len);
	ipsec_free_iToken(peer);
	ipsec_free_pToken(p);
	return rc;
}
