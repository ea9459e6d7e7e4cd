/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipsecapi.h"
#include "error.h"
#include "token.h"

#define DEAD_MAGIC 0x64656164u /* "dead": catches a use after free */

void ipsecapi_wipe_free(void *p, uint32_t len)
{
	if (p != NULL) {
		explicit_bzero(p, len);
		free(p);
	}
}

static void value_clear(const struct ipsecapi_attr_desc *d,
			struct ipsecapi_value *v)
{
	if (d->type == IPSECAPI_VT_ITOKEN) {
		ipsecapi_token_free(v->data);
	} else {
		ipsecapi_wipe_free(v->data, v->len);
	}
	memset(v, 0, sizeof(*v));
}

struct ipsecapi_token *ipsecapi_token_new(const struct ipsecapi_token_kind *kind)
{
	struct ipsecapi_token *t;

	t = calloc(1, sizeof(*t) + kind->nattrs * sizeof(t->values[0]));
	if (t == NULL) {
		return NULL;
	}
	t->magic = kind->magic;
	t->kind = kind;
	return t;
}

void ipsecapi_token_free(struct ipsecapi_token *t)
{
	size_t i;

	if (t == NULL) {
		return;
	}
	for (i = 0; i < t->kind->nattrs; i++) {
		value_clear(&t->kind->attrs[i], &t->values[i]);
	}
	explicit_bzero(t, sizeof(*t));
	t->magic = DEAD_MAGIC;
	free(t);
}

struct ipsecapi_token *ipsecapi_token_check(const void *token,
					    const struct ipsecapi_token_kind *kind,
					    const char *fn)
{
	struct ipsecapi_token *t = (struct ipsecapi_token *)token;

	if (t == NULL) {
		ipsecapi_fail(EINVAL, fn, "the token is NULL");
		return NULL;
	}
	if (t->magic != IPSECAPI_ITOKEN_MAGIC && t->magic != IPSECAPI_PTOKEN_MAGIC) {
		ipsecapi_fail(EINVAL, fn, "not an iToken or pToken (freed, or never created)");
		return NULL;
	}
	if (kind != NULL && t->kind != kind) {
		ipsecapi_fail(EINVAL, fn, "%s was given where %s is needed",
			      t->kind->a_name, kind->a_name);
		return NULL;
	}
	return t;
}

/* The octets of a new string or bytes value, and whether the string's
 * terminating NUL is still to be added (the iToken import form). */
struct octets {
	const void *val;
	uint32_t len;
	bool add_nul;
};

/* The size the value takes in the token, its NUL included. */
static uint32_t octets_size(const struct octets *o)
{
	return o->len + (o->add_nul ? 1 : 0);
}

static int check_octets(const struct ipsecapi_attr_desc *d, const struct octets *o,
			const char *fn)
{
	uint32_t total = octets_size(o);
	const char *nul = memchr(o->val, '\0', o->len);

	if (total == 0 || total > IPSEC_API_ATTR_MAX_LEN) {
		return ipsecapi_fail(EINVAL, fn, "%s: length %u is outside 1..%u",
				     ipsecapi_name(d->id), (unsigned)total, IPSEC_API_ATTR_MAX_LEN);
	}
	if (d->type == IPSECAPI_VT_STRING &&
	    (o->add_nul ? nul != NULL : nul != (const char *)o->val + o->len - 1)) {
		return ipsecapi_fail(EINVAL, fn, "%s must be a string whose only NUL is its last octet",
				     ipsecapi_name(d->id));
	}
	return 0;
}

/* Builds in *nv the value that (len, val) gives attribute d, without
 * touching the token: the caller swaps it in only when this succeeded.
 * Octets go into reuse (the old value's buffer, of their size) if given. */
