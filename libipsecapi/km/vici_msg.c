/* SPDX-License-Identifier: BSD-2-Clause */
/* strongSwan's VICI wire format (vici_msg.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "vici_msg.h"

static bool is_named(uint8_t type)
{
	return type == IPSECAPI_VICI_CMD_REQUEST || type == IPSECAPI_VICI_EVENT_REGISTER ||
	       type == IPSECAPI_VICI_EVENT_UNREGISTER || type == IPSECAPI_VICI_EVENT;
}

static bool has_message(uint8_t type)
{
	return type == IPSECAPI_VICI_CMD_REQUEST || type == IPSECAPI_VICI_CMD_RESPONSE ||
	       type == IPSECAPI_VICI_EVENT;
}

/* Reading: a cursor over the payload. */
struct reader {
	const uint8_t *at, *end;
	const char *fn;
};

static int bad(const struct reader *r, const char *what)
{
	return ipsecapi_fail(EBADMSG, r->fn, "a VICI message with %s", what);
}

static int read_name(struct reader *r, char *out, size_t room)
{
	size_t n;

	if (r->at >= r->end) {
		return bad(r, "a name cut short");
	}
	n = *r->at++;
	if (n == 0 || (size_t)(r->end - r->at) < n || n >= room || memchr(r->at, '\0', n) != NULL) {
		return bad(r, "a name that is empty, cut short or has a NUL");
	}
	memcpy(out, r->at, n);
	out[n] = '\0';
	r->at += n;
	return 0;
}

static int read_value(struct reader *r, struct ipsecapi_vici_value *v)
{
	size_t n;

	if (r->end - r->at < 2) {
		return bad(r, "a value's length cut short");
	}
	n = (size_t)r->at[0] << 8 | r->at[1];
	r->at += 2;
	if ((size_t)(r->end - r->at) < n) {
		return bad(r, "a value cut short");
	}
	v->data = malloc(n + 1);
	if (v->data == NULL) {
		return ipsecapi_fail(ENOMEM, r->fn, "no memory for a VICI value");
	}
	memcpy(v->data, r->at, n);
	v->data[n] = '\0';
	v->len = n;
	r->at += n;
	return 0;
}

static void section_free(struct ipsecapi_vici_section *s);

static void entry_clear(struct ipsecapi_vici_entry *e)
{
	size_t i;

	free(e->name);
	free(e->value.data);
	for (i = 0; i < e->nitems; i++) {
		free(e->items[i].data);
	}
	free(e->items);
	section_free(e->section);
}

static void section_free(struct ipsecapi_vici_section *s)
{
	size_t i;

	if (s == NULL) {
		return;
	}
	for (i = 0; i < s->n; i++) {
		entry_clear(&s->entries[i]);
	}
	free(s->entries);
	free(s);
}

/* A new entry of s, zeroed, or NULL. */
static struct ipsecapi_vici_entry *add_entry(struct ipsecapi_vici_section *s, const char *name,
					     uint8_t kind, const char *fn)
{
	struct ipsecapi_vici_entry *more = realloc(s->entries, (s->n + 1) * sizeof(*more));

	if (more == NULL) {
		ipsecapi_fail(ENOMEM, fn, "no memory for a VICI message");
		return NULL;
	}
	s->entries = more;
	memset(&more[s->n], 0, sizeof(more[s->n]));
	more[s->n].kind = kind;
	more[s->n].name = strdup(name);
	if (more[s->n].name == NULL) {
		ipsecapi_fail(ENOMEM, fn, "no memory for a VICI message");
		return NULL;
	}
	return &more[s->n++];
}

static int read_list(struct reader *r, struct ipsecapi_vici_entry *e)
{
	for (;;) {
		struct ipsecapi_vici_value *more;

		if (r->at >= r->end) {
			return bad(r, "a list that does not end");
		}
		if (*r->at == IPSECAPI_VICI_LIST_END) {
			r->at++;
			return 0;
		}
		if (*r->at++ != IPSECAPI_VICI_LIST_ITEM) {
			return bad(r, "a list that holds something other than items");
		}
		more = realloc(e->items, (e->nitems + 1) * sizeof(*more));
		if (more == NULL) {
			return ipsecapi_fail(ENOMEM, r->fn, "no memory for a VICI list");
		}
		e->items = more;
		memset(&more[e->nitems], 0, sizeof(more[e->nitems]));
		if (read_value(r, &more[e->nitems++]) != 0) {
			return -1;
		}
	}
}

/* Elements into s until the end of the payload (depth 0) or the end of
 * the section. */
