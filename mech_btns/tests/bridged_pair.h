/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Two ends of a mech_btns context in one test process, made by the
 * module's own establishment with krb5 from a real KDC (with_kdc.sh):
 * bound to an IPsec binding given by the application, which the stand-in
 * channel (stand_in_channel.c) makes bridged, or to nothing.
 */
#ifndef BTNS_BRIDGED_PAIR_H
#define BTNS_BRIDGED_PAIR_H

#include <stdbool.h>

#include "mech.h"

#define BINDING "ipsec-sa-unique-v1:0123456789abcdef0123456789abcdef"

struct pair {
	gss_ctx_id_t init, accept;
	OM_uint32 init_major, accept_major, minor;
};

static inline struct btns_ctx *ctx_of(gss_ctx_id_t handle)
{
	return (struct btns_ctx *)handle;
}

/* A context between an initiator and an acceptor, bound to BINDING (so
 * bridged) or to nothing; the majors and the last minor in p. */
void try_establish(bool bound, struct pair *p);

/* try_establish(), which must succeed, bridged if bound. */
void establish_pair(bool bound, struct pair *p);

void free_pair(struct pair *p);

#endif