static int value_build(const struct ipsecapi_attr_desc *d, const struct octets *o,
		       void *reuse, struct ipsecapi_value *nv, const char *fn)
{
	struct ipsecapi_token *it, *copy;
	uint16_t u16;

	memset(nv, 0, sizeof(*nv));
	if (o->val == NULL) {
		return ipsecapi_fail(EINVAL, fn, "no value given for %s", ipsecapi_name(d->id));
	}
	switch ((enum ipsecapi_value_type)d->type) {
	case IPSECAPI_VT_U16:
		if (o->len != sizeof(uint16_t)) {
			return ipsecapi_fail(EINVAL, fn, "%s is a 2-octet value, not %u octets",
					     ipsecapi_name(d->id), (unsigned)o->len);
		}
		memcpy(&u16, o->val, sizeof(u16));
		if (!ipsecapi_value_allowed((enum ipsecapi_value_domain)d->domain, u16)) {
			return ipsecapi_fail(EINVAL, fn, "%s cannot be %s (0x%04x)",
					     ipsecapi_name(d->id), ipsecapi_name(u16), (unsigned)u16);
		}
		/* A writable attribute set to its default is the same as unset,
		 * so equal tokens have one representation. */
		nv->present = !(ipsecapi_attr_has_default(d) && u16 == IPSEC_API_ATTR_ANY);
		nv->u16 = nv->present ? u16 : 0;
		return 0;
	case IPSECAPI_VT_ITOKEN:
		if (o->len != sizeof(ipsec_iToken_t)) {
			return ipsecapi_fail(EINVAL, fn, "%s takes an ipsec_iToken_t (%zu octets), not %u",
					     ipsecapi_name(d->id), sizeof(ipsec_iToken_t),
					     (unsigned)o->len);
		}
		memcpy(&it, o->val, sizeof(it));
		if (ipsecapi_token_check(it, &ipsecapi_itoken_kind, fn) == NULL ||
		    ipsecapi_token_dup(it, &copy, fn) != 0) {
			return -1;
		}
		nv->present = true;
		nv->len = o->len;
		nv->data = copy;
		return 0;
	case IPSECAPI_VT_U32:
		if (o->len != sizeof(uint32_t)) {
			return ipsecapi_fail(EINVAL, fn, "%s is a 4-octet value, not %u octets",
					     ipsecapi_name(d->id), (unsigned)o->len);
		}
		break;
	case IPSECAPI_VT_STRING:
	case IPSECAPI_VT_BYTES:
		break;
	}
	if (check_octets(d, o, fn) != 0) {
		return -1;
	}
	nv->len = octets_size(o);
	nv->data = reuse != NULL ? reuse : malloc(nv->len);
	if (nv->data == NULL) {
		return ipsecapi_fail(ENOMEM, fn, "no memory for %s (%u octets)",
				     ipsecapi_name(d->id), (unsigned)nv->len);
	}
	memcpy(nv->data, o->val, o->len);
	if (o->add_nul) {
		((char *)nv->data)[o->len] = '\0';
	}
	nv->present = true;
	return 0;
}

static int store(struct ipsecapi_token *t, int index, const struct octets *o, const char *fn)
{
	const struct ipsecapi_attr_desc *d = &t->kind->attrs[index];
	struct ipsecapi_value *old = &t->values[index], nv;
	void *reuse = NULL;

	/* A new value of the old one's size overwrites it in place: no
	 * allocation, and no old octets left behind to wipe. */
	if (d->type != IPSECAPI_VT_U16 && d->type != IPSECAPI_VT_ITOKEN && old->present &&
	    old->len == octets_size(o)) {
		reuse = old->data;
	}
	if (value_build(d, o, reuse, &nv, fn) != 0) {
		return -1;
	}
	if (reuse == NULL) {
		value_clear(d, old);
	}
	*old = nv;
	return 0;
}

int ipsecapi_token_store(struct ipsecapi_token *t, int index, uint32_t len,
			 const void *val, const char *fn)
{
	const struct octets o = { .val = val, .len = len, .add_nul = false };

	return store(t, index, &o, fn);
}

int ipsecapi_token_store_unterminated(struct ipsecapi_token *t, int index, const void *val,
				      uint32_t len, const char *fn)
{
	const struct octets o = { .val = val, .len = len,
				  .add_nul = t->kind->attrs[index].type == IPSECAPI_VT_STRING };

	return store(t, index, &o, fn);
}

int ipsecapi_token_dup(const struct ipsecapi_token *t,
		       struct ipsecapi_token **out, const char *fn)
{
	struct ipsecapi_token *copy = ipsecapi_token_new(t->kind);
	size_t i;

	if (copy == NULL) {
		return ipsecapi_fail(ENOMEM, fn, "no memory for a copy of the %s", t->kind->name);
	}
	copy->has_selector = t->has_selector;
	copy->selector = t->selector;
	for (i = 0; i < t->kind->nattrs; i++) {
		const struct ipsecapi_value *v = &t->values[i];
		struct ipsecapi_value *cv = &copy->values[i];

		if (!v->present) {
			continue;
		}
		*cv = *v;
		cv->data = NULL;
		if (t->kind->attrs[i].type == IPSECAPI_VT_ITOKEN) {
			if (ipsecapi_token_dup(v->data, (struct ipsecapi_token **)&cv->data, fn) != 0) {
				cv->present = false;
				ipsecapi_token_free(copy);
				return -1;
			}
		} else if (v->data != NULL) {
			cv->data = malloc(v->len);
			if (cv->data == NULL) {
				cv->present = false;
				ipsecapi_token_free(copy);
				return ipsecapi_fail(ENOMEM, fn, "no memory for a copy of the %s",
						     t->kind->name);
			}
			memcpy(cv->data, v->data, v->len);
		}
	}
	*out = copy;
	return 0;
}

