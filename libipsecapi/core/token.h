/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The token core, shared by the public accessors, the iToken codec and (in
 * the same library) the backends that fill read-only attributes.
 */
#ifndef IPSECAPI_TOKEN_H
#define IPSECAPI_TOKEN_H

#include <stdbool.h>
#include <stdint.h>

#include "ipsecapi.h"
#include "attr_desc.h"

#define IPSECAPI_ITOKEN_MAGIC 0x69546f6bu /* "iTok" */
#define IPSECAPI_PTOKEN_MAGIC 0x70546f6bu /* "pTok" */

/* The traffic a pToken's protection covers (its "SPD range", section
 * 2.3.5), as the backend found it: addresses in network order, ports in
 * host order, 0 meaning any.  Templates made by the caller have none. */
struct ipsecapi_selector {
	uint8_t family; /* AF_INET or AF_INET6 */
	uint8_t proto;  /* IPPROTO_*, 0 for any */
	uint8_t src_prefixlen;
	uint8_t dst_prefixlen;
	uint16_t src_port;
	uint16_t dst_port;
	uint8_t src[16];
	uint8_t dst[16];
};

struct ipsecapi_value {
	bool present;
	uint16_t u16;
	uint32_t len; /* bytes at data (a string's NUL included) */
	void *data;   /* the bytes, or a struct ipsecapi_token * (an iToken) */
};

struct ipsecapi_token {
	uint32_t magic;
	const struct ipsecapi_token_kind *kind;
	bool has_selector;
	struct ipsecapi_selector selector;
	struct ipsecapi_value values[]; /* kind->nattrs, in kind->attrs order */
};

struct ipsecapi_token *ipsecapi_token_new(const struct ipsecapi_token_kind *kind);
void ipsecapi_token_free(struct ipsecapi_token *t);

/* token as a token of the given kind (NULL: either kind), or NULL with the
 * error recorded for fn. */
struct ipsecapi_token *ipsecapi_token_check(const void *token,
					    const struct ipsecapi_token_kind *kind,
					    const char *fn);

/* Checks token (either kind) and sets *t to it; returns the index of
 * attribute attr_type in it, or -1 with the error recorded (not a token, an
 * unknown type, or one of the other kind of token). */
int ipsecapi_token_find(const void *token, uint32_t attr_type,
			struct ipsecapi_token **t, const char *fn);

/* Validates value and stores it as attribute index, all or nothing.  No
 * access check: the public setter checks writability first. */
int ipsecapi_token_store(struct ipsecapi_token *t, int index, uint32_t len,
			 const void *val, const char *fn);

/* The same for the iToken byte form, where a string comes without its
 * NUL: val holds len octets, and a string attribute gets a NUL added. */
int ipsecapi_token_store_unterminated(struct ipsecapi_token *t, int index, const void *val,
				      uint32_t len, const char *fn);

int ipsecapi_token_dup(const struct ipsecapi_token *t,
		       struct ipsecapi_token **out, const char *fn);

/* 0 if a and b (of one kind) are equivalent, 1 if not. */
int ipsecapi_token_cmp(const struct ipsecapi_token *a,
		       const struct ipsecapi_token *b);

/*
 * For backends in this library: set any attribute, read-only ones included,
 * with the same validation as ipsec_set_token_attr(); and the traffic
 * selector of a pToken.
 */
int ipsecapi_token_fill(void *token, uint32_t attr_type, uint32_t attr_len,
			const void *attr_val);
int ipsecapi_ptoken_set_selector(ipsec_pToken_t p,
				 const struct ipsecapi_selector *sel);

/* The draft's output-buffer rules, shared by every getter: begin checks
 * *len against size (ERANGE) or allocates, and gives *dst, where size bytes
 * go (NULL when the caller asked only for the size); end publishes them. */
int ipsecapi_out_begin(uint32_t size, uint32_t *len, void **val, void **dst,
		       const char *fn);
void ipsecapi_out_end(uint32_t size, uint32_t *len, void **val, void *dst);

/* Releases memory that may have held token data. */
void ipsecapi_wipe_free(void *p, uint32_t len);

#endif
