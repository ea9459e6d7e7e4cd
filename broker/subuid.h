/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Subordinate uids (/etc/subuid, subuid(5)): a user granted a range runs
 * user namespaces (newuidmap) whose processes connect as uids of that
 * range.  For the broker's per-user limits each of them is its range's
 * owner, so that a user namespace does not multiply them.
 */
#ifndef IPSECAPID_SUBUID_H
#define IPSECAPID_SUBUID_H

#include <stddef.h>
#include <sys/types.h>

struct subuid_range {
	unsigned long long first, count;
	uid_t owner;
};

struct subuid_ranges {
	struct subuid_range *r; /* in the file's order */
	size_t n;
};

/* Reads path, lines of name_or_uid:first:count (names by getpwnam(3)).
 * A file that does not exist has no ranges.  A range whose owner's name
 * is not known is still one user's: it counts as its first uid.  0, or -1
 * with why in why[size] (a file that cannot be read, or a malformed
 * line: counting its uids apart would multiply the limits). */
int subuid_ranges_load(const char *path, struct subuid_ranges *out, char *why, size_t size);

/* The user that uid counts as: the owner of the first range that holds
 * it, else uid itself. */
uid_t subuid_owner(const struct subuid_ranges *ranges, uid_t uid);

void subuid_ranges_clear(struct subuid_ranges *ranges);

#endif
