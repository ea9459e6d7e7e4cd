/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The broker's descriptors.  Each connection holds one, and one more
 * while its request (which carries a socket) is in progress; the rest is
 * a reserve for the listener, the kernel's events, the workers' netlink
 * and charon connections, and the extra descriptors a message may carry
 * before they are closed.  So the connections served at once are bounded
 * by RLIMIT_NOFILE, whose soft limit is raised to the hard one at start.
 * Should accept(2) still find no descriptor, a spare one is given up for
 * a moment to take the connection off the queue and close it, so that
 * the listener does not stay readable and the main loop does not spin.
 */
#ifndef IPSECAPID_FD_BUDGET_H
#define IPSECAPID_FD_BUDGET_H

#include <stddef.h>
#include <time.h>

/* Descriptors kept out of the connections' share. */
size_t fd_budget_reserve(unsigned workers);

/* Raises the soft RLIMIT_NOFILE to the hard one; returns the limit in
 * force (the soft one, if it could not be raised). */
size_t fd_budget_raise(void);

/* The connections that limit descriptors allow with workers workers:
 * 0 if it allows none. */
size_t fd_budget_clients(size_t limit, unsigned workers);

struct spare_fd {
	int fd;                /* /dev/null, or -1 */
	time_t logged;         /* when a refusal was last logged */
	unsigned long refused; /* connections refused for want of descriptors since */
};

/* Opens the spare: 0, or -1 with errno. */
int spare_fd_open(struct spare_fd *s);
void spare_fd_close(struct spare_fd *s);

/* accept(2) on listener failed with EMFILE or ENFILE: takes one
 * connection off its queue with the spare descriptor and closes it, and
 * logs (once a second at most).  1 if it took one, 0 if none was queued,
 * or -1 if the spare could not be had again, when the caller should stop
 * polling the listener for a moment. */
int spare_fd_refuse(struct spare_fd *s, int listener, int err);

#endif
