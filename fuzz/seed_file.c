/* SPDX-License-Identifier: BSD-2-Clause */
/* Writes one seed file, for the programs that make the fuzzers' seeds. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "seed_file.h"

int seed_file_write(const char *dir, const char *name, const void *head, size_t head_len,
		    const void *body, size_t len)
{
	char path[4096];
	int n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f;
	int ok;

	if (n < 0 || (size_t)n >= sizeof(path)) {
		fprintf(stderr, "%s/%s: %s\n", dir, name, strerror(ENAMETOOLONG));
		return -1;
	}
	f = fopen(path, "wb");
	ok = f != NULL && (head_len == 0 || fwrite(head, 1, head_len, f) == head_len) &&
	     (len == 0 || fwrite(body, 1, len, f) == len);
	if (f == NULL || fclose(f) != 0 || !ok) {
		perror(path);
		return -1;
	}
	return 0;
}
