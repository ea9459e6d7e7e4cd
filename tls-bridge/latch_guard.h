/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The latch guard: a filter BIO under the write side of a connection that
 * may bridge with a NULL cipher.  Once TLS no longer encrypts, its records
 * leave only while the socket's latch is ESTABLISHED (RFC 5660): when the
 * SAs change under the connection, writes fail instead of going out on
 * SAs that no one verified.
 */
#ifndef TLS_BRIDGE_LATCH_GUARD_H
#define TLS_BRIDGE_LATCH_GUARD_H

#include <stdbool.h>

#include <openssl/ssl.h>

struct btns_channel_follower;

/* Puts a guard under ssl's write side, unless it has one; latch, the
 * follower of the connection's channel, tells it the latch's state, and
 * must last as long as ssl's writes.  0, or -1. */
int tls_bridge_guard_latch(SSL *ssl, struct btns_channel_follower *latch);

/* Whether ssl's write side has a guard. */
bool tls_bridge_latch_guarded(const SSL *ssl);

/* Whether ssl's guard saw the latch break (and refused to write). */
bool tls_bridge_latch_broke(const SSL *ssl);

#endif
