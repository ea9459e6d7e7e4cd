/* SPDX-License-Identifier: BSD-2-Clause */
/* Reading pluto's `whack --status` (pluto_status.h). */
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pluto_status.h"

struct line {
	const char *p, *end;
};

static bool starts(const struct line *l, const char *prefix)
{
	size_t n = strlen(prefix);

	return (size_t)(l->end - l->p) >= n && memcmp(l->p, prefix, n) == 0;
}

/* Where needle starts in the line, or NULL. */
static const char *find(const struct line *l, const char *needle)
{
	size_t n = strlen(needle);
	const char *p;

	for (p = l->p; (size_t)(l->end - p) >= n; p++) {
		if (memcmp(p, needle, n) == 0) {
			return p;
		}
	}
	return NULL;
}

/* Where the line goes on after needle, or NULL (the line is not
 * NUL-terminated: nothing here may look past its end). */
static const char *after(const struct line *l, const char *needle)
{
	const char *p = find(l, needle);

	return p != NULL ? p + strlen(needle) : NULL;
}

static bool take_number(struct line *l, unsigned long *out)
{
	unsigned long v = 0;
	const char *start = l->p;

	while (l->p < l->end && *l->p >= '0' && *l->p <= '9') {
		if (v > (~0UL - 9) / 10) {
			return false;
		}
		v = v * 10 + (unsigned long)(*l->p - '0');
		l->p++;
	}
	*out = v;
	return l->p > start;
}

/* "name" and an instance's [serial], as whack writes a connection. */
static bool take_name(struct line *l, char *out, size_t size)
{
	const char *start = l->p, *close;
	unsigned long serial;
	size_t n;

	if (l->p >= l->end || *l->p != '"') {
		return false;
	}
	close = memchr(l->p + 1, '"', (size_t)(l->end - l->p - 1));
	if (close == NULL) {
		return false;
	}
	l->p = close + 1;
	if (l->p < l->end && *l->p == '[') {
		l->p++;
		if (!take_number(l, &serial) || l->p >= l->end || *l->p != ']') {
			return false;
		}
		l->p++;
	}
	n = (size_t)(l->p - start);
	if (n >= size) {
		return false;
	}
	memcpy(out, start, n);
	out[n] = '\0';
	return true;
}

/* Copies the value that follows key up to one of the stop characters (or
 * the line's end). */
static bool take_value(const struct line *l, const char *key, const char *stops, char *out,
		       size_t size)
{
	const char *p = find(l, key), *v;
	size_t n;

	if (p == NULL) {
		return false;
	}
	v = p + strlen(key);
	for (p = v; p < l->end && strchr(stops, *p) == NULL; p++) {
	}
	n = (size_t)(p - v);
	if (n == 0 || n >= size) {
		return false;
	}
	memcpy(out, v, n);
	out[n] = '\0';
	return true;
}

__attribute__((format(printf, 4, 5))) static int fail(char *why, size_t size, unsigned line,
						      const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(why, size, "line %u of whack's status: ", line);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < size) {
		vsnprintf(why + n, size - (size_t)n, fmt, ap);
	}
	va_end(ap);
	errno = EBADMSG;
	return -1;
}

static void *grow(void *array, size_t count, size_t each)
{
	if (count != 0 && (count & (count - 1)) != 0) {
		return array; /* room left: sizes are powers of two */
	}
	return realloc(array, (count == 0 ? 1 : count * 2) * each);
}

static struct ipsecapi_pluto_child *child_numbered(struct ipsecapi_pluto_status *st,
						   unsigned long serial)
{
	struct ipsecapi_pluto_child *c;
	size_t i;

	for (i = 0; i < st->nchildren; i++) {
		if (st->children[i].serial == serial) {
			return &st->children[i];
		}
	}
	c = grow(st->children, st->nchildren, sizeof(*c));
	if (c == NULL) {
		return NULL;
	}
	st->children = c;
	c = &st->children[st->nchildren++];
	memset(c, 0, sizeof(*c));
	c->serial = serial;
	return c;
}

