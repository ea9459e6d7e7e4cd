/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The broker link's contract: the wire protocol that the library and the
 * broker daemon (ipsecapid) speak over its Unix socket, and the client's
 * side of it: calls, datagram questions and latch watches run by the
 * broker for a process without CAP_NET_ADMIN.
 */
#ifndef IPSECAPI_BROKER_LINK_H
#define IPSECAPI_BROKER_LINK_H

#include "broker_datagram.h"
#include "broker_io.h"
#include "broker_proto.h"
#include "broker_watch.h"

#endif
