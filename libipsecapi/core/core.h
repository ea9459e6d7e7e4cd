/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The core layer's contract: tokens and their attributes, their wire
 * codec and the datagram tickets, errors, and small containers.  It knows
 * nothing of the kernel.
 */
#ifndef IPSECAPI_CORE_H
#define IPSECAPI_CORE_H

#include "array.h"
#include "attr_desc.h"
#include "error.h"
#include "msg_ticket.h"
#include "poll_set.h"
#include "token.h"
#include "token_codec.h"
#include "unix_socket.h"

#endif