/* One said, "esp.2d9969f8@192.0.2.2": its protocol, SPI and address. */
static bool take_said(struct line *l, uint8_t *proto, uint32_t *spi, char *addr, size_t size)
{
	const char *dot, *at, *end;
	unsigned long v = 0;
	const char *p;
	size_t n;

	for (end = l->p; end < l->end && *end != ' '; end++) {
	}
	dot = memchr(l->p, '.', (size_t)(end - l->p));
	at = dot != NULL ? memchr(dot, '@', (size_t)(end - dot)) : NULL;
	if (at == NULL || at - dot < 2 || at - dot > 9 || end - at < 2) {
		return false;
	}
	if (dot - l->p == 3 && memcmp(l->p, "esp", 3) == 0) {
		*proto = IPPROTO_ESP;
	} else if (dot - l->p == 2 && memcmp(l->p, "ah", 2) == 0) {
		*proto = IPPROTO_AH;
	} else {
		*proto = 0; /* comp., tun.: not an SA that IKE names by SPI */
	}
	for (p = dot + 1; p < at; p++) {
		int d = *p >= '0' && *p <= '9'   ? *p - '0'
			: *p >= 'a' && *p <= 'f' ? *p - 'a' + 10
						 : -1;
		if (d < 0) {
			return false;
		}
		v = v * 16 + (unsigned long)d;
	}
	n = (size_t)(end - at - 1);
	if (n >= size) {
		return false;
	}
	memcpy(addr, at + 1, n);
	addr[n] = '\0';
	*spi = (uint32_t)v;
	l->p = end;
	return true;
}

/* whack's name for an instance goes on after its [serial] with the peer's
 * address (" 192.0.2.2", or " ...192.0.2.2" and the clients when
 * opportunistic) up to the first said. */
static void skip_instance_address(struct line *l)
{
	const char *word = l->p, *end;

	while (word < l->end && *word == ' ') {
		for (end = word + 1; end < l->end && *end != ' '; end++) {
		}
		if (memchr(word, '@', (size_t)(end - word)) != NULL ||
		    (end - word == 9 && memcmp(word, " Traffic:", 9) == 0)) {
			break;
		}
		word = end;
	}
	l->p = word;
}

/* "#2: "btns" esp.OUT@PEER esp.IN@ME ... Traffic: ...": the first ESP pair,
 * or else the first AH pair (outbound first, as whack lists them). */
static bool take_saids(struct line *l, struct ipsecapi_pluto_child *c)
{
	uint8_t proto, first_proto = 0;
	uint32_t spi, first_spi = 0;
	char addr[64], first_addr[64];
	bool have_first = false;

	while (l->p < l->end && *l->p == ' ') {
		l->p++;
		if (starts(l, "Traffic:")) {
			return true;
		}
		if (!take_said(l, &proto, &spi, addr, sizeof(addr))) {
			return false;
		}
		if (proto == 0) {
			continue;
		}
		if (!have_first) {
			have_first = true;
			first_proto = proto, first_spi = spi;
			memcpy(first_addr, addr, sizeof(addr));
			continue;
		}
		have_first = false;
		if (proto != first_proto) {
			return false;
		}
		if (c->proto != IPPROTO_ESP) { /* ESP's pair wins over AH's */
			c->proto = proto;
			c->spi_out = first_spi, c->spi_in = spi;
			memcpy(c->peer, first_addr, sizeof(c->peer));
			memcpy(c->me, addr, sizeof(c->me));
		}
	}
	return false;
}

static int state_line(struct ipsecapi_pluto_status *st, struct line *l, unsigned n, char *why,
		      size_t why_size)
{
	char name[IPSECAPI_PLUTO_NAME_LEN];
	struct ipsecapi_pluto_child *c;
	unsigned long serial, ike;
	const char *under;
	struct line rest;

	l->p++; /* '#' */
	if (!take_number(l, &serial) || serial == 0 || !starts(l, ": ")) {
		return fail(why, why_size, n, "a state without a number");
	}
	l->p += 2;
	if (!take_name(l, name, sizeof(name))) {
		return fail(why, why_size, n, "state #%lu has no connection name", serial);
	}
	if (find(l, " Traffic:") != NULL) {
		c = child_numbered(st, serial);
		if (c == NULL) {
			return -1;
		}
		if (name[strlen(name) - 1] == ']') {
			skip_instance_address(l);
		}
		if (!take_saids(l, c)) {
			return fail(why, why_size, n, "state #%lu's SAs cannot be read", serial);
		}
		snprintf(c->conn, sizeof(c->conn), "%s", name);
		return 0;
	}
	under = after(l, "; IKE SA #");
	under = under != NULL ? under : after(l, "; ISAKMP SA #");
	if (under != NULL) {
		rest.p = under, rest.end = l->end;
		if (!take_number(&rest, &ike) || ike == 0) {
			return fail(why, why_size, n, "state #%lu names no IKE SA", serial);
		}
		c = child_numbered(st, serial);
		if (c == NULL) {
			return -1;
		}
		c->ike_serial = ike;
		return 0;
	}
	if (find(l, " STATE_V2_ESTABLISHED_IKE_SA ") != NULL) {
		unsigned long *ikes = grow(st->ikes, st->nikes, sizeof(*ikes));

		if (ikes == NULL) {
			return -1;
		}
		st->ikes = ikes;
		st->ikes[st->nikes++] = serial;
	}
	return 0;
}

