/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Broker messages on a SOCK_SEQPACKET Unix socket, with the socket they
 * are about attached (SCM_RIGHTS), for both sides: the broker daemon and
 * the library, which asks the broker when this process may not ask the
 * kernel itself (it lacks CAP_NET_ADMIN).
 */
#ifndef IPSECAPI_BROKER_IO_H
#define IPSECAPI_BROKER_IO_H

#include <stdbool.h>

#include "broker_proto.h"

/* Where the broker listens unless IPSECAPI_BROKER_SOCKET says otherwise. */
#define IPSECAPI_BROKER_DEFAULT_PATH "/run/ipsecapi/broker.sock"

/* Sends m on sock, with fd attached unless it is -1.  0, or -1 with errno
 * and the reason recorded for fn. */
int ipsecapi_broker_send(int sock, const struct ipsecapi_broker_msg *m, int fd, const char *fn);

/*
 * Receives one message on sock.  With from_application it must be a
 * request with the descriptors its type carries (ipsecapi_broker_fds_of):
 * one socket, which *fd gets (close-on-exec; the caller closes it), or
 * none; otherwise an answer with none.  *fd is -1 when none came.  Every
 * other descriptor that came with it is closed.  1 with *m, 0 at the end
 * of the stream, or -1 with errno (EBADMSG for a message that breaks the
 * protocol, EMSGSIZE for one too long) and the reason recorded for fn.
 */
int ipsecapi_broker_recv(int sock, bool from_application, struct ipsecapi_broker_msg *m, int *fd,
			 const char *fn);

/* A new connection to the broker (one not kept for the calls below):
 * its socket, or -1 with EPERM and why the broker could not be reached
 * (naming its socket's path) recorded for fn. */
int ipsecapi_broker_connect(const char *fn);

/* The path of the broker's socket that ipsecapi_broker_connect() uses. */
const char *ipsecapi_broker_path(void);

/* The library's side: sends request (any but the latch watch's) about
 * socket fd to the broker; the pToken of its answer, if it has one, into
 * *out.  0, or -1 with the broker's errno and reason, or EPERM and why
 * the broker could not be reached (naming its socket's path). */
int ipsecapi_broker_call(const struct ipsecapi_broker_msg *request, int fd,
			 struct ipsecapi_token **out, const char *fn);

#endif
