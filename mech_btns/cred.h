/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef BTNS_CRED_H
#define BTNS_CRED_H

#include "mech.h"

/* A credential: krb5's, for desired_name and usage, with the socket that
 * store names under btns-socket; the other keys of store go to krb5. */
OM_uint32 btns_acquire_cred(OM_uint32 *minor, gss_name_t desired_name, OM_uint32 time_req,
			    gss_cred_usage_t usage, gss_const_key_value_set_t store,
			    gss_cred_id_t *out, OM_uint32 *time_rec);

/* A credential around krb5's cred (a delegated one), with no socket: *out,
 * which then owns krb5; on failure krb5 stays the caller's. */
OM_uint32 btns_cred_around(OM_uint32 *minor, gss_cred_id_t krb5, gss_cred_id_t *out);

void btns_cred_free(struct btns_cred *cred);

#endif
