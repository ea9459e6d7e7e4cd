/* SPDX-License-Identifier: BSD-2-Clause */
/* libipsecapi's latch watch, a follower's latch source by default. */
#ifndef BTNS_KERNEL_LATCH_H
#define BTNS_KERNEL_LATCH_H

#include "channel_follower.h"

extern const struct btns_latch_source btns_kernel_latch;

#endif
