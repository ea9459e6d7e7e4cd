/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scratch_netns.h"

int write_text_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		return -1;
	}
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

int enter_scratch_netns(void)
{
	char map[64];
	uid_t uid = getuid();
	gid_t gid = getgid();

	/* Root takes a network namespace alone, which keeps the per-netns
	 * XFRM sysctls that the kernel hides in a user namespace's.  Others
	 * (or root without user namespaces) get both. */
	if (geteuid() == 0 && unshare(CLONE_NEWNET) == 0) {
		/* done */
	} else if (unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) {
		return -1;
	} else {
		/* Root in the new user namespace, so that exec keeps the
		 * capabilities (ip, tcpdump run from the tests). */
		snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
		if (write_text_file("/proc/self/setgroups", "deny") != 0 ||
		    write_text_file("/proc/self/uid_map", map) != 0) {
			return -1;
		}
		snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
		if (write_text_file("/proc/self/gid_map", map) != 0) {
			return -1;
		}
	}
	return system("ip link set lo up") == 0 ? 0 : (errno = EIO, -1);
}
