/* SPDX-License-Identifier: BSD-2-Clause */
/* The module's credentials and contexts, and the channel they bind to. */
#ifndef BTNS_MECH_H
#define BTNS_MECH_H

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <stdbool.h>
#include <stdint.h>

#include "glue.h"

struct btns_cred {
	struct btns_glue glue;
	gss_cred_id_t krb5; /* the mechglue's credential for krb5 */
	int socket;         /* a duplicate of the connection's socket, or -1 */
};

struct btns_channel_follower;

/* What a context binds to: the channel binding (the IPsec binding of the
 * socket, then the application's channel-binding data), whether the
 * socket could carry messages without a second encryption, and the
 * follower of its IPsec channel, which says for how long. */
struct btns_channel {
	gss_buffer_desc binding; /* malloc()ed; empty when unbound */
	bool ipsec;              /* an IPsec binding is part of it */
	bool can_bridge;         /* latched ESTABLISHED, with privacy and integrity */
	struct btns_channel_follower *follower; /* the socket's; NULL without one */
};

struct btns_ctx {
	struct btns_glue glue;
	gss_ctx_id_t krb5;
	gss_name_t target; /* the initiator's, for krb5's second call */
	gss_OID_desc mech;
	uint8_t mech_oid[64];
	int socket; /* a duplicate of the connection's socket, or -1 */
	bool initiator, established, bridged;
	uint8_t init_flags;
	struct btns_channel channel;
	OM_uint32 flags; /* as returned to the application */
	uint64_t send_seq, recv_seq;
};

/* The channel of a context: the socket's IPsec binding (socket >= 0) and
 * the application's bindings (cb).  GSS_S_COMPLETE, or a failure with
 * *minor set. */
OM_uint32 btns_channel_make(OM_uint32 *minor, int socket, const gss_channel_bindings_t cb,
			    struct btns_channel *ch);
void btns_channel_clear(struct btns_channel *ch);

/* A context of mechanism mech, for a duplicate of socket (or -1). */
struct btns_ctx *btns_ctx_new(OM_uint32 *minor, const gss_OID mech, int socket);
void btns_ctx_free(struct btns_ctx *ctx);

#endif
