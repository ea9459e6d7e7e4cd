/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gss_wrap_iov(), gss_unwrap_iov() and gss_wrap_iov_length(): the tokens
 * of gss_wrap() (btns_token.h) laid over the application's buffers.
 *
 * Bridged (message.c decides when), the HEADER buffer holds the BRIDGED
 * prefix and sequence number (12 octets), the DATA buffers the message as
 * it is, and PADDING and TRAILER are empty: HEADER and DATA end to end
 * are gss_wrap()'s frame.  Otherwise HEADER holds the KRB5 prefix, then
 * krb5's own header, and the rest is krb5's gss_wrap_iov() of the
 * wrapped context.  SIGN_ONLY buffers are krb5's to sign; bridged, they
 * travel on the same IPsec-protected connection, like the rest.
 */
#include <gssapi/gssapi_alloc.h>
#include <stdlib.h>
#include <string.h>

#include "btns_token.h"
#include "iov.h"
#include "mech.h"
#include "message.h"
#include "minor.h"

/* The buffers a call takes: each type known, HEADER, PADDING, TRAILER
 * and STREAM at most once; the index of the one HEADER and STREAM
 * (or -1). */
struct iov_layout {
	int header, stream, padding, trailer, data_count, data;
};

static bool layout_of(const gss_iov_buffer_desc *iov, int count, struct iov_layout *l)
{
	int i, *slot;

	memset(l, 0, sizeof(*l));
	l->header = l->stream = l->padding = l->trailer = l->data = -1;
	if (iov == NULL || count <= 0) {
		return false;
	}
	for (i = 0; i < count; i++) {
		switch (GSS_IOV_BUFFER_TYPE(iov[i].type)) {
		case GSS_IOV_BUFFER_TYPE_EMPTY:
		case GSS_IOV_BUFFER_TYPE_SIGN_ONLY:
			continue;
		case GSS_IOV_BUFFER_TYPE_DATA:
			l->data_count++;
			l->data = i;
			continue;
		case GSS_IOV_BUFFER_TYPE_HEADER:
			slot = &l->header;
			break;
		case GSS_IOV_BUFFER_TYPE_STREAM:
			slot = &l->stream;
			break;
		case GSS_IOV_BUFFER_TYPE_PADDING:
			slot = &l->padding;
			break;
		case GSS_IOV_BUFFER_TYPE_TRAILER:
			slot = &l->trailer;
			break;
		default:
			return false;
		}
		if (*slot >= 0) {
			return false;
		}
		*slot = i;
	}
	return true;
}

static OM_uint32 bad_iov(OM_uint32 *minor)
{
	*minor = BTNS_ERR_BAD_IOV;
	return GSS_S_FAILURE;
}

/* An empty PADDING or TRAILER, as bridged frames leave them. */
static void set_empty(gss_iov_buffer_desc *iov, int i)
{
	if (i >= 0) {
		iov[i].buffer.length = 0;
		if (iov[i].type & GSS_IOV_BUFFER_FLAG_ALLOCATE) {
			iov[i].buffer.value = NULL;
		}
	}
}

/* header (len octets) in the application's HEADER buffer: allocated when
 * it asks, else written into it if it has room. */
static OM_uint32 put_header(OM_uint32 *minor, gss_iov_buffer_desc *h, const uint8_t *header,
			    size_t len)
{
	if (h->type & GSS_IOV_BUFFER_FLAG_ALLOCATE) {
		h->buffer.value = gssalloc_malloc(len);
		if (h->buffer.value == NULL) {
			h->buffer.length = 0;
			*minor = BTNS_ERR_NO_MEMORY;
			return GSS_S_FAILURE;
		}
		h->type |= GSS_IOV_BUFFER_FLAG_ALLOCATED;
	} else if (h->buffer.value == NULL || h->buffer.length < len) {
		*minor = BTNS_ERR_SHORT_BUFFER;
		return GSS_S_FAILURE;
	}
	memcpy(h->buffer.value, header, len);
	h->buffer.length = len;
	return GSS_S_COMPLETE;
}

static OM_uint32 wrap_bridged(OM_uint32 *minor, struct btns_ctx *ctx, int *conf_state,
			      gss_iov_buffer_desc *iov, const struct iov_layout *l)
{
	uint8_t header[BTNS_BRIDGED_HEADER_LEN];
	OM_uint32 major;

	btns_token_header_put(BTNS_TOK_BRIDGED, ctx->send_seq, header);
	major = put_header(minor, &iov[l->header], header, sizeof(header));
	if (major != GSS_S_COMPLETE) {
		return major;
	}
	set_empty(iov, l->padding);
	set_empty(iov, l->trailer);
	ctx->send_seq++; /* wraps at 2^64, as in gss_wrap() */
	if (conf_state != NULL) {
		*conf_state = 1; /* the channel's, as the latch holds it */
	}
	return GSS_S_COMPLETE;
}

