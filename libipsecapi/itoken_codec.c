/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The byte form of an iToken (abstract API section 3: iTokens serialize,
 * pTokens do not).  Version 1:
 *
 *   "iTok" (4 octets), version (1 octet, 1),
 *   then one entry per attribute that is set, in ascending type order:
 *     type (2 octets), length (2 octets), value (length octets),
 *   integers in network order.  A uint16_t value is 2 octets; a string is
 *   its octets without the NUL; bytes are themselves.
 *
 * The form is canonical (ascending types, each once, no entry for a
 * writable attribute left at ANY), so equal iTokens give equal bytes, and
 * import accepts nothing else.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipsecapi.h"
#include "error.h"
#include "token.h"

#define CODEC_MAGIC "iTok"
#define CODEC_MAGIC_LEN 4
#define CODEC_VERSION 1
#define CODEC_HEADER_LEN (CODEC_MAGIC_LEN + 1)
#define ENTRY_HEADER_LEN 4

static uint32_t entry_value_len(const struct ipsecapi_attr_desc *d,
				const struct ipsecapi_value *v)
{
	switch ((enum ipsecapi_value_type)d->type) {
	case IPSECAPI_VT_U16:
		return sizeof(uint16_t);
	case IPSECAPI_VT_STRING:
		return v->len - 1;
	default:
		return v->len;
	}
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

int ipsec_export_iToken(ipsec_iToken_t it, uint32_t *len, void **buf)
{
	struct ipsecapi_token *t = ipsecapi_token_check(it, &ipsecapi_itoken_kind, __func__);
	uint32_t size = CODEC_HEADER_LEN;
	uint8_t *p;
	void *dst;
	size_t i;

	if (t == NULL) {
		return -1;
	}
	for (i = 0; i < t->kind->nattrs; i++) {
		if (t->values[i].present) {
			size += ENTRY_HEADER_LEN + entry_value_len(&t->kind->attrs[i], &t->values[i]);
		}
	}
	if (ipsecapi_out_begin(size, len, buf, &dst, __func__) != 0) {
		return -1;
	}
	if (dst == NULL) {
		return 0;
	}
	p = dst;
	memcpy(p, CODEC_MAGIC, CODEC_MAGIC_LEN);
	p += CODEC_MAGIC_LEN;
	*p++ = CODEC_VERSION;
	for (i = 0; i < t->kind->nattrs; i++) {
		const struct ipsecapi_attr_desc *d = &t->kind->attrs[i];
		const struct ipsecapi_value *v = &t->values[i];
		uint32_t vlen = entry_value_len(d, v);

		if (!v->present) {
			continue;
		}
		p = put_u16(p, d->id);
		p = put_u16(p, (uint16_t)vlen);
		if (d->type == IPSECAPI_VT_U16) {
			p = put_u16(p, v->u16);
		} else {
			memcpy(p, v->data, vlen);
			p += vlen;
		}
	}
	ipsecapi_out_end(size, len, buf, dst);
	return 0;
}

/* Stores one entry's value, turned back into the accessor's form. */
static int import_value(struct ipsecapi_token *t, int index, const uint8_t *val,
			uint16_t vlen, const char *fn)
{
	const struct ipsecapi_attr_desc *d = &t->kind->attrs[index];
	uint16_t u16;
	int rc;

	if (d->type == IPSECAPI_VT_U16) {
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
	} else {
		rc = ipsecapi_token_store_unterminated(t, index, val, vlen, fn);
	}
	if (rc != 0 && errno == EINVAL) {
		/* A value that the setter refuses is a malformed encoding. */
		errno = EBADMSG;
	}
	return rc;
}

int ipsec_import_iToken(const void *buf, uint32_t len, ipsec_iToken_t *it)
{
	const uint8_t *p = buf, *end;
	struct ipsecapi_token *t;
	int last = -1, index;

	if (it == NULL || buf == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "%s is NULL", it == NULL ? "it" : "buf");
	}
	if (len < CODEC_HEADER_LEN || memcmp(p, CODEC_MAGIC, CODEC_MAGIC_LEN) != 0) {
		return ipsecapi_fail(EBADMSG, __func__, "not an exported iToken");
	}
	if (p[CODEC_MAGIC_LEN] != CODEC_VERSION) {
		return ipsecapi_fail(ENOTSUP, __func__,
				     "iToken encoding version %u is not supported (this library reads %u)",
				     (unsigned)p[CODEC_MAGIC_LEN], CODEC_VERSION);
	}
	t = ipsecapi_token_new(&ipsecapi_itoken_kind);
	if (t == NULL) {
		return ipsecapi_fail(ENOMEM, __func__, "no memory for an iToken");
	}
	end = p + len;
	p += CODEC_HEADER_LEN;
	while (p < end) {
		uint16_t type, vlen;

		if ((size_t)(end - p) < ENTRY_HEADER_LEN) {
			ipsecapi_fail(EBADMSG, __func__, "truncated entry header at offset %zu",
				      (size_t)(p - (const uint8_t *)buf));
			goto fail;
		}
		type = get_u16(p);
		vlen = get_u16(p + 2);
		if ((size_t)(end - p - ENTRY_HEADER_LEN) < vlen) {
			ipsecapi_fail(EBADMSG, __func__, "entry at offset %zu overruns the buffer",
				      (size_t)(p - (const uint8_t *)buf));
			goto fail;
		}
		index = ipsecapi_attr_index(t->kind, type);
		if (index < 0) {
			ipsecapi_fail(EBADMSG, __func__, "0x%04x is not an iToken attribute",
				      (unsigned)type);
			goto fail;
		}
		if (index <= last) {
			ipsecapi_fail(EBADMSG, __func__, "%s is repeated or out of order",
				      ipsecapi_name(type));
			goto fail;
		}
		last = index;
		if (import_value(t, index, p + ENTRY_HEADER_LEN, vlen, __func__) != 0) {
			goto fail;
		}
		p += ENTRY_HEADER_LEN + vlen;
	}
	*it = (ipsec_iToken_t)t;
	return 0;
fail:
	index = errno;
	ipsecapi_token_free(t);
	errno = index;
	return -1;
}
