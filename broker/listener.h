/* SPDX-License-Identifier: BSD-2-Clause */
/* Where ipsecapid listens: the socket systemd passed, or its own. */
#ifndef IPSECAPID_LISTENER_H
#define IPSECAPID_LISTENER_H

#include <stdbool.h>
#include <sys/types.h>

/* The one SOCK_SEQPACKET socket that systemd passed (LISTEN_FDS), made
 * non-blocking, or -1 if it passed none; passing another ends the
 * program. */
int listener_from_systemd(void);

/* The socket file a broker made, to remove it when the broker ends. */
struct listener_file {
	char path[108];
	dev_t dev;
	ino_t ino;
	bool made;
};

/* A socket listening on path, mode 0666 (a socket left there by an
 * earlier broker is replaced; the directory is made, mode 0755, when it
 * is missing and its parent exists), or the program ends.  *file records
 * the socket file. */
int listener_at(const char *path, struct listener_file *file);

/* Removes the socket file the broker made, unless another broker has
 * replaced it since. */
void listener_remove(const struct listener_file *file);

#endif
