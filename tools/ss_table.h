/* SPDX-License-Identifier: BSD-2-Clause */
/* Rows of cells printed in aligned columns, as ss prints its sockets: all
 * the rows are known before the widths are. */
#ifndef IPSEC_SS_TABLE_H
#define IPSEC_SS_TABLE_H

#include <stddef.h>
#include <stdio.h>

struct ss_table;

/* NULL when out of memory. */
struct ss_table *ss_table_create(size_t columns);

/* The next cell, left to right and row after row: a copy of text, or
 * owned, which the table frees (NULL, as from a failed allocation, is
 * refused).  0, or -1 with ENOMEM. */
int ss_table_add(struct ss_table *t, const char *text);
int ss_table_add_owned(struct ss_table *t, char *owned);

/* Each column as wide as its widest cell, two spaces apart; the last one
 * not padded. */
void ss_table_print(const struct ss_table *t, FILE *out);

void ss_table_free(struct ss_table *t);

#endif
