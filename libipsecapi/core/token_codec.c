/* SPDX-License-Identifier: BSD-2-Clause */
/* The byte form of a token (token_codec.h): strict both ways. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "error.h"
#include "token_codec.h"

#define MAGIC_LEN 4
#define VERSION 1
#define HEADER_LEN (MAGIC_LEN + 1)
#define ENTRY_HEADER_LEN 4

static const char *magic_of(const struct ipsecapi_token_kind *kind)
{
	return kind == &ipsecapi_itoken_kind ? "iTok" : "pTok";
}

static uint8_t *put_u16(uint8_t *p, uint16_t x)
{
	x = htons(x);
	memcpy(p, &x, sizeof(x));
	return p + sizeof(x);
}

static uint16_t get_u16(const uint8_t *p)
{
	uint16_t x;

	memcpy(&x, p, sizeof(x));
	return ntohs(x);
}

/* The length of one value's entry, or more than UINT16_MAX if it cannot
 * have one. */
static uint32_t value_len(const struct ipsecapi_attr_desc *d, const struct ipsecapi_value *v)
{
	switch ((enum ipsecapi_value_type)d->type) {
	case IPSECAPI_VT_U16:
		return sizeof(uint16_t);
	case IPSECAPI_VT_STRING:
		return v->len - 1;
	case IPSECAPI_VT_ITOKEN:
		return ipsecapi_wire_size(v->data, false, NULL);
	default:
		return v->len;
	}
}

/* Whether attribute i of t has an entry. */
static bool has_entry(const struct ipsecapi_token *t, size_t i, bool writable_only)
{
	return t->values[i].present && (!writable_only || t->kind->attrs[i].writable);
}

uint32_t ipsecapi_wire_size(const struct ipsecapi_token *t, bool writable_only, const char *fn)
{
	uint32_t size = HEADER_LEN, vlen;
	size_t i;

	for (i = 0; i < t->kind->nattrs; i++) {
		if (!has_entry(t, i, writable_only)) {
			continue;
		}
		vlen = value_len(&t->kind->attrs[i], &t->values[i]);
		if (vlen == 0 && t->kind->attrs[i].type == IPSECAPI_VT_ITOKEN) {
			vlen = UINT32_MAX; /* the nested iToken did not fit */
		}
		if (vlen > UINT16_MAX) {
			if (fn != NULL) {
				ipsecapi_fail(E2BIG, fn, "%s does not fit an entry of the %s's byte form",
					      ipsecapi_name(t->kind->attrs[i].id), t->kind->name);
			}
			return 0;
		}
		size += ENTRY_HEADER_LEN + vlen;
	}
	if (t->has_selector && !writable_only) {
		size += ENTRY_HEADER_LEN + IPSECAPI_WIRE_SELECTOR_LEN;
	}
	return size;
}

static uint8_t *put_selector(uint8_t *p, const struct ipsecapi_selector *s)
{
	p = put_u16(p, IPSECAPI_WIRE_SELECTOR);
	p = put_u16(p, IPSECAPI_WIRE_SELECTOR_LEN);
	*p++ = s->family;
	*p++ = s->proto;
	*p++ = s->src_prefixlen;
	*p++ = s->dst_prefixlen;
	p = put_u16(p, s->src_port);
	p = put_u16(p, s->dst_port);
	memcpy(p, s->src, sizeof(s->src));
	memcpy(p + 16, s->dst, sizeof(s->dst));
	return p + 32;
}

void ipsecapi_wire_write(const struct ipsecapi_token *t, bool writable_only, uint8_t *out)
{
	uint8_t *p = out;
	size_t i;

	memcpy(p, magic_of(t->kind), MAGIC_LEN);
	p += MAGIC_LEN;
	*p++ = VERSION;
	for (i = 0; i < t->kind->nattrs; i++) {
		const struct ipsecapi_attr_desc *d = &t->kind->attrs[i];
		const struct ipsecapi_value *v = &t->values[i];
		uint32_t vlen, u32;

		if (!has_entry(t, i, writable_only)) {
			continue;
		}
		vlen = value_len(d, v);
		p = put_u16(p, d->id);
		p = put_u16(p, (uint16_t)vlen);
		switch ((enum ipsecapi_value_type)d->type) {
		case IPSECAPI_VT_U16:
			p = put_u16(p, v->u16);
			break;
		case IPSECAPI_VT_U32:
			memcpy(&u32, v->data, sizeof(u32));
			u32 = htonl(u32);
			memcpy(p, &u32, sizeof(u32));
			p += sizeof(u32);
			break;
		case IPSECAPI_VT_ITOKEN:
			ipsecapi_wire_write(v->data, false, p);
			p += vlen;
			break;
		default:
			memcpy(p, v->data, vlen);
			p += vlen;
		}
	}
	if (t->has_selector && !writable_only) {
		put_selector(p, &t->selector);
	}
}

static int read_selector(struct ipsecapi_token *t, const uint8_t *p, uint16_t vlen, const char *fn)
{
	struct ipsecapi_selector *s = &t->selector;
	unsigned int max;

	memset(s, 0, sizeof(*s));
	if (vlen != IPSECAPI_WIRE_SELECTOR_LEN) {
		return ipsecapi_fail(EBADMSG, fn, "the selector has length %u, not %u", (unsigned)vlen,
				     IPSECAPI_WIRE_SELECTOR_LEN);
	}
	s->family = p[0];
	s->proto = p[1];
	s->src_prefixlen = p[2];
	s->dst_prefixlen = p[3];
	s->src_port = get_u16(p + 4);
	s->dst_port = get_u16(p + 6);
	memcpy(s->src, p + 8, 16);
	memcpy(s->dst, p + 24, 16);
	max = s->family == AF_INET ? 32 : 128;
	if ((s->family != AF_INET && s->family != AF_INET6) || s->src_prefixlen > max ||
	    s->dst_prefixlen > max) {
		memset(s, 0, sizeof(*s));
		return ipsecapi_fail(EBADMSG, fn, "the selector's family or prefix is not valid");
	}
	t->has_selector = true;
	return 0;
}

