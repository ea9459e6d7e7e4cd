/* SPDX-License-Identifier: BSD-2-Clause */
#include <gssapi/gssapi_alloc.h>
#include <string.h>

#include "be64.h"
#include "btns_token.h"

#define HEADER_LEN BTNS_TOKEN_PREFIX_LEN
#define CONFIRM_LABEL "mech_btns-confirm-v1"

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint8_t *put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
	return p + 4;
}

/* A length-prefixed field at *p, of the len octets left: advances both. */
static int take_field(const uint8_t **p, size_t *len, gss_buffer_t field)
{
	uint32_t n;

	if (*len < 4) {
		return -1;
	}
	n = get32(*p);
	if (*len - 4 < n) {
		return -1;
	}
	field->length = n;
	field->value = n > 0 ? (void *)(*p + 4) : NULL;
	*p += 4 + n;
	*len -= 4 + (size_t)n;
	return 0;
}

int btns_token_parse(const gss_buffer_t in, struct btns_token *t)
{
	const uint8_t *p = in != NULL ? in->value : NULL;
	size_t len = in != NULL ? in->length : 0;

	memset(t, 0, sizeof(*t));
	if (p == NULL || len < HEADER_LEN || p[0] != BTNS_TOKEN_VERSION || p[3] != 0) {
		return -1;
	}
	t->type = p[1];
	t->flags = p[2];
	p += HEADER_LEN;
	len -= HEADER_LEN;
	switch (t->type) {
	case BTNS_TOK_INIT:
		if (take_field(&p, &len, &t->inner) != 0) {
			return -1;
		}
		break;
	case BTNS_TOK_ACCEPT:
		if (take_field(&p, &len, &t->inner) != 0 || take_field(&p, &len, &t->mic) != 0) {
			return -1;
		}
		break;
	case BTNS_TOK_BRIDGED:
		if (t->flags != 0 || len < 8) {
			return -1;
		}
		t->seq = btns_get_be64(p);
		t->inner.length = len - 8;
		t->inner.value = len > 8 ? (void *)(p + 8) : NULL;
		return 0;
	case BTNS_TOK_KRB5:
	case BTNS_TOK_MIC:
		if (t->flags != 0 || len == 0) {
			return -1;
		}
		t->inner.length = len;
		t->inner.value = (void *)p;
		return 0;
	default:
		return -1;
	}
	return len == 0 ? 0 : -1;
}

int btns_token_header_parse(const gss_buffer_t header, struct btns_token *t)
{
	const uint8_t *p = header != NULL ? header->value : NULL;
	size_t len = header != NULL ? header->length : 0;

	memset(t, 0, sizeof(*t));
	if (p == NULL || len < HEADER_LEN || p[0] != BTNS_TOKEN_VERSION || p[2] != 0 || p[3] != 0) {
		return -1;
	}
	t->type = p[1];
	switch (t->type) {
	case BTNS_TOK_BRIDGED:
		if (len != BTNS_BRIDGED_HEADER_LEN) {
			return -1;
		}
		t->seq = btns_get_be64(p + HEADER_LEN);
		return 0;
	case BTNS_TOK_KRB5:
		if (len == HEADER_LEN) {
			return -1;
		}
		t->inner.length = len - HEADER_LEN;
		t->inner.value = (void *)(p + HEADER_LEN);
		return 0;
	default:
		return -1;
	}
}

size_t btns_token_header_put(uint8_t type, uint64_t seq, uint8_t *p)
{
	p[0] = BTNS_TOKEN_VERSION;
	p[1] = type;
	p[2] = 0;
	p[3] = 0;
	if (type != BTNS_TOK_BRIDGED) {
		return HEADER_LEN;
	}
	btns_put_be64(p + HEADER_LEN, seq);
	return BTNS_BRIDGED_HEADER_LEN;
}

int btns_token_build(const struct btns_token *t, gss_buffer_t out)
{
	size_t len = HEADER_LEN + t->inner.length;
	uint8_t *p;

	if (t->type == BTNS_TOK_INIT || t->type == BTNS_TOK_ACCEPT) {
		len += 4;
	}
	if (t->type == BTNS_TOK_ACCEPT) {
		len += 4 + t->mic.length;
	}
	if (t->type == BTNS_TOK_BRIDGED) {
		len += 8;
	}
	out->value = p = gssalloc_malloc(len);
	if (p == NULL) {
		out->length = 0;
		return -1;
	}
	out->length = len;
	if (t->type == BTNS_TOK_INIT || t->type == BTNS_TOK_ACCEPT) {
		p[0] = BTNS_TOKEN_VERSION;
		p[1] = t->type;
		p[2] = t->flags;
		p[3] = 0;
		p = put32(p + HEADER_LEN, (uint32_t)t->inner.length);
	} else {
		p += btns_token_header_put(t->type, t->seq, p);
	}
	if (t->inner.length > 0) {
		memcpy(p, t->inner.value, t->inner.length);
		p += t->inner.length;
	}
	if (t->type == BTNS_TOK_ACCEPT) {
		p = put32(p, (uint32_t)t->mic.length);
		if (t->mic.length > 0) {
			memcpy(p, t->mic.value, t->mic.length);
		}
	}
	return 0;
}

int btns_confirmation(uint8_t init_flags, uint8_t accept_flags, const gss_buffer_t binding,
		      gss_buffer_t out)
{
	size_t n = binding != NULL ? binding->length : 0;
	size_t len = sizeof(CONFIRM_LABEL) + 2 + 4 + n;
	uint8_t *p = gssalloc_malloc(len);

	out->value = p;
	out->length = p != NULL ? len : 0;
	if (p == NULL) {
		return -1;
	}
	memcpy(p, CONFIRM_LABEL, sizeof(CONFIRM_LABEL)); /* with its NUL */
	p += sizeof(CONFIRM_LABEL);
	*p++ = init_flags;
	*p++ = accept_flags;
	p = put32(p, (uint32_t)n);
	if (n > 0) {
		memcpy(p, binding->value, n);
	}
	return 0;
}

int btns_frame_parse(const gss_buffer_t in, gss_OID_desc *oid, gss_buffer_t inner)
{
	const uint8_t *p = in != NULL ? in->value : NULL;
	size_t len = in != NULL ? in->length : 0, body, n, i;

	if (p == NULL || len < 2 || p[0] != 0x60) {
		return -1;
	}
	p++;
	len--;
	if (*p < 0x80) { /* the DER length of what follows */
		body = *p++;
		len--;
	} else {
		n = *p++ & 0x7f;
		len--;
		if (n == 0 || n > 4 || len < n) {
			return -1;
		}
		for (body = 0, i = 0; i < n; i++) {
			body = body << 8 | *p++;
		}
		len -= n;
		if (body < 0x80) {
			return -1; /* not the shortest form */
		}
	}
	if (body != len || len < 2 || p[0] != 0x06 || p[1] == 0 || p[1] >= 0x80 ||
	    (size_t)p[1] > len - 2) {
		return -1;
	}
	oid->length = p[1];
	oid->elements = (void *)(p + 2);
	inner->length = len - 2 - p[1];
	inner->value = (void *)(p + 2 + p[1]);
	return 0;
}
