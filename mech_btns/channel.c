/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The IPsec channel of a connection, through libipsecapi: its unique
 * channel binding, and its latch.
 */
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "bridgeable.h"
#include "mech.h"
#include "minor.h"

/* The socket's IPsec binding (RFC 5056 form), into *data, and whether its
 * messages could go without a second encryption. */
static OM_uint32 socket_binding(OM_uint32 *minor, int socket, void **data, uint32_t *len,
				bool *can_bridge)
{
	ipsec_pToken_t p = NULL;
	ipsec_iToken_t peer = NULL;
	void *val = &peer;
	uint32_t plen = sizeof(peer);
	OM_uint32 major = GSS_S_FAILURE;

	*data = NULL;
	*len = 0;
	if (ipsec_get_socket_pToken(socket, &p) != 0) {
		*minor = BTNS_ERR_BAD_SOCKET;
		return GSS_S_FAILURE;
	}
	if (ipsec_get_token_attr(p, IPSEC_API_ATTR_iToken, &plen, &val) != 0 ||
	    ipsec_get_token_attr(peer, IPSEC_API_ATTR_channelBindingData, len, data) != 0) {
		*minor = BTNS_ERR_NOT_IPSEC; /* no SA pair, no unique binding */
		goto out;
	}
	*can_bridge = btns_bridgeable(p);
	major = GSS_S_COMPLETE;
out:
	ipsec_free_iToken(peer);
	ipsec_free_pToken(p);
	return major;
}

static void wipe_free(void *p, size_t len)
{
	if (p != NULL) {
		explicit_bzero(p, len);
		free(p);
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
	void *ipsec = NULL;
	uint32_t ipsec_len = 0;
	OM_uint32 major;

	memset(ch, 0, sizeof(*ch));
	if (socket >= 0) {
		major = socket_binding(minor, socket, &ipsec, &ipsec_len, &ch->can_bridge);
		if (major != GSS_S_COMPLETE) {
			return major;
		}
		ch->ipsec = true;
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
			wipe_free(ipsec, ipsec_len);
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
	wipe_free(ipsec, ipsec_len);
	return GSS_S_COMPLETE;
}

void btns_channel_clear(struct btns_channel *ch)
{
	if (ch->binding.value != NULL) {
		explicit_bzero(ch->binding.value, ch->binding.length);
		free(ch->binding.value);
	}
	memset(ch, 0, sizeof(*ch));
}

/* The watch of a bridged context's latch, made at its first use; its
 * first event is the latch's state then. */
static bool watch_latch(struct btns_ctx *ctx)
{
	int fd;

	ctx->watch = ipsec_create_latch_watch();
	if (ctx->watch == NULL || ipsec_watch_latch(ctx->watch, ctx->socket) != 0 ||
	    ipsec_next_latch_event(ctx->watch, &fd, &ctx->latch) != 1) {
		ipsec_free_latch_watch(ctx->watch);
		ctx->watch = NULL;
		return false;
	}
	return true;
}

bool btns_latch_holds(struct btns_ctx *ctx)
{
	struct pollfd p;
	uint16_t state;
	int fd;

	if (!ctx->bridged || ctx->socket < 0) {
		return false;
	}
	if (ctx->watch == NULL) {
		return watch_latch(ctx) && ctx->latch == IPSEC_API_LATCH_ESTABLISHED;
	}
	p.fd = ipsec_latch_watch_fd(ctx->watch);
	p.events = POLLIN;
	if (poll(&p, 1, 0) > 0) {
		int rc;

		while ((rc = ipsec_next_latch_event(ctx->watch, &fd, &state)) == 1) {
			ctx->latch = state;
		}
		if (rc < 0) {
			ctx->latch = 0; /* unknown: not ESTABLISHED */
		}
	}
	return ctx->latch == IPSEC_API_LATCH_ESTABLISHED;
}
