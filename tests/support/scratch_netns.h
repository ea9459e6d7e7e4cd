/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef BTNS_SCRATCH_NETNS_H
#define BTNS_SCRATCH_NETNS_H

/* Moves the calling process into a new network namespace of its own (for
 * a caller that is not root, in a new user namespace where it is root),
 * with loopback up.  Commands it runs with system() live there too.
 * Returns 0, or -1 with errno. */
int enter_scratch_netns(void);

/* Writes text to the file at path (an existing one, such as
 * /proc/PID/uid_map), all at once: 0, or -1 with errno. */
int write_text_file(const char *path, const char *text);

#endif
