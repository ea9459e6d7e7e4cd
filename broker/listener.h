/* SPDX-License-Identifier: BSD-2-Clause */
/* Where ipsecapid listens: the socket systemd passed, or its own. */
#ifndef IPSECAPID_LISTENER_H
#define IPSECAPID_LISTENER_H

#include <stdbool.h>

/* The one SOCK_SEQPACKET socket that systemd passed (LISTEN_FDS), made
 * non-blocking, or -1 if it passed none; passing another ends the
 * program. */
int listener_from_systemd(void);

/* A socket listening on path, mode 0666 (a socket left there by an
 * earlier broker is replaced), or the program ends. */
int listener_at(const char *path);

#endif
