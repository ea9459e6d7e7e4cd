/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef BTNS_BENCH_ESP_PAIR_H
#define BTNS_BENCH_ESP_PAIR_H

#include <netinet/in.h>
#include <stdbool.h>

/* A TCP connection from client to server, two local addresses: *a the
 * client's socket, *b the accepted one.  With protect, each end's socket
 * policy requires ESP (reqid 0), which the SA pair of bench/esp_link.sh
 * gives: the kernel applies no SPD on the loopback route between local
 * addresses, but a socket's own policies always.  0, or -1 with the
 * reason on stderr. */
int esp_tcp_pair(struct in_addr client, struct in_addr server, bool protect, int *a, int *b);

#endif
