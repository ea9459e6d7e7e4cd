/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ss_table.h"

struct ss_table {
	size_t columns;
	char **cells;
	size_t n, room;
};

struct ss_table *ss_table_create(size_t columns)
{
	struct ss_table *t = calloc(1, sizeof(*t));

	if (t != NULL) {
		t->columns = columns;
	}
	return t;
}

int ss_table_add_owned(struct ss_table *t, char *owned)
{
	char **cells;

	if (owned == NULL) {
		errno = ENOMEM;
		return -1;
	}
	if (t->n == t->room) {
		size_t room = t->room != 0 ? 2 * t->room : 64;

		cells = realloc(t->cells, room * sizeof(*cells));
		if (cells == NULL) {
			free(owned);
			errno = ENOMEM;
			return -1;
		}
		t->cells = cells;
		t->room = room;
	}
	t->cells[t->n++] = owned;
	return 0;
}

int ss_table_add(struct ss_table *t, const char *text)
{
	return ss_table_add_owned(t, strdup(text));
}

void ss_table_print(const struct ss_table *t, FILE *out)
{
	size_t *width = calloc(t->columns, sizeof(*width));
	size_t i, column;

	for (i = 0; i < t->n; i++) {
		size_t len = strlen(t->cells[i]);

		column = i % t->columns;
		if (width != NULL && len > width[column]) {
			width[column] = len;
		}
	}
	for (i = 0; i < t->n; i++) {
		column = i % t->columns;
		if (column + 1 == t->columns || i + 1 == t->n) {
			fprintf(out, "%s\n", t->cells[i]);
		} else {
			/* Without memory for the widths, unaligned. */
			fprintf(out, "%-*s  ", width != NULL ? (int)width[column] : 0, t->cells[i]);
		}
	}
	free(width);
}

void ss_table_free(struct ss_table *t)
{
	size_t i;

	if (t != NULL) {
		for (i = 0; i < t->n; i++) {
			free(t->cells[i]);
		}
		free(t->cells);
		free(t);
	}
}
