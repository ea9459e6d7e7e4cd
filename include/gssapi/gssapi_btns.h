/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <gssapi/gssapi_btns.h>: what an application needs to ask MIT krb5's
 * GSS-API for mech_btns, Kerberos 5 bound to an IPsec channel
 * (mech_btns(7)).  mech_btns is not a default mechanism: an application
 * gets it only by naming its OID.
 *
 * The OID is defined here, not in a library: the mechanism is a module
 * that the mechglue loads, which an application never links against.  A
 * static const object per translation unit gives a ready gss_OID with
 * nothing to link; compare OIDs by value (gss_oid_equal()), not by
 * address.
 */
#ifndef GSSAPI_BTNS_H
#define GSSAPI_BTNS_H

#include <gssapi/gssapi.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * mech_btns's mechanism OID, 1.3.6.1.4.1.32473.1.1: an arc of the
 * enterprise number that RFC 5612 reserves for documentation, until the
 * project has its own.  The mech.d line that the build installs carries
 * the same OID (the build reads it from here).
 */
#define GSS_BTNS_MECHANISM_OID_STRING "1.3.6.1.4.1.32473.1.1"
#define GSS_BTNS_MECHANISM_OID_DER "\x2b\x06\x01\x04\x01\x81\xfd\x59\x01\x01"
#define GSS_BTNS_MECHANISM_OID_LENGTH 10

static const gss_OID_desc gss_btns_mechanism_oid_desc = {
	GSS_BTNS_MECHANISM_OID_LENGTH, (void *)GSS_BTNS_MECHANISM_OID_DER
};

/* The mechanism, as gss_init_sec_context() and gss_acquire_cred() take it. */
#define GSS_BTNS_MECHANISM ((gss_OID)&gss_btns_mechanism_oid_desc)

/*
 * The credential-store key (gss_acquire_cred_from()) whose value, a
 * decimal descriptor number, names the connection's socket: the context
 * binds to that socket's IPsec channel.
 */
#define GSS_BTNS_CRED_STORE_SOCKET "btns-socket"

/* The SASL mechanism name (RFC 5801) of mech_btns; with channel binding,
 * "GS2-BTNS-PLUS". */
#define GSS_BTNS_SASL_NAME "GS2-BTNS"

#ifdef __cplusplus
}
#endif

#endif
