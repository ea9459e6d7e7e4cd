/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef BTNS_SCRATCH_NETNS_H
#define BTNS_SCRATCH_NETNS_H

/* Moves the calling process into a new network namespace of its own (for
 * a caller that is not root, in a new user namespace where it is root),
 * with loopback up.  Commands it runs with system() live there too.
 * Returns 0, or -1 with errno. */
int enter_scratch_netns(void);

#endif
