/* SPDX-License-Identifier: BSD-2-Clause */
#include <gssapi/gssapi_alloc.h>
#include <stdint.h>
#include <string.h>

#include "exported_name.h"

#define TOKEN_ID_LEN 2
#define OID_LEN_LEN 2
#define NAME_LEN_LEN 4
#define MAX_SHORT_DER 0x7f

int btns_exported_name_parse(const gss_buffer_t in, gss_OID_desc *mech, gss_buffer_t name)
{
	const uint8_t *p = in != NULL ? in->value : NULL;
	size_t len = in != NULL ? in->length : 0, oid_field, n;

	if (p == NULL || len < TOKEN_ID_LEN + OID_LEN_LEN || p[0] != 0x04 || p[1] != 0x01) {
		return -1;
	}
	oid_field = (size_t)p[2] << 8 | p[3];
	p += TOKEN_ID_LEN + OID_LEN_LEN;
	len -= TOKEN_ID_LEN + OID_LEN_LEN;
	if (oid_field < 3 || oid_field > len || p[0] != 0x06 || p[1] > MAX_SHORT_DER ||
	    (size_t)p[1] + 2 != oid_field) {
		return -1;
	}
	mech->length = p[1];
	mech->elements = (void *)(p + 2);
	p += oid_field;
	len -= oid_field;
	if (len < NAME_LEN_LEN) {
		return -1;
	}
	n = (size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | p[3];
	if (n != len - NAME_LEN_LEN) {
		return -1;
	}
	name->length = n;
	name->value = n > 0 ? (void *)(p + NAME_LEN_LEN) : NULL;
	return 0;
}

int btns_exported_name_build(const gss_OID_desc *mech, const gss_buffer_t name,
			     gss_buffer_t out)
{
	size_t oid_field = 2 + (size_t)mech->length;
	size_t len = TOKEN_ID_LEN + OID_LEN_LEN + oid_field + NAME_LEN_LEN + name->length;
	uint8_t *p;

	out->length = 0;
	out->value = NULL;
	if (mech->length == 0 || mech->length > MAX_SHORT_DER || name->length > UINT32_MAX) {
		return -1;
	}
	out->value = p = gssalloc_malloc(len);
	if (p == NULL) {
		return -1;
	}
	out->length = len;
	*p++ = 0x04;
	*p++ = 0x01;
	*p++ = (uint8_t)(oid_field >> 8);
	*p++ = (uint8_t)oid_field;
	*p++ = 0x06;
	*p++ = (uint8_t)mech->length;
	memcpy(p, mech->elements, mech->length);
	p += mech->length;
	*p++ = (uint8_t)(name->length >> 24);
	*p++ = (uint8_t)(name->length >> 16);
	*p++ = (uint8_t)(name->length >> 8);
	*p++ = (uint8_t)name->length;
	if (name->length > 0) {
		memcpy(p, name->value, name->length);
	}
	return 0;
}
