/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Text that may hold anything (an audit sentence, a peer's name, a
 * process's name), written so that a reader splits the output without
 * doubt: quoted for ipsec-ss's text lines, a string for its JSON.
 */
#ifndef IPSEC_SS_ESCAPE_H
#define IPSEC_SS_ESCAPE_H

#include <stdio.h>

/* s in double quotes, with \" \\ \n \r \t, and \xHH for any other
 * control octet and any octet that is not part of valid UTF-8; NULL
 * when out of memory.  The caller frees it. */
char *ss_quoted(const char *s);

/* s as a JSON string: control characters escaped, an octet that is not
 * part of valid UTF-8 written as U+FFFD. */
void ss_put_json_string(FILE *out, const char *s);

#endif
