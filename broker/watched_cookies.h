/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The cookies of the sockets that latch watches follow, counted (several
 * watches may follow one socket), shared by the main thread, which adds
 * and removes them, and the thread that reads the kernel's events, which
 * passes on the destruction of these sockets only: every socket of the
 * namespace that closes is an event, and a user may close many.
 */
#ifndef IPSECAPID_WATCHED_COOKIES_H
#define IPSECAPID_WATCHED_COOKIES_H

#include <stdbool.h>
#include <stdint.h>

struct watched_cookies;

/* A new, empty set, or NULL without memory. */
struct watched_cookies *watched_cookies_new(void);
void watched_cookies_free(struct watched_cookies *s);

/* One more watch of cookie: 0, or -1 without memory. */
int watched_cookies_add(struct watched_cookies *s, uint64_t cookie);
/* One watch of cookie fewer. */
void watched_cookies_remove(struct watched_cookies *s, uint64_t cookie);
bool watched_cookies_has(struct watched_cookies *s, uint64_t cookie);

#endif
