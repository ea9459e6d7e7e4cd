/* SPDX-License-Identifier: BSD-2-Clause */
/* mech_btns's own minor status codes, which gss_display_status explains;
 * other minor codes are krb5's, passed through. */
#ifndef BTNS_MINOR_H
#define BTNS_MINOR_H

#include <gssapi/gssapi.h>
#include <stdbool.h>

#define BTNS_MINOR_BASE 0x42540000u /* "BT" */

enum btns_minor {
	BTNS_ERR_NO_MEMORY = BTNS_MINOR_BASE + 1,
	BTNS_ERR_NO_KRB5,         /* the mechglue's functions cannot be found */
	BTNS_ERR_BAD_TOKEN,       /* malformed, truncated or of another kind */
	BTNS_ERR_BAD_SOCKET,      /* the credential's socket cannot be asked */
	BTNS_ERR_NOT_IPSEC,       /* the socket is not protected by IPsec in both directions */
	BTNS_ERR_NOT_BOUND,       /* the peer did not bind to the channel */
	BTNS_ERR_BAD_CONFIRMATION, /* the acceptor's confirmation did not verify */
	BTNS_ERR_OUT_OF_SEQUENCE, /* a bridged message out of sequence */
	BTNS_ERR_LATCH_BROKEN,    /* a bridged message while the latch is not ESTABLISHED */
	BTNS_ERR_BAD_CRED_STORE,  /* a btns-socket value that is not a descriptor */
	BTNS_ERR_NOT_ESTABLISHED, /* the context is not established yet */
	BTNS_ERR_BINDING_MISMATCH, /* krb5 found the peer's channel binding different */
	BTNS_ERR_BRIDGED_EXPORT,  /* a bridged context cannot be exported */
	BTNS_ERR_NO_SEQUENCE_START, /* krb5's PRF gave no starting sequence numbers */
	BTNS_ERR_BAD_IOV,         /* IOV buffers of unknown types, repeated, or without a HEADER */
	BTNS_ERR_SHORT_BUFFER,    /* an IOV buffer too short for what it must hold */
	BTNS_ERR_UNKNOWN_STRENGTH, /* the IPsec SA's encryption strength cannot be known */
	BTNS_ERR_BAD_NAME,        /* an exported name token that is malformed or not mech_btns's */
	BTNS_ERR_LAST
};

bool btns_is_own_minor(OM_uint32 minor);
const char *btns_minor_message(OM_uint32 minor);

#endif
