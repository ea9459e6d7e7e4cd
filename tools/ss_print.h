/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A socket's report as ipsec-ss prints it (ipsec-ss(8) documents both
 * forms): a row of the text table, under a header, or a JSON object.
 * The processes that hold the socket are printed only for -p.
 */
#ifndef IPSEC_SS_PRINT_H
#define IPSEC_SS_PRINT_H

#include <stdbool.h>
#include <stddef.h>

#include "ss_json.h"
#include "ss_processes.h"
#include "ss_report.h"
#include "ss_table.h"

struct ss_holders {
	bool shown; /* -p */
	const struct ss_process *v;
	size_t n;
};

/* The table's columns, with or without the Process column. */
size_t ss_text_columns(bool processes);
/* The header row.  0, or -1 with ENOMEM. */
int ss_text_header(struct ss_table *t, bool processes);
/* The report's row.  0, or -1 with ENOMEM. */
int ss_text_row(struct ss_table *t, const struct ss_report *r, const struct ss_holders *holders);

/* The report as an object of the array that j has open. */
void ss_json_report(struct ss_json *j, const struct ss_report *r,
		    const struct ss_holders *holders);

#endif