static int read_section(struct reader *r, struct ipsecapi_vici_section *s, int depth)
{
	char name[256];

	while (r->at < r->end) {
		struct ipsecapi_vici_entry *e;
		uint8_t kind = *r->at++;

		if (kind == IPSECAPI_VICI_SECTION_END) {
			return depth > 0 ? 0 : bad(r, "a section end outside any section");
		}
		if (kind != IPSECAPI_VICI_SECTION_START && kind != IPSECAPI_VICI_KEY_VALUE &&
		    kind != IPSECAPI_VICI_LIST_START) {
			return bad(r, "an element of unknown or misplaced type");
		}
		if (read_name(r, name, sizeof(name)) != 0 ||
		    (e = add_entry(s, name, kind, r->fn)) == NULL) {
			return -1;
		}
		if (kind == IPSECAPI_VICI_KEY_VALUE && read_value(r, &e->value) != 0) {
			return -1;
		}
		if (kind == IPSECAPI_VICI_LIST_START && read_list(r, e) != 0) {
			return -1;
		}
		if (kind == IPSECAPI_VICI_SECTION_START) {
			if (depth + 1 >= IPSECAPI_VICI_MAX_DEPTH) {
				return bad(r, "sections nested too deep");
			}
			e->section = calloc(1, sizeof(*e->section));
			if (e->section == NULL) {
				return ipsecapi_fail(ENOMEM, r->fn, "no memory for a VICI section");
			}
			if (read_section(r, e->section, depth + 1) != 0) {
				return -1;
			}
		}
	}
	return depth == 0 ? 0 : bad(r, "a section that does not end");
}

int ipsecapi_vici_parse(const uint8_t *buf, size_t len, struct ipsecapi_vici_packet *p,
			const char *fn)
{
	struct reader r = { .at = buf, .end = buf + len, .fn = fn };

	memset(p, 0, sizeof(*p));
	if (len == 0 || len > IPSECAPI_VICI_MAX_PACKET) {
		return ipsecapi_fail(EBADMSG, fn, "a VICI packet of %zu octets", len);
	}
	p->type = *r.at++;
	if (p->type > IPSECAPI_VICI_EVENT) {
		return ipsecapi_fail(EBADMSG, fn, "VICI packet type %u", (unsigned)p->type);
	}
	if (is_named(p->type) && read_name(&r, p->name, sizeof(p->name)) != 0) {
		return -1;
	}
	if (!has_message(p->type)) {
		return r.at == r.end ? 0 : bad(&r, "octets after a packet that carries no message");
	}
	p->message = calloc(1, sizeof(*p->message));
	if (p->message == NULL) {
		return ipsecapi_fail(ENOMEM, fn, "no memory for a VICI message");
	}
	if (read_section(&r, p->message, 0) != 0) {
		ipsecapi_vici_packet_clear(p);
		return -1;
	}
	return 0;
}

void ipsecapi_vici_packet_clear(struct ipsecapi_vici_packet *p)
{
	int err = errno;

	section_free(p->message);
	memset(p, 0, sizeof(*p));
	errno = err;
}

const struct ipsecapi_vici_entry *ipsecapi_vici_find(const struct ipsecapi_vici_section *s,
						     const char *name, uint8_t kind)
{
	size_t i;

	for (i = 0; s != NULL && i < s->n; i++) {
		if (s->entries[i].kind == kind && strcmp(s->entries[i].name, name) == 0) {
			return &s->entries[i];
		}
	}
	return NULL;
}

const char *ipsecapi_vici_get(const struct ipsecapi_vici_section *s, const char *name)
{
	const struct ipsecapi_vici_entry *e = ipsecapi_vici_find(s, name, IPSECAPI_VICI_KEY_VALUE);

	if (e == NULL || memchr(e->value.data, '\0', e->value.len) != NULL) {
		return NULL;
	}
	return (const char *)e->value.data;
}

const struct ipsecapi_vici_section *ipsecapi_vici_sub(const struct ipsecapi_vici_section *s,
						      const char *name)
{
	const struct ipsecapi_vici_entry *e =
		ipsecapi_vici_find(s, name, IPSECAPI_VICI_SECTION_START);

	return e != NULL ? e->section : NULL;
}

/* Writing. */
static int write_octets(struct ipsecapi_vici_writer *w, const void *data, size_t n)
{
	if (w->failed) {
		return -1;
	}
	if (w->len + n > 4 + IPSECAPI_VICI_MAX_PACKET) {
		w->failed = true;
		return ipsecapi_fail(E2BIG, w->fn, "a VICI packet longer than %u octets",
				     IPSECAPI_VICI_MAX_PACKET);
	}
	if (w->len + n > w->cap) {
		size_t cap = (w->len + n) * 2;
		uint8_t *more = realloc(w->buf, cap);

		if (more == NULL) {
			w->failed = true;
			return ipsecapi_fail(ENOMEM, w->fn, "no memory for a VICI packet");
		}
		w->buf = more;
		w->cap = cap;
	}
	memcpy(w->buf + w->len, data, n);
	w->len += n;
	return 0;
}

static int put_name(struct ipsecapi_vici_writer *w, const char *name)
{
	size_t n = strlen(name);
	uint8_t len = (uint8_t)n;

	if (n == 0 || n > 255) {
		w->failed = true;
		return ipsecapi_fail(EINVAL, w->fn, "a VICI name of %zu octets", n);
	}
	return write_octets(w, &len, 1) == 0 ? write_octets(w, name, n) : -1;
}

