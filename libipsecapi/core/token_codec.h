/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The byte form of a token, version 1: ipsec_export_iToken()'s, and the
 * pToken form that the broker's answers and requests carry.
 *
 *   magic (4 octets: "iTok" or "pTok"), version (1 octet, 1),
 *   then one entry per attribute that is set, in ascending type order:
 *     type (2 octets), length (2 octets), value (length octets),
 *   integers in network order.  A uint16_t value is 2 octets, a uint32_t
 *   4; a string is its octets without the NUL; bytes are themselves; an
 *   iToken is its own byte form.  A pToken's traffic selector, when it has
 *   one, is the last entry, of type IPSECAPI_WIRE_SELECTOR:
 *     family, protocol, source and destination prefix lengths (1 octet
 *     each), source and destination ports (2 each), source and
 *     destination addresses (16 each; an IPv4 address in the first 4,
 *     the rest zero).
 *
 * The form is canonical (ascending types, each once, no entry for a
 * writable attribute left at ANY), so equal tokens give equal bytes, and
 * reading accepts nothing else.
 */
#ifndef IPSECAPI_TOKEN_CODEC_H
#define IPSECAPI_TOKEN_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "token.h"

#define IPSECAPI_WIRE_SELECTOR 0x00ff
#define IPSECAPI_WIRE_SELECTOR_LEN 40

/* The size of t's byte form (with writable_only, of its writable
 * attributes alone, without a selector), or 0 with E2BIG recorded for fn
 * when an entry (a nested iToken) does not fit its 16-bit length. */
uint32_t ipsecapi_wire_size(const struct ipsecapi_token *t, bool writable_only, const char *fn);

/* Writes that byte form: ipsecapi_wire_size() octets at out. */
void ipsecapi_wire_write(const struct ipsecapi_token *t, bool writable_only, uint8_t *out);

/* Reads the byte form of a token of kind from len octets at buf into a
 * new token; with writable_only, an entry of a read-only attribute (or a
 * selector) is refused.  0, or -1 with errno (EBADMSG: malformed; ENOTSUP:
 * another version; ENOMEM) and the reason recorded for fn. */
int ipsecapi_wire_read(const struct ipsecapi_token_kind *kind, const uint8_t *buf, size_t len,
		       bool writable_only, struct ipsecapi_token **out, const char *fn);

#endif
