/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Which processes hold which sockets (ipsec-ss -p): each descriptor of
 * /proc/PID/fd that is a socket, by the socket's inode, as ss -p finds
 * them.  A process whose descriptors cannot be read (another user's,
 * without CAP_SYS_PTRACE, or one that ended meanwhile) is left out.
 */
#ifndef IPSEC_SS_PROCESSES_H
#define IPSEC_SS_PROCESSES_H

#include <stddef.h>
#include <stdint.h>

struct ss_process {
	uint32_t inode;
	int pid;
	int fd;
	char name[32]; /* /proc/PID/comm: at most 15 octets, any but NUL */
};

struct ss_processes;

/* Reads proc (normally "/proc").  NULL with errno when it cannot be read
 * at all (not mounted) or out of memory. */
struct ss_processes *ss_processes_create(const char *proc);

/* The holders of the socket of inode, by pid then fd: *first and how
 * many (0 for none). */
size_t ss_processes_of(const struct ss_processes *all, uint32_t inode,
		       const struct ss_process **first);

void ss_processes_free(struct ss_processes *all);

#endif
