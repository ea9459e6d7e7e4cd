/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The IPsec channel of a connection, as both bridges (mech_btns and
 * tls-bridge) follow it: the socket's unique channel binding and whether
 * it can bridge, read once; then its latch (RFC 5660), watched from the
 * first time it is asked about.  Compiled into each bridge.  A follower
 * is for one thread at a time.
 */
#ifndef BTNS_CHANNEL_FOLLOWER_H
#define BTNS_CHANNEL_FOLLOWER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where a follower learns the state of its socket's latch: libipsecapi's
 * latch watch (a NULL source), or a unit test's stand-in. */
struct btns_latch_source {
	/* Starts watching socket's latch: the watch, or NULL. */
	void *(*watch)(int socket);
	/* The watch's news, without blocking: 1 with *state the latest
	 * (IPSEC_API_LATCH_*, or 0 for no latch), 0 when there is none, -1
	 * when the state cannot be known. */
	int (*news)(void *watch, uint16_t *state);
	void (*unwatch)(void *watch);
};

enum btns_channel_error {
	BTNS_CHANNEL_E_INVALID = -1,   /* a NULL, empty or negative argument */
	BTNS_CHANNEL_E_SOCKET = -2,    /* the socket cannot be asked (ipsec_get_socket_pToken) */
	BTNS_CHANNEL_E_NOT_IPSEC = -3, /* no SA pair protects it both ways: no unique binding */
	BTNS_CHANNEL_E_NO_MEMORY = -4,
};

struct btns_channel_follower;

/* Asks the kernel for socket's channel now, and follows its latch with
 * latch (NULL: libipsecapi's latch watch).  socket stays the caller's,
 * open while the follower is.  0 and *out, or a BTNS_CHANNEL_E_* code. */
int btns_channel_follower_create(int socket, const struct btns_latch_source *latch,
				 struct btns_channel_follower **out);

/* A follower of a channel known already: binding (len octets, RFC 5056
 * form), and latched_socket, the socket if it can bridge (else -1).
 * What btns_channel_follower_create() makes after asking the kernel; the
 * unit tests' way in, with a stand-in latch.  0 or a BTNS_CHANNEL_E_*. */
int btns_channel_follower_create_known(const uint8_t *binding, size_t len, int latched_socket,
				       const struct btns_latch_source *latch,
				       struct btns_channel_follower **out);

/* Stops watching and wipes the binding; NULL is accepted. */
void btns_channel_follower_free(struct btns_channel_follower *f);

/* The channel binding, *len octets long, valid as long as f (NULL, and
 * *len 0, for NULL). */
const uint8_t *btns_channel_follower_binding(const struct btns_channel_follower *f, size_t *len);

/* The socket if it could bridge when f was made (its latch ESTABLISHED,
 * privacy and integrity LEVEL_MEDIUM or better: btns_bridgeable), else
 * -1 (for NULL too). */
int btns_channel_follower_latched_socket(const struct btns_channel_follower *f);

/*
 * Whether the latch is ESTABLISHED now, after the news that waits; false
 * for a follower that cannot bridge (or NULL).  The first call starts the
 * watch.  A latch that breaks and is ESTABLISHED again holds again, as
 * RFC 5660 allows.
 *
 * Fails closed: once the state cannot be known (the watch cannot be made,
 * or its news cannot be had), the latch counts as broken for good, and
 * this is false from then on.
 */
bool btns_channel_follower_latch_holds(struct btns_channel_follower *f);

#endif
