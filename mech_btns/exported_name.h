/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The exported name token of RFC 2743 (3.2):
 *
 *   04 01 | len16 | 06 | DER length | mechanism OID | len32 | name
 *
 * where len16 counts the DER OID (tag, length, octets).  Only OIDs of
 * fewer than 128 octets (a one-octet DER length), as all mechanisms'
 * are; nothing may follow the name.
 */
#ifndef BTNS_EXPORTED_NAME_H
#define BTNS_EXPORTED_NAME_H

#include <gssapi/gssapi.h>

/* 0 with *mech and *name pointing into in, or -1 if it is malformed. */
int btns_exported_name_parse(const gss_buffer_t in, gss_OID_desc *mech, gss_buffer_t name);

/* The token of name under mech into *out (gssalloc_malloc()): 0, or -1
 * (no memory, or an OID too long). */
int btns_exported_name_build(const gss_OID_desc *mech, const gss_buffer_t name,
			     gss_buffer_t out);

#endif
