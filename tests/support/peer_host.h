/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A second host for the tests on this machine's kernel: a child process in
 * a network namespace of its own, joined to the caller's by a veth pair.
 * The caller's end "va" has 10.9.0.1/24 and 2001:db8:9::1/64, the peer's
 * "vb" 10.9.0.2 and 2001:db8:9::2.  The peer takes UDP datagrams on ports
 * PEER_UDP_FIRST to PEER_UDP_LAST and TCP connections on PEER_TCP_PORT, on
 * both families, and reports every payload that reaches it; TCP data it
 * echoes PEER_ECHO_DELAY_MS later.  This kernel has no ESP: whatever
 * reaches the peer went there in clear.
 */
#ifndef BTNS_PEER_HOST_H
#define BTNS_PEER_HOST_H

#include <stddef.h>
#include <stdint.h>

#define PEER_UDP_FIRST 5000
#define PEER_UDP_LAST 5009
#define PEER_TCP_PORT 6000
#define PEER_ECHO_DELAY_MS 500

struct peer_host;

/* Starts the peer (the caller must be root in its network namespace):
 * 0, or -1 with errno. */
int peer_host_start(struct peer_host **out);

/* How many payload octets reached the peer on port (UDP or TCP) within
 * wait_ms, counted since the last call for that port. */
size_t peer_host_received(struct peer_host *h, uint16_t port, int wait_ms);

/* Stops the peer and removes the link. */
void peer_host_stop(struct peer_host *h);

#endif
