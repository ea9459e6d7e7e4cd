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
#include <stdint.h>

#include <openssl/ssl.h>

/* Where a guard learns the state of the latch: libipsecapi's latch watch
 * (tls_bridge_kernel_latch), or a unit test's stand-in. */
struct tls_bridge_latch_source {
	/* The latch state of socket fd now: IPSEC_API_LATCH_*, or 0 when it
	 * cannot be known.  *cookie (NULL at first) is the source's state
	 * for one guard, which release() frees. */
	uint16_t (*state)(void **cookie, int fd);
	void (*release)(void *cookie);
};

extern const struct tls_bridge_latch_source tls_bridge_kernel_latch;

/* Puts a guard of socket fd, informed by source, under ssl's write side,
 * unless it has one.  0, or -1. */
int tls_bridge_guard_latch(SSL *ssl, int fd, const struct tls_bridge_latch_source *source);

/* Whether ssl's write side has a guard. */
bool tls_bridge_latch_guarded(const SSL *ssl);

/* Whether ssl's guard saw the latch break (and refused to write). */
bool tls_bridge_latch_broke(const SSL *ssl);

#endif
