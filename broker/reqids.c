/* SPDX-License-Identifier: BSD-2-Clause */
/* The reqids an administrator allows (reqids.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reqids.h"

/* A reqid at *p, which moves past it: 0, or -1 if there is none. */
static int read_reqid(const char **p, uint32_t *out)
{
	char *end;
	unsigned long long n;

	if (**p < '0' || **p > '9') {
		return -1;
	}
	errno = 0;
	n = strtoull(*p, &end, 10);
	if (errno != 0 || n > UINT32_MAX) {
		return -1;
	}
	*p = end;
	*out = (uint32_t)n;
	return 0;
}

static int by_first(const void *a, const void *b)
{
	const struct reqid_range *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

/* Sorts and merges the ranges that touch or overlap. */
static void merge(struct reqid_list *l)
{
	size_t i, kept = 0;

	qsort(l->ranges, l->n, sizeof(*l->ranges), by_first);
	for (i = 0; i < l->n; i++) {
		struct reqid_range *last = kept > 0 ? &l->ranges[kept - 1] : NULL;

		if (last != NULL && (last->last == UINT32_MAX || l->ranges[i].first <= last->last + 1)) {
			if (l->ranges[i].last > last->last) {
				last->last = l->ranges[i].last;
			}
			continue;
		}
		l->ranges[kept++] = l->ranges[i];
	}
	l->n = kept;
}

static void describe_reqids(struct reqid_list *l)
{
	size_t i, used = 0;

	l->text[0] = '\0';
	for (i = 0; i < l->n && used < sizeof(l->text); i++) {
		const struct reqid_range *r = &l->ranges[i];
		int n = r->first == r->last
				? snprintf(l->text + used, sizeof(l->text) - used, "%s%u", i ? "," : "",
					   (unsigned)r->first)
				: snprintf(l->text + used, sizeof(l->text) - used, "%s%u-%u", i ? "," : "",
					   (unsigned)r->first, (unsigned)r->last);

		used += n > 0 ? (size_t)n : 0;
	}
	if (used >= sizeof(l->text)) {
		strcpy(l->text + sizeof(l->text) - 4, "...");
	}
}

int reqid_list_parse(const char *text, struct reqid_list *out, char *why, size_t size)
{
	const char *p = text;
	size_t cap = 1;

	memset(out, 0, sizeof(*out));
	for (; *p != '\0'; p++) {
		cap += *p == ',';
	}
	out->ranges = calloc(cap, sizeof(*out->ranges));
	if (out->ranges == NULL) {
		snprintf(why, size, "no memory for the reqid list");
		return -1;
	}
	for (p = text;;) {
		struct reqid_range r;

		if (read_reqid(&p, &r.first) != 0) {
			break;
		}
		r.last = r.first;
		if (*p == '-') {
			p++;
			if (read_reqid(&p, &r.last) != 0 || r.last < r.first) {
				break;
			}
		}
		out->ranges[out->n++] = r;
		if (*p == '\0') {
			merge(out);
			describe_reqids(out);
			return 0;
		}
		if (*p++ != ',') {
			break;
		}
	}
	snprintf(why, size,
		 "--reqids wants reqids and ranges of them from 0 to %u, comma-separated (such as "
		 "0,100,200-299), not \"%s\"",
		 (unsigned)UINT32_MAX, text);
	reqid_list_clear(out);
	return -1;
}

bool reqid_list_allows(const struct reqid_list *list, uint32_t reqid)
{
	size_t lo = 0, hi = list->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (reqid < list->ranges[mid].first) {
			hi = mid;
		} else if (reqid > list->ranges[mid].last) {
			lo = mid + 1;
		} else {
			return true;
		}
	}
	return false;
}

void reqid_list_clear(struct reqid_list *list)
{
	free(list->ranges);
	memset(list, 0, sizeof(*list));
}
