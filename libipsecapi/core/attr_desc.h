/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef IPSECAPI_ATTR_DESC_H
#define IPSECAPI_ATTR_DESC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How an attribute's value is held and passed. */
enum ipsecapi_value_type {
	IPSECAPI_VT_U16,    /* uint16_t in host order, attr_len 2 */
	IPSECAPI_VT_STRING, /* NUL-terminated, attr_len counts the NUL */
	IPSECAPI_VT_BYTES,  /* 1 to IPSEC_API_ATTR_MAX_LEN opaque bytes */
	IPSECAPI_VT_ITOKEN, /* an ipsec_iToken_t, held as a deep copy */
	IPSECAPI_VT_U32     /* uint32_t in host order, attr_len 4, held as octets */
};

/* Which values a uint16_t attribute accepts. */
enum ipsecapi_value_domain {
	IPSECAPI_DOM_NONE,      /* not a uint16_t attribute */
	IPSECAPI_DOM_DEMAND,    /* DISABLE, ENABLE, ANY */
	IPSECAPI_DOM_LEVEL,     /* DISABLE, ENABLE, ANY, LEVEL_* */
	IPSECAPI_DOM_ON_OFF,    /* DISABLE, ENABLE */
	IPSECAPI_DOM_AUTH_METH, /* IPSEC_API_ATTR_authMeth_* */
	IPSECAPI_DOM_LATCH,     /* IPSEC_API_LATCH_* */
	IPSECAPI_DOM_CB_TYPE    /* IPSEC_API_CB_* */
};

struct ipsecapi_attr_desc {
	uint16_t id;
	uint8_t type;      /* enum ipsecapi_value_type */
	uint8_t domain;    /* enum ipsecapi_value_domain */
	bool writable;     /* settable through ipsec_set_token_attr() */
	bool compared;     /* part of equivalence (ipsec_cmp_pToken/iToken) */
};

/* The attributes of one kind of token, in ascending id order (the iToken
 * export encoding relies on the order). */
struct ipsecapi_token_kind {
	uint32_t magic;
	const char *name;   /* "iToken" */
	const char *a_name; /* "an iToken", for messages */
	const struct ipsecapi_attr_desc *attrs;
	size_t nattrs;
};

extern const struct ipsecapi_token_kind ipsecapi_itoken_kind;
extern const struct ipsecapi_token_kind ipsecapi_ptoken_kind;

/* The index of attribute id in kind's table, or -1. */
int ipsecapi_attr_index(const struct ipsecapi_token_kind *kind, uint32_t id);

bool ipsecapi_value_allowed(enum ipsecapi_value_domain domain, uint16_t v);

/* The value a writable uint16_t attribute reads before it is set (ANY);
 * read-only and other attributes have none and read as absent. */
bool ipsecapi_attr_has_default(const struct ipsecapi_attr_desc *d);

/* The name of attribute (or constant) id for messages; never NULL. */
const char *ipsecapi_name(uint32_t id);

#endif
