/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What both bridges (mech_btns and tls-bridge) ask of a connection's IPsec
 * channel before they skip their own encryption.  Compiled into each.
 */
#ifndef BTNS_BRIDGEABLE_H
#define BTNS_BRIDGEABLE_H

#include <stdbool.h>

#include <ipsecapi.h>

/* Whether the socket whose pToken p is can carry data with no second
 * encryption: its latch is ESTABLISHED (RFC 5660: it stays on these SAs,
 * and a "require" policy drops rather than sends in clear), and the SAs'
 * privacy and integrity are LEVEL_MEDIUM or better (AES with a 128-bit
 * key and HMAC-SHA1, or stronger).  An attribute that cannot be read
 * counts as not there. */
bool btns_bridgeable(const ipsec_pToken_t p);

#endif