/* Stores one entry's value, turned back into the accessor's form. */
static int store_entry_value(struct ipsecapi_token *t, int index, const uint8_t *val, uint16_t vlen,
			     const char *fn)
{
	const struct ipsecapi_attr_desc *d = &t->kind->attrs[index];
	struct ipsecapi_token *nested;
	uint16_t u16;
	uint32_t u32;
	int rc;

	switch ((enum ipsecapi_value_type)d->type) {
	case IPSECAPI_VT_U16:
		if (vlen != sizeof(u16)) {
			return ipsecapi_fail(EBADMSG, fn, "%s has length %u, not 2",
					     ipsecapi_name(d->id), (unsigned)vlen);
		}
		u16 = get_u16(val);
		if (ipsecapi_attr_has_default(d) && u16 == IPSEC_API_ATTR_ANY) {
			return ipsecapi_fail(EBADMSG, fn, "%s is ANY, which the canonical form omits",
					     ipsecapi_name(d->id));
		}
		rc = ipsecapi_token_store(t, index, sizeof(u16), &u16, fn);
		break;
	case IPSECAPI_VT_U32:
		if (vlen != sizeof(u32)) {
			return ipsecapi_fail(EBADMSG, fn, "%s has length %u, not 4",
					     ipsecapi_name(d->id), (unsigned)vlen);
		}
		memcpy(&u32, val, sizeof(u32));
		u32 = ntohl(u32);
		rc = ipsecapi_token_store(t, index, sizeof(u32), &u32, fn);
		break;
	case IPSECAPI_VT_ITOKEN:
		if (ipsecapi_wire_read(&ipsecapi_itoken_kind, val, vlen, false, &nested, fn) != 0) {
			return -1;
		}
		rc = ipsecapi_token_store(t, index, sizeof(nested), &nested, fn);
		ipsecapi_token_free(nested);
		break;
	default:
		rc = ipsecapi_token_store_unterminated(t, index, val, vlen, fn);
	}
	if (rc != 0 && errno == EINVAL) {
		/* A value that the setter refuses is a malformed encoding. */
		errno = EBADMSG;
	}
	return rc;
}

int ipsecapi_wire_read(const struct ipsecapi_token_kind *kind, const uint8_t *buf, size_t len,
		       bool writable_only, struct ipsecapi_token **out, const char *fn)
{
	const uint8_t *p = buf, *end = buf + len;
	struct ipsecapi_token *t;
	int last = -1, index, saved;

	if (len < HEADER_LEN || memcmp(p, magic_of(kind), MAGIC_LEN) != 0) {
		return ipsecapi_fail(EBADMSG, fn, "not an exported %s", kind->name);
	}
	if (p[MAGIC_LEN] != VERSION) {
		return ipsecapi_fail(ENOTSUP, fn,
				     "%s encoding version %u is not supported (this library reads %u)",
				     kind->name, (unsigned)p[MAGIC_LEN], VERSION);
	}
	t = ipsecapi_token_new(kind);
	if (t == NULL) {
		return ipsecapi_fail(ENOMEM, fn, "no memory for %s", kind->a_name);
	}
	p += HEADER_LEN;
	while (p < end) {
		uint16_t type, vlen;

		if ((size_t)(end - p) < ENTRY_HEADER_LEN) {
			ipsecapi_fail(EBADMSG, fn, "truncated entry header at offset %zu",
				      (size_t)(p - buf));
			goto fail;
		}
		type = get_u16(p);
		vlen = get_u16(p + 2);
		if ((size_t)(end - p - ENTRY_HEADER_LEN) < vlen) {
			ipsecapi_fail(EBADMSG, fn, "entry at offset %zu overruns the buffer",
				      (size_t)(p - buf));
			goto fail;
		}
		if (t->has_selector) {
			ipsecapi_fail(EBADMSG, fn, "an entry follows the selector");
			goto fail;
		}
		if (type == IPSECAPI_WIRE_SELECTOR && kind == &ipsecapi_ptoken_kind && !writable_only) {
			if (read_selector(t, p + ENTRY_HEADER_LEN, vlen, fn) != 0) {
				goto fail;
			}
			p += ENTRY_HEADER_LEN + vlen;
			continue;
		}
		index = ipsecapi_attr_index(kind, type);
		if (index < 0 || (writable_only && !kind->attrs[index].writable)) {
			ipsecapi_fail(EBADMSG, fn, "0x%04x is not %s attribute%s", (unsigned)type,
				      kind->a_name, index < 0 ? "" : " that a request may set");
			goto fail;
		}
		if (index <= last) {
			ipsecapi_fail(EBADMSG, fn, "%s is repeated or out of order",
				      ipsecapi_name(type));
			goto fail;
		}
		last = index;
		if (store_entry_value(t, index, p + ENTRY_HEADER_LEN, vlen, fn) != 0) {
			goto fail;
		}
		p += ENTRY_HEADER_LEN + vlen;
	}
	*out = t;
	return 0;
fail:
	saved = errno;
	ipsecapi_token_free(t);
	errno = saved;
	return -1;
}
