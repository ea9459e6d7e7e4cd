/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The channel a context binds to: the IPsec channel of its socket, which
 * the channel follower (bridge-common) reads and then follows, and the
 * application's channel bindings.
 */
#include <stdlib.h>
#include <string.h>

#include "channel_follower.h"
#include "mech.h"
#include "minor.h"

static OM_uint32 minor_of(int follower_error)
{
	switch (follower_error) {
	case BTNS_CHANNEL_E_NOT_IPSEC:
		return BTNS_ERR_NOT_IPSEC; /* no SA pair, no unique binding */
	case BTNS_CHANNEL_E_NO_MEMORY:
		return BTNS_ERR_NO_MEMORY;
	default:
		return BTNS_ERR_BAD_SOCKET;
	}
}

static bool has_prefix(const gss_buffer_t b, const char *prefix)
{
	size_t n = strlen(prefix);

	return b->length > n && memcmp(b->value, prefix, n) == 0;
}

OM_uint32 btns_channel_make(OM_uint32 *minor, int socket, const gss_channel_bindings_t cb,
			    struct btns_channel *ch)
{
	gss_buffer_desc app = GSS_C_EMPTY_BUFFER;
	const uint8_t *ipsec = NULL;
	size_t ipsec_len = 0;
	int rc;

	memset(ch, 0, sizeof(*ch));
	if (socket >= 0) {
		rc = btns_channel_follower_create(socket, NULL, &ch->follower);
		if (rc != 0) {
			*minor = minor_of(rc);
			return GSS_S_FAILURE;
		}
		ipsec = btns_channel_follower_binding(ch->follower, &ipsec_len);
		ch->ipsec = true;
		ch->can_bridge = btns_channel_follower_latched_socket(ch->follower) >= 0;
	}
	if (cb != GSS_C_NO_CHANNEL_BINDINGS) {
		app = cb->application_data;
		/* An application that hands over an IPsec binding itself. */
		ch->ipsec |= has_prefix(&app, "ipsec-sa-unique-v1:") ||
			     has_prefix(&app, "IPsec-end-point-IKEv2-pubkey-sha-256:");
	}
	ch->binding.length = ipsec_len + app.length;
	if (ch->binding.length > 0) {
		ch->binding.value = malloc(ch->binding.length);
		if (ch->binding.value == NULL) {
			btns_channel_clear(ch);
			*minor = BTNS_ERR_NO_MEMORY;
			return GSS_S_FAILURE;
		}
		if (ipsec_len > 0) {
			memcpy(ch->binding.value, ipsec, ipsec_len);
		}
		if (app.length > 0) {
			memcpy((uint8_t *)ch->binding.value + ipsec_len, app.value, app.length);
		}
	}
	return GSS_S_COMPLETE;
}

void btns_channel_clear(struct btns_channel *ch)
{
	if (ch->binding.value != NULL) {
		explicit_bzero(ch->binding.value, ch->binding.length);
		free(ch->binding.value);
	}
	btns_channel_follower_free(ch->follower);
	memset(ch, 0, sizeof(*ch));
}
