/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mech_btns's tokens, inside the RFC 2743 framing (context tokens) or on
 * their own (per-message tokens).  Every token starts with a version and a
 * type; integers are big-endian; nothing may follow the last field.
 *
 *   INIT    1 | 1 | flags | 0 | len32 | krb5 AP-REQ
 *   ACCEPT  1 | 2 | flags | 0 | len32 | krb5 AP-REP | len32 | MIC
 *   BRIDGED 1 | 0x10 | 0 | 0 | seq64 | message      (no second encryption)
 *   KRB5    1 | 0x11 | 0 | 0 | krb5 wrap token
 *   MIC     1 | 0x12 | 0 | 0 | krb5 MIC token
 *
 * The seq64 of BRIDGED starts, in each direction, at a number that only
 * the two ends know (bridge_seq.h).
 *
 * The MIC of ACCEPT is the acceptor's krb5 MIC over the confirmation
 * (btns_confirmation()): it tells the initiator that the acceptor bound
 * the same channel and what the two agreed to bridge.
 */
#ifndef BTNS_TOKEN_H
#define BTNS_TOKEN_H

#include <gssapi/gssapi.h>
#include <stdint.h>

#define BTNS_TOKEN_VERSION 1

enum btns_token_type {
	BTNS_TOK_INIT = 1,
	BTNS_TOK_ACCEPT = 2,
	BTNS_TOK_BRIDGED = 0x10,
	BTNS_TOK_KRB5 = 0x11,
	BTNS_TOK_MIC = 0x12,
};

#define BTNS_FLAG_BOUND 0x01      /* bound to an IPsec channel */
#define BTNS_FLAG_CAN_BRIDGE 0x02 /* latched, protected: could skip encryption */
#define BTNS_FLAG_BRIDGED 0x04    /* (ACCEPT) both will skip it */

struct btns_token {
	uint8_t type, flags;
	uint64_t seq;            /* BRIDGED */
	gss_buffer_desc inner;   /* krb5 token, or the message of BRIDGED */
	gss_buffer_desc mic;     /* ACCEPT */
};

/* Parses a token: 0, with inner and mic pointing into in; -1 if it is
 * malformed, truncated, of an unknown version or type, or has trailing
 * octets. */
int btns_token_parse(const gss_buffer_t in, struct btns_token *t);

/*
 * A per-message token laid over IOV buffers (gss_wrap_iov): its first
 * octets, up to and including seq64 for BRIDGED, are the HEADER buffer,
 * and the rest follows in the DATA (and, for krb5, PADDING and TRAILER)
 * buffers, so that the buffers put end to end are the token gss_wrap()
 * makes.
 */
#define BTNS_TOKEN_PREFIX_LEN 4   /* version, type, flags, 0 */
#define BTNS_BRIDGED_HEADER_LEN 12 /* the prefix and seq64 */

/* Parses the HEADER buffer of such a token: 0 for a BRIDGED one of
 * exactly BTNS_BRIDGED_HEADER_LEN octets (t->seq), or for a KRB5 one
 * (t->inner: krb5's own header, after the prefix, not empty); -1 for
 * anything else. */
int btns_token_header_parse(const gss_buffer_t header, struct btns_token *t);

/* Writes the header of a per-message token of type (BTNS_TOK_BRIDGED,
 * with seq, or BTNS_TOK_KRB5 / BTNS_TOK_MIC) at p: the number of octets
 * written, BTNS_BRIDGED_HEADER_LEN or BTNS_TOKEN_PREFIX_LEN. */
size_t btns_token_header_put(uint8_t type, uint64_t seq, uint8_t *p);

/* Builds t into *out (allocated with gssalloc_malloc): 0 or -1 (ENOMEM). */
int btns_token_build(const struct btns_token *t, gss_buffer_t out);

/* The RFC 2743 (3.1) framing of a context token: 0x60, a DER length,
 * the mechanism's OID, then the inner token.  0 with *oid and *inner
 * pointing into in, or -1 if it is malformed. */
int btns_frame_parse(const gss_buffer_t in, gss_OID_desc *oid, gss_buffer_t inner);

/* The octets the acceptor's MIC covers: a label, both sides' flags and
 * the channel binding. */
int btns_confirmation(uint8_t init_flags, uint8_t accept_flags, const gss_buffer_t binding,
		      gss_buffer_t out);

#endif
