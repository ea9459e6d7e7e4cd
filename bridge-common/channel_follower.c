/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The channel follower (channel_follower.h).  The latch watch is made at
 * the first question, not with the follower: it costs a kernel query,
 * which connections that never bridge do not pay.
 */
#include <stdlib.h>
#include <string.h>

#include <ipsecapi.h>

#include "bridgeable.h"
#include "channel_follower.h"
#include "kernel_latch.h"

struct btns_channel_follower {
	uint8_t *binding;
	size_t binding_len;
	int latched_socket; /* -1: cannot bridge, nothing to watch */
	const struct btns_latch_source *source;
	void *watch;    /* the source's, from the first question on */
	uint16_t latch; /* the latest state; 0 until the first news */
	bool unknown;   /* the state can no longer be known */
};

static void wipe_free(void *p, size_t len)
{
	if (p != NULL) {
		explicit_bzero(p, len);
		free(p);
	}
}

/* Takes binding, which the caller allocated, whatever the outcome. */
static int follower_make(uint8_t *binding, size_t len, int latched_socket,
			 const struct btns_latch_source *latch, struct btns_channel_follower **out)
{
	struct btns_channel_follower *f = calloc(1, sizeof(*f));

	if (f == NULL) {
		wipe_free(binding, len);
		return BTNS_CHANNEL_E_NO_MEMORY;
	}
	f->binding = binding;
	f->binding_len = len;
	f->latched_socket = latched_socket >= 0 ? latched_socket : -1;
	f->source = latch != NULL ? latch : &btns_kernel_latch;
	*out = f;
	return 0;
}

int btns_channel_follower_create(int socket, const struct btns_latch_source *latch,
				 struct btns_channel_follower **out)
{
	ipsec_pToken_t p = NULL;
	ipsec_iToken_t peer = NULL;
	void *val = &peer, *binding = NULL;
	uint32_t plen = sizeof(peer), len = 0;
	int rc;

	if (socket < 0 || out == NULL) {
		return BTNS_CHANNEL_E_INVALID;
	}
	*out = NULL;
	if (ipsec_get_socket_pToken(socket, &p) != 0) {
		return BTNS_CHANNEL_E_SOCKET;
	}
	/* The peer's iToken carries the binding only where an SA pair
	 * protects the connection both ways. */
	if (ipsec_get_token_attr(p, IPSEC_API_ATTR_iToken, &plen, &val) != 0 ||
	    ipsec_get_token_attr(peer, IPSEC_API_ATTR_channelBindingData, &len, &binding) != 0 ||
	    len == 0) {
		rc = BTNS_CHANNEL_E_NOT_IPSEC;
		wipe_free(binding, len);
	} else {
		rc = follower_make(binding, len, btns_bridgeable(p) ? socket : -1, latch, out);
	}
	ipsec_free_iToken(peer);
	ipsec_free_pToken(p);
	return rc;
}

int btns_channel_follower_create_known(const uint8_t *binding, size_t len, int latched_socket,
				       const struct btns_latch_source *latch,
				       struct btns_channel_follower **out)
{
	uint8_t *copy;

	if (binding == NULL || len == 0 || out == NULL) {
		return BTNS_CHANNEL_E_INVALID;
	}
	*out = NULL;
	copy = malloc(len);
	if (copy == NULL) {
		return BTNS_CHANNEL_E_NO_MEMORY;
	}
	memcpy(copy, binding, len);
	return follower_make(copy, len, latched_socket, latch, out);
}

static void stop_watching(struct btns_channel_follower *f)
{
	if (f->watch != NULL) {
		f->source->unwatch(f->watch);
		f->watch = NULL;
	}
}

void btns_channel_follower_free(struct btns_channel_follower *f)
{
	if (f == NULL) {
		return;
	}
	stop_watching(f);
	wipe_free(f->binding, f->binding_len);
	free(f);
}

const uint8_t *btns_channel_follower_binding(const struct btns_channel_follower *f, size_t *len)
{
	*len = f != NULL ? f->binding_len : 0;
	return f != NULL ? f->binding : NULL;
}

int btns_channel_follower_latched_socket(const struct btns_channel_follower *f)
{
	return f != NULL ? f->latched_socket : -1;
}

/* No watch can tell the state any more: broken, for good. */
static bool lose_the_latch(struct btns_channel_follower *f)
{
	f->unknown = true;
	f->latch = 0;
	stop_watching(f);
	return false;
}

bool btns_channel_follower_latch_holds(struct btns_channel_follower *f)
{
	uint16_t state;

	if (f == NULL || f->latched_socket < 0 || f->unknown) {
		return false;
	}
	if (f->watch == NULL) {
		f->watch = f->source->watch(f->latched_socket);
		if (f->watch == NULL) {
			return lose_the_latch(f);
		}
	}
	switch (f->source->news(f->watch, &state)) {
	case 1:
		f->latch = state;
		break;
	case 0:
		break;
	default:
		return lose_the_latch(f);
	}
	return f->latch == IPSEC_API_LATCH_ESTABLISHED;
}
