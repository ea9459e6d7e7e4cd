/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The engine's contract: what the API computes from the kernel and the
 * key manager.  A socket's or a datagram's protection (socket_query.h),
 * the explicit step that latches a connection, setting a socket's
 * demands (socket_set.h), latches and their events, channel bindings.
 * The broker daemon and ipsec-ss use the library through this header
 * and the public one.
 */
#ifndef IPSECAPI_ENGINE_H
#define IPSECAPI_ENGINE_H

#include "channel_binding.h"
#include "datagram_check.h"
#include "direction.h"
#include "latch_events.h"
#include "latch_table.h"
#include "peer_itoken.h"
#include "sa_wait.h"
#include "socket_query.h"
#include "socket_set.h"

#endif
