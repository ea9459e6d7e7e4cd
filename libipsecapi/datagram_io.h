/* SPDX-License-Identifier: BSD-2-Clause */
/* UDP sockets as the datagram calls (datagram_io.c) and the broker's
 * answers about datagrams (broker_datagram.c) see them. */
#ifndef IPSECAPI_DATAGRAM_IO_H
#define IPSECAPI_DATAGRAM_IO_H

#include <stdbool.h>
#include <stdint.h>

#include "flow.h"

/* Socket fd, which must be UDP over IPv4 or IPv6 (else EPROTONOSUPPORT):
 * its flow as far as it is known (ipsecapi_flow_from_any_fd), whether it
 * is connected, and its family (SO_DOMAIN). */
int ipsecapi_datagram_socket(int fd, struct ipsecapi_flow *flow, bool *connected, int *domain,
			     const char *fn);

/* The local port of socket fd (0 if it is not bound), in host order. */
int ipsecapi_socket_port(int fd, uint16_t *port, const char *fn);

#endif
