/* SPDX-License-Identifier: BSD-2-Clause */
#include "minor.h"

bool btns_is_own_minor(OM_uint32 minor)
{
	return minor > BTNS_MINOR_BASE && minor < BTNS_ERR_LAST;
}

const char *btns_minor_message(OM_uint32 minor)
{
	switch ((enum btns_minor)minor) {
	case BTNS_ERR_NO_MEMORY:
		return "mech_btns: out of memory";
	case BTNS_ERR_NO_KRB5:
		return "mech_btns: the krb5 mechanism cannot be reached through libgssapi_krb5";
	case BTNS_ERR_BAD_TOKEN:
		return "mech_btns: a malformed, truncated or unexpected token";
	case BTNS_ERR_BAD_SOCKET:
		return "mech_btns: the credential's socket cannot be asked for its IPsec protection";
	case BTNS_ERR_NOT_IPSEC:
		return "mech_btns: the socket is not protected by IPsec in both directions, so "
		       "there is no channel to bind to";
	case BTNS_ERR_NOT_BOUND:
		return "mech_btns: the peer did not bind its authentication to the IPsec channel";
	case BTNS_ERR_BAD_CONFIRMATION:
		return "mech_btns: the acceptor's confirmation of the channel binding did not "
		       "verify";
	case BTNS_ERR_OUT_OF_SEQUENCE:
		return "mech_btns: a message out of sequence (replayed, lost or reordered)";
	case BTNS_ERR_LATCH_BROKEN:
		return "mech_btns: a message without a second encryption while the IPsec "
		       "connection latch is not ESTABLISHED";
	case BTNS_ERR_BAD_CRED_STORE:
		return "mech_btns: btns-socket in the credential store is not an open socket "
		       "descriptor";
	case BTNS_ERR_BINDING_MISMATCH:
		return "mech_btns: the initiator's channel binding differs from the acceptor's "
		       "(another IPsec channel, or a man in the middle)";
	case BTNS_ERR_BRIDGED_EXPORT:
		return "mech_btns: a context that skips the second encryption cannot be exported: "
		       "its socket and latch cannot travel with it";
	case BTNS_ERR_NO_SEQUENCE_START:
		return "mech_btns: krb5's pseudo-random function (gss_pseudo_random) gave no "
		       "starting sequence numbers for messages without a second encryption";
	case BTNS_ERR_NOT_ESTABLISHED:
		return "mech_btns: the security context is not established";
	case BTNS_ERR_BAD_IOV:
		return "mech_btns: IOV buffers of an unknown type, a type given twice, or no "
		       "HEADER (or STREAM) buffer";
	case BTNS_ERR_SHORT_BUFFER:
		return "mech_btns: an IOV buffer too short for what it must hold (see "
		       "gss_wrap_iov_length)";
	case BTNS_ERR_UNKNOWN_STRENGTH:
		return "mech_btns: the strength of the IPsec SA that protects the messages cannot "
		       "be known";
	case BTNS_ERR_BAD_NAME:
		return "mech_btns: a malformed exported name, or one of another mechanism";
	case BTNS_ERR_LAST:
		break;
	}
	return "mech_btns: unknown error";
}
