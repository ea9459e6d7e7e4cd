/* SPDX-License-Identifier: BSD-2-Clause */
#include <inttypes.h>
#include <stdlib.h>

#include "ss_escape.h"
#include "ss_json.h"

/* ipsec-ss nests four deep: the list, a socket, its processes, one. */
#define MAX_DEPTH 8

struct ss_json {
	FILE *out;
	bool pretty;
	unsigned depth;
	bool empty[MAX_DEPTH]; /* nothing written yet in this object or array */
	char closing[MAX_DEPTH];
};

struct ss_json *ss_json_create(FILE *out, bool pretty)
{
	struct ss_json *j = calloc(1, sizeof(*j));

	if (j != NULL) {
		j->out = out;
		j->pretty = pretty;
	}
	return j;
}

static void new_line(struct ss_json *j)
{
	unsigned i;

	if (j->pretty) {
		putc('\n', j->out);
		for (i = 0; i < j->depth; i++) {
			fputs("  ", j->out);
		}
	}
}

/* The comma before a member, its line and its key. */
static void member(struct ss_json *j, const char *key)
{
	if (j->depth > 0) {
		if (!j->empty[j->depth - 1]) {
			putc(',', j->out);
		}
		j->empty[j->depth - 1] = false;
		new_line(j);
	}
	if (key != NULL) {
		ss_put_json_string(j->out, key);
		fputs(j->pretty ? ": " : ":", j->out);
	}
}

void ss_json_open(struct ss_json *j, const char *key, char bracket)
{
	if (j->depth == MAX_DEPTH) {
		abort(); /* deeper than ipsec-ss ever writes: a bug */
	}
	member(j, key);
	putc(bracket, j->out);
	j->empty[j->depth] = true;
	j->closing[j->depth] = bracket == '{' ? '}' : ']';
	j->depth++;
}

void ss_json_close(struct ss_json *j)
{
	if (j->depth == 0) {
		abort(); /* nothing open: a bug */
	}
	j->depth--;
	if (!j->empty[j->depth]) {
		new_line(j);
	}
	putc(j->closing[j->depth], j->out);
	if (j->depth == 0) {
		putc('\n', j->out);
	}
}

void ss_json_string(struct ss_json *j, const char *key, const char *value)
{
	member(j, key);
	ss_put_json_string(j->out, value);
}

void ss_json_number(struct ss_json *j, const char *key, uint64_t value)
{
	member(j, key);
	fprintf(j->out, "%" PRIu64, value);
}

void ss_json_bool(struct ss_json *j, const char *key, bool value)
{
	member(j, key);
	fputs(value ? "true" : "false", j->out);
}

void ss_json_free(struct ss_json *j)
{
	free(j);
}