/* A copy of iov for krb5, whose buffer at (HEADER or STREAM) index at
 * starts after our prefix, unless krb5 is to allocate it; NULL if out of
 * memory. */
static gss_iov_buffer_desc *krb5_view(const gss_iov_buffer_desc *iov, int count, int at,
				      bool allocated_by_krb5)
{
	gss_iov_buffer_desc *k = calloc((size_t)count, sizeof(*k));

	if (k == NULL) {
		return NULL;
	}
	memcpy(k, iov, (size_t)count * sizeof(*k));
	if (!allocated_by_krb5) {
		k[at].buffer.value = (uint8_t *)k[at].buffer.value + BTNS_TOKEN_PREFIX_LEN;
		k[at].buffer.length -= BTNS_TOKEN_PREFIX_LEN;
	}
	return k;
}

/* What krb5 did to its view, back into iov (all but the buffer at). */
static void take_back(gss_iov_buffer_desc *iov, const gss_iov_buffer_desc *k, int count, int at)
{
	int i;

	for (i = 0; i < count; i++) {
		if (i != at) {
			iov[i] = k[i];
		}
	}
}

/* krb5's header (k, possibly allocated by krb5) behind our prefix in the
 * application's HEADER buffer h. */
static OM_uint32 krb5_header_back(OM_uint32 *minor, gss_iov_buffer_desc *h,
				  gss_iov_buffer_desc *k)
{
	uint8_t *p;
	OM_uint32 tmp;

	if (!(h->type & GSS_IOV_BUFFER_FLAG_ALLOCATE)) {
		btns_token_header_put(BTNS_TOK_KRB5, 0, h->buffer.value);
		h->buffer.length = BTNS_TOKEN_PREFIX_LEN + k->buffer.length;
		return GSS_S_COMPLETE;
	}
	p = gssalloc_malloc(BTNS_TOKEN_PREFIX_LEN + k->buffer.length);
	if (p == NULL) {
		gss_release_buffer(&tmp, &k->buffer);
		*minor = BTNS_ERR_NO_MEMORY;
		return GSS_S_FAILURE;
	}
	btns_token_header_put(BTNS_TOK_KRB5, 0, p);
	memcpy(p + BTNS_TOKEN_PREFIX_LEN, k->buffer.value, k->buffer.length);
	h->buffer.value = p;
	h->buffer.length = BTNS_TOKEN_PREFIX_LEN + k->buffer.length;
	h->type |= GSS_IOV_BUFFER_FLAG_ALLOCATED;
	gss_release_buffer(&tmp, &k->buffer);
	return GSS_S_COMPLETE;
}

/* Frees what krb5 allocated in iov's buffers after a failure. */
static void release_allocated(gss_iov_buffer_desc *iov, int count)
{
	OM_uint32 tmp;
	int i;

	for (i = 0; i < count; i++) {
		if (iov[i].type & GSS_IOV_BUFFER_FLAG_ALLOCATED) {
			gss_release_buffer(&tmp, &iov[i].buffer);
			iov[i].type &= ~GSS_IOV_BUFFER_FLAG_ALLOCATED;
		}
	}
}

static OM_uint32 wrap_krb5(OM_uint32 *minor, struct btns_ctx *ctx, int conf_req, gss_qop_t qop,
			   int *conf_state, gss_iov_buffer_desc *iov, int count, int header)
{
	gss_iov_buffer_desc *k;
	OM_uint32 major;

	if (!(iov[header].type & GSS_IOV_BUFFER_FLAG_ALLOCATE) &&
	    (iov[header].buffer.value == NULL ||
	     iov[header].buffer.length < BTNS_TOKEN_PREFIX_LEN)) {
		*minor = BTNS_ERR_SHORT_BUFFER;
		return GSS_S_FAILURE;
	}
	k = krb5_view(iov, count, header, iov[header].type & GSS_IOV_BUFFER_FLAG_ALLOCATE);
	if (k == NULL) {
		*minor = BTNS_ERR_NO_MEMORY;
		return GSS_S_FAILURE;
	}
	major = ctx->glue.wrap_iov(minor, ctx->krb5, conf_req, qop, conf_state, k, count);
	take_back(iov, k, count, header);
	if (major == GSS_S_COMPLETE) {
		major = krb5_header_back(minor, &iov[header], &k[header]);
	}
	if (major != GSS_S_COMPLETE) {
		release_allocated(iov, count);
	}
	free(k);
	return major;
}

OM_uint32 btns_wrap_iov(OM_uint32 *minor, gss_ctx_id_t handle, int conf_req, gss_qop_t qop,
			int *conf_state, gss_iov_buffer_desc *iov, int count)
{
	struct btns_ctx *ctx = btns_ctx_established(minor, handle);
	struct iov_layout l;

	if (ctx == NULL) {
		return GSS_S_NO_CONTEXT;
	}
	if (!layout_of(iov, count, &l) || l.header < 0 || l.stream >= 0) {
		return bad_iov(minor);
	}
	if (btns_bridged_send_now(ctx, qop)) {
		return wrap_bridged(minor, ctx, conf_state, iov, &l);
	}
	return wrap_krb5(minor, ctx, conf_req, qop, conf_state, iov, count, l.header);
}

