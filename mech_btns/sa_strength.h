/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The strength of the IPsec SAs that protect a bridged context's
 * messages, as a SASL security strength factor (RFC 4422): the key bits
 * of their encryption that the socket's pToken vouches for.  The pToken
 * gives a level, not the key size (ipsec_get_socket_pToken(3)): the
 * weaker direction's privacyProtection, LEVEL_HIGH for a 256-bit key,
 * LEVEL_MEDIUM for a 128- or 192-bit one.  The factor is the least key
 * size of the level: 256 or 128.
 */
#ifndef BTNS_SA_STRENGTH_H
#define BTNS_SA_STRENGTH_H

#include <stdint.h>

/* The factor of a privacyProtection level; 0 for a level that does not
 * vouch for a key size (LEVEL_LOW, DISABLE, anything else). */
uint32_t btns_ssf_of_privacy(uint16_t level);

/* The factor of socket's SAs now; 0 when it cannot be known (the pToken
 * cannot be had or read) or is not vouched for. */
uint32_t btns_sa_ssf(int socket);

#endif