static int selector_cmp(const struct ipsecapi_token *a, const struct ipsecapi_token *b)
{
	const struct ipsecapi_selector *x = &a->selector, *y = &b->selector;

	if (a->has_selector != b->has_selector) {
		return 1;
	}
	if (!a->has_selector) {
		return 0;
	}
	return x->family != y->family || x->proto != y->proto ||
	       x->src_prefixlen != y->src_prefixlen ||
	       x->dst_prefixlen != y->dst_prefixlen ||
	       x->src_port != y->src_port || x->dst_port != y->dst_port ||
	       memcmp(x->src, y->src, sizeof(x->src)) != 0 ||
	       memcmp(x->dst, y->dst, sizeof(x->dst)) != 0;
}

int ipsecapi_token_cmp(const struct ipsecapi_token *a, const struct ipsecapi_token *b)
{
	size_t i;

	if (a->kind != b->kind || selector_cmp(a, b) != 0) {
		return 1;
	}
	for (i = 0; i < a->kind->nattrs; i++) {
		const struct ipsecapi_attr_desc *d = &a->kind->attrs[i];
		const struct ipsecapi_value *x = &a->values[i], *y = &b->values[i];

		if (!d->compared) {
			continue;
		}
		if (x->present != y->present) {
			return 1;
		}
		if (!x->present) {
			continue;
		}
		switch ((enum ipsecapi_value_type)d->type) {
		case IPSECAPI_VT_U16:
			if (x->u16 != y->u16) {
				return 1;
			}
			break;
		case IPSECAPI_VT_STRING:
		case IPSECAPI_VT_BYTES:
		case IPSECAPI_VT_U32:
			if (x->len != y->len || memcmp(x->data, y->data, x->len) != 0) {
				return 1;
			}
			break;
		case IPSECAPI_VT_ITOKEN:
			if (ipsecapi_token_cmp(x->data, y->data) != 0) {
				return 1;
			}
			break;
		}
	}
	return 0;
}

int ipsecapi_token_find(const void *token, uint32_t attr_type,
			struct ipsecapi_token **tp, const char *fn)
{
	struct ipsecapi_token *t = ipsecapi_token_check(token, NULL, fn);
	int index;

	if (t == NULL) {
		return -1;
	}
	*tp = t;
	index = ipsecapi_attr_index(t->kind, attr_type);
	if (index >= 0) {
		return index;
	}
	if (ipsec_constant_name(attr_type) == NULL) {
		return ipsecapi_fail(EINVAL, fn, "0x%04x is not an attribute type",
				     (unsigned)attr_type);
	}
	return ipsecapi_fail(EINVAL, fn, "%s is not an attribute of %s",
			     ipsecapi_name(attr_type), t->kind->a_name);
}

int ipsecapi_token_fill(void *token, uint32_t attr_type, uint32_t attr_len,
			const void *attr_val)
{
	static const char fn[] = "ipsecapi_token_fill";
	struct ipsecapi_token *t;
	int index = ipsecapi_token_find(token, attr_type, &t, fn);

	if (index < 0) {
		return -1;
	}
	return ipsecapi_token_store(t, index, attr_len, attr_val, fn);
}

int ipsecapi_ptoken_set_selector(ipsec_pToken_t p, const struct ipsecapi_selector *sel)
{
	struct ipsecapi_token *t =
		ipsecapi_token_check(p, &ipsecapi_ptoken_kind, "ipsecapi_ptoken_set_selector");

	if (t == NULL) {
		return -1;
	}
	t->selector = *sel;
	t->has_selector = true;
	return 0;
}

int ipsecapi_out_begin(uint32_t size, uint32_t *len, void **val, void **dst,
		       const char *fn)
{
	*dst = NULL;
	if (len == NULL) {
		return ipsecapi_fail(EINVAL, fn, "no length argument (NULL)");
	}
	if (val == NULL) {
		*len = size;
		return 0;
	}
	if (*val == NULL) {
		*dst = malloc(size);
		if (*dst == NULL) {
			return ipsecapi_fail(ENOMEM, fn, "no memory for %u octets", (unsigned)size);
		}
		return 0;
	}
	if (*len < size) {
		uint32_t given = *len;

		*len = size;
		return ipsecapi_fail(ERANGE, fn, "the buffer holds %u octets, %u are needed",
				     (unsigned)given, (unsigned)size);
	}
	*dst = *val;
	return 0;
}

void ipsecapi_out_end(uint32_t size, uint32_t *len, void **val, void *dst)
{
	*len = size;
	*val = dst;
}