static int put_value(struct ipsecapi_vici_writer *w, const void *value, size_t len)
{
	uint8_t n[2] = { (uint8_t)(len >> 8), (uint8_t)len };

	if (len > 0xffff) {
		w->failed = true;
		return ipsecapi_fail(EINVAL, w->fn, "a VICI value of %zu octets", len);
	}
	return write_octets(w, n, 2) == 0 ? write_octets(w, value, len) : -1;
}

static int put_element(struct ipsecapi_vici_writer *w, uint8_t element, bool list_item)
{
	if (!w->failed && w->in_list != list_item) {
		w->failed = true;
		return ipsecapi_fail(EINVAL, w->fn, "a VICI element out of order");
	}
	return write_octets(w, &element, 1);
}

int ipsecapi_vici_begin(struct ipsecapi_vici_writer *w, uint8_t type, const char *name,
			const char *fn)
{
	static const uint8_t no_length[4];

	memset(w, 0, sizeof(*w));
	w->fn = fn;
	if (write_octets(w, no_length, sizeof(no_length)) != 0 || write_octets(w, &type, 1) != 0) {
		return -1;
	}
	return is_named(type) ? put_name(w, name) : 0;
}

int ipsecapi_vici_section_start(struct ipsecapi_vici_writer *w, const char *name)
{
	if (put_element(w, IPSECAPI_VICI_SECTION_START, false) != 0 || put_name(w, name) != 0) {
		return -1;
	}
	w->depth++;
	return 0;
}

int ipsecapi_vici_section_end(struct ipsecapi_vici_writer *w)
{
	if (!w->failed && w->depth == 0) {
		w->failed = true;
		return ipsecapi_fail(EINVAL, w->fn, "a VICI section end outside any section");
	}
	if (put_element(w, IPSECAPI_VICI_SECTION_END, false) != 0) {
		return -1;
	}
	w->depth--;
	return 0;
}

int ipsecapi_vici_key_value(struct ipsecapi_vici_writer *w, const char *name, const void *value,
			    size_t len)
{
	if (put_element(w, IPSECAPI_VICI_KEY_VALUE, false) != 0 || put_name(w, name) != 0) {
		return -1;
	}
	return put_value(w, value, len);
}

int ipsecapi_vici_list_start(struct ipsecapi_vici_writer *w, const char *name)
{
	if (put_element(w, IPSECAPI_VICI_LIST_START, false) != 0 || put_name(w, name) != 0) {
		return -1;
	}
	w->in_list = true;
	return 0;
}

int ipsecapi_vici_list_item(struct ipsecapi_vici_writer *w, const void *value, size_t len)
{
	return put_element(w, IPSECAPI_VICI_LIST_ITEM, true) == 0 ? put_value(w, value, len) : -1;
}

int ipsecapi_vici_list_end(struct ipsecapi_vici_writer *w)
{
	if (put_element(w, IPSECAPI_VICI_LIST_END, true) != 0) {
		return -1;
	}
	w->in_list = false;
	return 0;
}

int ipsecapi_vici_write_entries(struct ipsecapi_vici_writer *w,
				const struct ipsecapi_vici_section *s)
{
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		const struct ipsecapi_vici_entry *e = &s->entries[i];
		int rc;

		if (e->kind == IPSECAPI_VICI_KEY_VALUE) {
			rc = ipsecapi_vici_key_value(w, e->name, e->value.data, e->value.len);
		} else if (e->kind == IPSECAPI_VICI_LIST_START) {
			rc = ipsecapi_vici_list_start(w, e->name);
			for (j = 0; rc == 0 && j < e->nitems; j++) {
				rc = ipsecapi_vici_list_item(w, e->items[j].data, e->items[j].len);
			}
			rc = rc == 0 ? ipsecapi_vici_list_end(w) : -1;
		} else {
			rc = ipsecapi_vici_section_start(w, e->name);
			rc = rc == 0 ? ipsecapi_vici_write_entries(w, e->section) : -1;
			rc = rc == 0 ? ipsecapi_vici_section_end(w) : -1;
		}
		if (rc != 0) {
			return -1;
		}
	}
	return 0;
}

int ipsecapi_vici_finish(struct ipsecapi_vici_writer *w)
{
	uint32_t n;

	if (w->failed) {
		return -1;
	}
	if (w->depth != 0 || w->in_list) {
		w->failed = true;
		return ipsecapi_fail(EINVAL, w->fn, "a VICI packet with a section or list not closed");
	}
	n = htonl((uint32_t)(w->len - 4));
	memcpy(w->buf, &n, sizeof(n));
	return 0;
}

void ipsecapi_vici_writer_clear(struct ipsecapi_vici_writer *w)
{
	free(w->buf);
	memset(w, 0, sizeof(*w));
}
