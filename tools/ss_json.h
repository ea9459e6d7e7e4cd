/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A JSON writer for ipsec-ss --json: compact on one line, as ip -j
 * writes, or indented (--pretty).  Members are written in order; the
 * writer puts the commas, colons and indentation.
 */
#ifndef IPSEC_SS_JSON_H
#define IPSEC_SS_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct ss_json;

/* NULL when out of memory. */
struct ss_json *ss_json_create(FILE *out, bool pretty);

/* An object ('{') or array ('['), a member called key of the object
 * around it (key NULL in an array or at the top). */
void ss_json_open(struct ss_json *j, const char *key, char bracket);
/* Closes the innermost; a newline after the outermost. */
void ss_json_close(struct ss_json *j);

void ss_json_string(struct ss_json *j, const char *key, const char *value);
void ss_json_number(struct ss_json *j, const char *key, uint64_t value);
void ss_json_bool(struct ss_json *j, const char *key, bool value);

void ss_json_free(struct ss_json *j);

#endif
