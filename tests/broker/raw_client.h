/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A client of ipsecapid that speaks its protocol (broker_proto.h) by
 * hand, as a hostile or a measuring one would: raw connections, requests
 * with the descriptors of the test's choice, answers awaited for a
 * bounded time.
 */
#ifndef BTNS_RAW_CLIENT_H
#define BTNS_RAW_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Answer types. */
#define RAW_PTOKEN 0x81
#define RAW_DONE 0x82
#define RAW_ERROR 0x83
#define RAW_LATCH_STATE 0x85

/* A connection to the broker at path (non-blocking connect, so that a
 * full backlog fails with EAGAIN instead of waiting), or -1 with errno. */
int raw_connect(const char *path);

/* Sends len octets on s with nfds (0 to 2) descriptors attached. */
ssize_t raw_send(int s, const void *msg, size_t len, const int *fds, int nfds);

/* The next answer on s within ms milliseconds, into buf: its type, 0 if
 * the broker closed the connection, -1 if none came in time (or s
 * failed). */
int raw_answer(int s, uint8_t *buf, size_t size, int ms);

/* A GET_SOCKET_PTOKEN about fd, and its answer within ms: as
 * raw_answer(). */
int raw_get(int s, int fd, int ms);

/* A WATCH_LATCH of fd as tag, and its answer within ms: as raw_answer(). */
int raw_watch(int s, int fd, uint32_t tag, int ms);

/* An UNWATCH_LATCH of tag (no descriptor, no kernel: the cheapest
 * request), and its answer within ms: as raw_answer(). */
int raw_unwatch(int s, uint32_t tag, int ms);

/* A UDP socket of family (AF_INET: 127.0.0.1) connected to port of
 * loopback, which needs no listener: -1 with errno on failure. */
int raw_udp_connected(uint16_t port);

/* Becomes uid (and gid) for good, without capabilities: 0, or -1. */
int raw_become(uid_t uid);

/* Milliseconds on a clock that only goes forward. */
double raw_now_ms(void);

#endif
