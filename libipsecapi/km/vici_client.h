/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A connection to strongSwan's charon over VICI (vici_msg.h): commands,
 * with the events that stream their answers.  One command at a time, as
 * the protocol has it; every wait is bounded, so a daemon that hangs is an
 * error (ETIMEDOUT), never a hang of the application.
 */
#ifndef IPSECAPI_VICI_CLIENT_H
#define IPSECAPI_VICI_CLIENT_H

#include "vici_msg.h"

/* Where charon listens unless the caller says otherwise. */
#define IPSECAPI_VICI_DEFAULT_PATH "/var/run/charon.vici"

/* How long one packet of charon's may take, in milliseconds. */
#define IPSECAPI_VICI_TIMEOUT_MS 5000

struct ipsecapi_vici;

/* Where charon is asked: IPSECAPI_VICI_SOCKET (read with secure_getenv),
 * else the default. */
const char *ipsecapi_vici_path(void);

/* Connects to charon's VICI socket at path (NULL: the default).  0 and
 * *out, or -1 with errno and a reason that names the path recorded for
 * fn. */
int ipsecapi_vici_connect(const char *path, struct ipsecapi_vici **out, const char *fn);
void ipsecapi_vici_close(struct ipsecapi_vici *v);

/* Called for each event of the command's stream. */
typedef int (*ipsecapi_vici_on_event)(const struct ipsecapi_vici_section *message, void *data);

/*
 * Sends the command request (a finished CMD_REQUEST packet); with stream,
 * the events of that name which come before the response go to on_event
 * (registered before the command, unregistered after).  The response's
 * message into *response (ipsecapi_vici_packet_clear() releases it).  0,
 * or -1 with the error recorded for fn: ENOTSUP for a command or event
 * charon does not know, ETIMEDOUT, EBADMSG for a malformed packet,
 * ECONNRESET, or what on_event failed with.  After a failure the
 * connection may be in the middle of a stream: close it.
 */
int ipsecapi_vici_command(struct ipsecapi_vici *v, const struct ipsecapi_vici_writer *request,
			  const char *stream, ipsecapi_vici_on_event on_event, void *data,
			  struct ipsecapi_vici_packet *response, const char *fn);

/* Registers for charon's event name, whose packets then come unasked on
 * the connection's socket (ipsecapi_vici_fd()), between commands: 0, or
 * -1 with the error recorded for fn (ENOTSUP for an event charon does not
 * have). */
int ipsecapi_vici_subscribe(struct ipsecapi_vici *v, const char *name, const char *fn);

/* The connection's socket, to poll for events. */
int ipsecapi_vici_fd(const struct ipsecapi_vici *v);

#endif
