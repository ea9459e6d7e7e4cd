/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What stands in for the socket's IPsec channel in the tests of bridged
 * contexts with a real KDC (the linker's --wrap of btns_channel_make): a
 * channel bound to IPsec by the application's binding is one whose latch
 * is the stand-in's (stand_in_latch.h), ESTABLISHED with privacy and
 * integrity unless the test says otherwise.
 */
#include "mech.h"
#include "stand_in_latch.h"

OM_uint32 __real_btns_channel_make(OM_uint32 *minor, int socket, const gss_channel_bindings_t cb,
				   struct btns_channel *ch);
OM_uint32 __wrap_btns_channel_make(OM_uint32 *minor, int socket, const gss_channel_bindings_t cb,
				   struct btns_channel *ch);

OM_uint32 __wrap_btns_channel_make(OM_uint32 *minor, int socket, const gss_channel_bindings_t cb,
				   struct btns_channel *ch)
{
	OM_uint32 major = __real_btns_channel_make(minor, socket, cb, ch);

	if (major == GSS_S_COMPLETE && ch->ipsec) {
		stand_in_latch_follow(ch);
	}
	return major;
}
