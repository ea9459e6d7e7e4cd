/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Bridging: which connections may skip TLS's encryption, with the NULL
 * cipher suites of TLS 1.2 or the hand-over of the socket after TLS 1.3.
 */
#ifndef TLS_BRIDGE_BRIDGING_H
#define TLS_BRIDGE_BRIDGING_H

#include <stdbool.h>

#include "state.h"

/* Whether ssl may use the NULL suite c: ECDHE with a certificate, and
 * (client) this end can bridge that way, or (server) both ends agreed to. */
bool tls_bridge_null_cipher_allowed(const SSL *ssl, const SSL_CIPHER *c);

/* The TLS_BRIDGE_OFFER_* flags of ssl's offer: the ways this end can
 * bridge. */
uint8_t tls_bridge_offer_flags(const SSL *ssl, const struct tls_bridge_conn *conn);

/* Server, for a verified client: agrees to the ways of bridging that the
 * client offered and this end can do, and prepares ssl for them.  0 or -1. */
int tls_bridge_server_agree(SSL *ssl, struct tls_bridge_conn *conn);

/* Server: the verdict to send, BRIDGED added where this connection is. */
uint8_t tls_bridge_server_verdict(const SSL *ssl, const struct tls_bridge_conn *conn);

/* Client: whether a BRIDGED verdict fits what was offered and negotiated
 * so far. */
bool tls_bridge_bridged_verdict_fits(const SSL *ssl, const struct tls_bridge_conn *conn);

/* For a bound connection that is not bridged: why not. */
const char *tls_bridge_why_not_bridged(const SSL *ssl, const struct tls_bridge_conn *conn);

#endif
