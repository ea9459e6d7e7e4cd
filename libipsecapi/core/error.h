/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef IPSECAPI_ERROR_H
#define IPSECAPI_ERROR_H

/* Records "fn: message" as the calling thread's last error, sets errno to
 * err and returns -1, so a failing path reads: return ipsecapi_fail(...). */
int ipsecapi_fail(int err, const char *fn, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The calling thread's last error without its "fn: " prefix, for a
 * caller that puts its words into a message of its own. */
const char *ipsecapi_last_reason(const char *fn);

#endif
