/* SPDX-License-Identifier: BSD-2-Clause */
/* Writes one seed file, for the programs that make the fuzzers' seeds. */
#ifndef BTNS_SEED_FILE_H
#define BTNS_SEED_FILE_H

#include <stddef.h>

/* Writes dir/name: head_len octets of head (none: 0), then len octets of
 * body.  0, or -1 after saying why on stderr (a path too long is refused,
 * not cut short). */
int seed_file_write(const char *dir, const char *name, const void *head, size_t head_len,
		    const void *body, size_t len);

#endif