/*
 * The lengths krb5's wrap would need, with our prefix: they fit a
 * bridged frame too (12 octets of header, nothing else), and the latch
 * may break between this call and the wrap, which then falls back to
 * krb5.  gss_wrap_iov() sets the lengths it used.
 */
OM_uint32 btns_wrap_iov_length(OM_uint32 *minor, gss_ctx_id_t handle, int conf_req,
			       gss_qop_t qop, int *conf_state, gss_iov_buffer_desc *iov,
			       int count)
{
	struct btns_ctx *ctx = btns_ctx_established(minor, handle);
	struct iov_layout l;
	OM_uint32 major;

	if (ctx == NULL) {
		return GSS_S_NO_CONTEXT;
	}
	if (!layout_of(iov, count, &l) || l.header < 0 || l.stream >= 0) {
		return bad_iov(minor);
	}
	major = ctx->glue.wrap_iov_length(minor, ctx->krb5, conf_req, qop, conf_state, iov, count);
	if (major == GSS_S_COMPLETE) {
		iov[l.header].buffer.length += BTNS_TOKEN_PREFIX_LEN;
	}
	return major;
}

/* A bridged frame over iov: its header parsed in t; the message is in
 * the DATA buffers, or in the STREAM after the header. */
static OM_uint32 unwrap_bridged(OM_uint32 *minor, struct btns_ctx *ctx, int *conf_state,
				gss_qop_t *qop, gss_iov_buffer_desc *iov,
				const struct iov_layout *l, const struct btns_token *t)
{
	OM_uint32 major;

	if ((l->padding >= 0 && iov[l->padding].buffer.length != 0) ||
	    (l->trailer >= 0 && iov[l->trailer].buffer.length != 0)) {
		*minor = BTNS_ERR_BAD_TOKEN;
		return GSS_S_DEFECTIVE_TOKEN;
	}
	/* Out of sequence is an error here, not only news: the DATA buffers
	 * hold what came, which must not pass for a message. */
	major = btns_bridged_check(minor, ctx, t->seq);
	if (major != GSS_S_COMPLETE) {
		return GSS_ERROR(major) ? major : GSS_S_BAD_SIG | major;
	}
	if (l->stream >= 0) {
		/* The message stays in the stream: DATA points into it. */
		iov[l->data].buffer = t->inner;
	}
	ctx->recv_seq++;
	if (conf_state != NULL) {
		*conf_state = 1;
	}
	if (qop != NULL) {
		*qop = GSS_C_QOP_DEFAULT;
	}
	return GSS_S_COMPLETE;
}

static OM_uint32 unwrap_krb5(OM_uint32 *minor, struct btns_ctx *ctx, int *conf_state,
			     gss_qop_t *qop, gss_iov_buffer_desc *iov, int count, int at)
{
	gss_iov_buffer_desc *k = krb5_view(iov, count, at, false);
	OM_uint32 major;

	if (k == NULL) {
		*minor = BTNS_ERR_NO_MEMORY;
		return GSS_S_FAILURE;
	}
	major = ctx->glue.unwrap_iov(minor, ctx->krb5, conf_state, qop, k, count);
	take_back(iov, k, count, at);
	free(k);
	return major;
}

OM_uint32 btns_unwrap_iov(OM_uint32 *minor, gss_ctx_id_t handle, int *conf_state, gss_qop_t *qop,
			  gss_iov_buffer_desc *iov, int count)
{
	struct btns_ctx *ctx = btns_ctx_established(minor, handle);
	struct iov_layout l;
	struct btns_token t;
	int at;

	if (ctx == NULL) {
		return GSS_S_NO_CONTEXT;
	}
	/* A token in one STREAM with one DATA to point into it, or a HEADER
	 * and what follows it; never both, never allocated by the caller's
	 * wish (nothing is made here). */
	if (!layout_of(iov, count, &l) || (l.header >= 0) == (l.stream >= 0) ||
	    (l.stream >= 0 && l.data_count != 1)) {
		return bad_iov(minor);
	}
	at = l.stream >= 0 ? l.stream : l.header;
	if (l.stream >= 0 ? btns_token_parse(&iov[at].buffer, &t) != 0 ||
				    (t.type != BTNS_TOK_BRIDGED && t.type != BTNS_TOK_KRB5)
			  : btns_token_header_parse(&iov[at].buffer, &t) != 0) {
		*minor = BTNS_ERR_BAD_TOKEN;
		return GSS_S_DEFECTIVE_TOKEN;
	}
	if (t.type == BTNS_TOK_BRIDGED) {
		return unwrap_bridged(minor, ctx, conf_state, qop, iov, &l, &t);
	}
	return unwrap_krb5(minor, ctx, conf_state, qop, iov, count, at);
}
