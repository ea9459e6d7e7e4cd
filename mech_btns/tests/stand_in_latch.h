/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A stand-in for libipsecapi's latch watch, for the module's unit tests,
 * which have no IPsec SAs: every latch it watches is in the state the test
 * sets, or cannot be known (a failed poll).
 */
#ifndef BTNS_STAND_IN_LATCH_H
#define BTNS_STAND_IN_LATCH_H

#include <stdint.h>

#include "mech.h"

/* From now on every latch is in state (IPSEC_API_LATCH_*). */
void stand_in_latch_says(uint16_t state);

/* From now on the watch's news cannot be had. */
void stand_in_latch_fails(void);

/* How often a follower asked for news since the last call. */
unsigned int stand_in_latch_asked(void);

/* Makes ch, a channel bound to IPsec by the application's binding, one
 * whose socket can bridge and whose latch the stand-in tells. */
void stand_in_latch_follow(struct btns_channel *ch);

#endif
