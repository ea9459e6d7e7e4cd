/* SPDX-License-Identifier: BSD-2-Clause */
/* The draft's token calls: create, free, dup, cmp, get and set. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipsecapi.h"
#include "core.h"

static void *create_token(const struct ipsecapi_token_kind *kind, const char *fn)
{
	struct ipsecapi_token *t = ipsecapi_token_new(kind);

	if (t == NULL) {
		ipsecapi_fail(ENOMEM, fn, "no memory for %s", kind->a_name);
	}
	return t;
}

static int free_token(void *token, const struct ipsecapi_token_kind *kind, const char *fn)
{
	struct ipsecapi_token *t;

	if (token == NULL) {
		return 0;
	}
	t = ipsecapi_token_check(token, kind, fn);
	if (t == NULL) {
		return -1;
	}
	ipsecapi_token_free(t);
	return 0;
}

ipsec_iToken_t ipsec_create_iToken(void)
{
	return create_token(&ipsecapi_itoken_kind, __func__);
}

int ipsec_free_iToken(ipsec_iToken_t p)
{
	return free_token(p, &ipsecapi_itoken_kind, __func__);
}

ipsec_pToken_t ipsec_create_pToken(void)
{
	return create_token(&ipsecapi_ptoken_kind, __func__);
}

int ipsec_free_pToken(ipsec_pToken_t p)
{
	return free_token(p, &ipsecapi_ptoken_kind, __func__);
}

static int dup_token(const void *token, const struct ipsecapi_token_kind *kind,
		     void *out, const char *fn)
{
	struct ipsecapi_token *t = ipsecapi_token_check(token, kind, fn);
	struct ipsecapi_token *copy;

	if (t == NULL) {
		return -1;
	}
	if (out == NULL) {
		return ipsecapi_fail(EINVAL, fn, "no place for the copy (NULL)");
	}
	if (ipsecapi_token_dup(t, &copy, fn) != 0) {
		return -1;
	}
	memcpy(out, &copy, sizeof(copy));
	return 0;
}

int ipsec_dup_pToken(ipsec_pToken_t *p, ipsec_pToken_t *p_dup)
{
	if (p == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "p is NULL");
	}
	return dup_token(*p, &ipsecapi_ptoken_kind, p_dup, __func__);
}

int ipsec_dup_iToken(ipsec_iToken_t it, ipsec_iToken_t *it_dup)
{
	return dup_token(it, &ipsecapi_itoken_kind, it_dup, __func__);
}

/* Not equivalent is the answer that fails closed, so an error is nonzero
 * too: -1, told apart from 1 by errno and ipsec_last_error(). */
static int cmp_tokens(const void *a, const void *b,
		      const struct ipsecapi_token_kind *kind, const char *fn)
{
	struct ipsecapi_token *x = ipsecapi_token_check(a, kind, fn);
	struct ipsecapi_token *y;

	if (x == NULL) {
		return -1;
	}
	y = ipsecapi_token_check(b, kind, fn);
	if (y == NULL) {
		return -1;
	}
	return ipsecapi_token_cmp(x, y);
}

int ipsec_cmp_pToken(ipsec_pToken_t p1, ipsec_pToken_t p2)
{
	return cmp_tokens(p1, p2, &ipsecapi_ptoken_kind, __func__);
}

int ipsec_cmp_iToken(ipsec_iToken_t i1, ipsec_iToken_t i2)
{
	return cmp_tokens(i1, i2, &ipsecapi_itoken_kind, __func__);
}

int ipsec_set_token_attr(const void *token, uint32_t attr_type,
			 uint32_t attr_len, const void *attr_val)
{
	struct ipsecapi_token *t;
	int index = ipsecapi_token_find(token, attr_type, &t, __func__);

	if (index < 0) {
		return -1;
	}
	if (!t->kind->attrs[index].writable) {
		return ipsecapi_fail(EPERM, __func__, "%s is read-only in %s",
				     ipsecapi_name(attr_type), t->kind->a_name);
	}
	return ipsecapi_token_store(t, index, attr_len, attr_val, __func__);
}

int ipsec_get_token_attr(const void *token, uint32_t attr_type,
			 uint32_t *attr_len, void **attr_val)
{
	const struct ipsecapi_attr_desc *d;
	const struct ipsecapi_value *v;
	struct ipsecapi_token *t, *copy = NULL;
	const void *src;
	uint32_t size;
	uint16_t u16;
	void *dst;
	int index;

	if (attr_len == NULL) {
		return ipsecapi_fail(EINVAL, __func__, "no length argument (NULL)");
	}
	index = ipsecapi_token_find(token, attr_type, &t, __func__);
	if (index < 0) {
		return -1;
	}
	d = &t->kind->attrs[index];
	v = &t->values[index];
	if (!v->present && !ipsecapi_attr_has_default(d)) {
		return ipsecapi_fail(ENOENT, __func__, "this %s has no %s",
				     t->kind->name, ipsecapi_name(attr_type));
	}
	switch ((enum ipsecapi_value_type)d->type) {
	case IPSECAPI_VT_U16:
		u16 = v->present ? v->u16 : IPSEC_API_ATTR_ANY;
		src = &u16;
		size = sizeof(u16);
		break;
	case IPSECAPI_VT_ITOKEN:
		src = &copy;
		size = sizeof(copy);
		break;
	default:
		src = v->data;
		size = v->len;
		break;
	}
	/* Each reader gets its own iToken, so threads never share one. */
	if (d->type == IPSECAPI_VT_ITOKEN && attr_val != NULL &&
	    ipsecapi_token_dup(v->data, &copy, __func__) != 0) {
		return -1;
	}
	if (ipsecapi_out_begin(size, attr_len, attr_val, &dst, __func__) != 0) {
		ipsecapi_token_free(copy);
		return -1;
	}
	if (dst == NULL) {
		return 0; /* the caller asked for the size only */
	}
	memcpy(dst, src, size);
	ipsecapi_out_end(size, attr_len, attr_val, dst);
	return 0;
}