static struct ipsecapi_pluto_conn *conn_named(struct ipsecapi_pluto_status *st, const char *name)
{
	struct ipsecapi_pluto_conn *c = (struct ipsecapi_pluto_conn *)ipsecapi_pluto_conn_of(st, name);

	if (c != NULL) {
		return c;
	}
	c = grow(st->conns, st->nconns, sizeof(*c));
	if (c == NULL) {
		return NULL;
	}
	st->conns = c;
	c = &st->conns[st->nconns++];
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	return c;
}

static int conn_line(struct ipsecapi_pluto_status *st, struct line *l, unsigned n, char *why,
		     size_t why_size)
{
	char name[IPSECAPI_PLUTO_NAME_LEN];
	struct ipsecapi_pluto_conn *c;
	bool auth = find(l, " their auth:") != NULL, id = find(l, " their id=") != NULL;

	if (!auth && !id) {
		return 0;
	}
	if (!take_name(l, name, sizeof(name))) {
		return fail(why, why_size, n, "a connection without a name");
	}
	c = conn_named(st, name);
	if (c == NULL) {
		return -1;
	}
	if (auth && !take_value(l, " their auth:", ",; ", c->their_auth, sizeof(c->their_auth))) {
		return fail(why, why_size, n, "%s: their auth cannot be read", name);
	}
	if (id && !take_value(l, " their id=", "", c->their_id, sizeof(c->their_id))) {
		return fail(why, why_size, n, "%s: their id cannot be read", name);
	}
	return 0;
}

/* Children need both of their lines; those with one are dropped. */
static void keep_whole_children(struct ipsecapi_pluto_status *st)
{
	size_t i, kept = 0;

	for (i = 0; i < st->nchildren; i++) {
		if (st->children[i].ike_serial != 0 && st->children[i].proto != 0) {
			st->children[kept++] = st->children[i];
		}
	}
	st->nchildren = kept;
}

int ipsecapi_pluto_status_parse(const char *text, size_t len, struct ipsecapi_pluto_status *st,
				char *why, size_t why_size)
{
	const char *p = text, *end = text + len;
	unsigned n = 0;
	int rc = 0;

	memset(st, 0, sizeof(*st));
	while (rc == 0 && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct line l = { p, nl != NULL ? nl : end };

		p = nl != NULL ? nl + 1 : end;
		n++;
		if (l.p == l.end) {
			continue;
		}
		if (l.end - l.p < 4 || l.p[0] < '0' || l.p[0] > '9' || l.p[1] < '0' || l.p[1] > '9' ||
		    l.p[2] < '0' || l.p[2] > '9' || l.p[3] != ' ') {
			rc = fail(why, why_size, n, "no reply code; this is not whack's status");
			break;
		}
		if (memchr(l.p, '\0', (size_t)(l.end - l.p)) != NULL) {
			rc = fail(why, why_size, n, "a NUL byte");
			break;
		}
		l.p += 4;
		if (starts(&l, "#")) {
			rc = state_line(st, &l, n, why, why_size);
		} else if (starts(&l, "\"")) {
			rc = conn_line(st, &l, n, why, why_size);
		}
	}
	if (rc == 0) {
		keep_whole_children(st);
	} else {
		int e = errno;

		ipsecapi_pluto_status_free(st);
		errno = e;
	}
	return rc;
}

void ipsecapi_pluto_status_free(struct ipsecapi_pluto_status *st)
{
	free(st->children);
	free(st->ikes);
	free(st->conns);
	memset(st, 0, sizeof(*st));
}

const struct ipsecapi_pluto_child *ipsecapi_pluto_child_of(const struct ipsecapi_pluto_status *st,
							   uint8_t proto, uint32_t spi_out,
							   uint32_t spi_in)
{
	size_t i;

	for (i = 0; i < st->nchildren; i++) {
		const struct ipsecapi_pluto_child *c = &st->children[i];

		if (c->proto == proto && c->spi_out == spi_out && c->spi_in == spi_in) {
			return c;
		}
	}
	return NULL;
}

const struct ipsecapi_pluto_conn *ipsecapi_pluto_conn_of(const struct ipsecapi_pluto_status *st,
							 const char *name)
{
	size_t i;

	for (i = 0; i < st->nconns; i++) {
		if (strcmp(st->conns[i].name, name) == 0) {
			return &st->conns[i];
		}
	}
	return NULL;
}

bool ipsecapi_pluto_status_lists(const struct ipsecapi_pluto_status *st, bool ike,
				 unsigned long serial)
{
	size_t i;

	for (i = 0; ike && i < st->nikes; i++) {
		if (st->ikes[i] == serial) {
			return true;
		}
	}
	for (i = 0; i < st->nchildren; i++) {
		if ((ike ? st->children[i].ike_serial : st->children[i].serial) == serial) {
			return true;
		}
	}
	return false;
}
