/* SPDX-License-Identifier: BSD-2-Clause */
/* What the policy makes of a connection that cannot be bound, and the
 * sentences that say why, shared by the client's and the server's sides. */
#ifndef TLS_BRIDGE_REFUSAL_H
#define TLS_BRIDGE_REFUSAL_H

#include "state.h"

extern const char tls_bridge_why_no_offer[];
extern const char tls_bridge_why_no_binding[];
extern const char tls_bridge_why_bound[];
extern const char tls_bridge_why_unchecked[];

/* A connection that cannot be bound, because of why (kept in conn, if
 * not NULL): under TLS_BRIDGE_REQUIRE the handshake fails (0, with the
 * refusal on the error queue and *al set), else it goes on unbound (1). */
int tls_bridge_refuse(SSL *ssl, struct tls_bridge_conn *conn, const char *why, int *al);

#endif
