/* SPDX-License-Identifier: BSD-2-Clause */
/* Arrays that grow as items are added (array.h). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "array.h"

void *ipsecapi_array_room(void *items, size_t n, size_t *cap, size_t size)
{
	size_t more;
	void *grown;

	if (n < *cap) {
		return items;
	}
	if (*cap > (SIZE_MAX / size - 8) / 2) {
		errno = ENOMEM;
		return NULL;
	}
	more = *cap * 2 + 8;
	grown = realloc(items, more * size);
	if (grown == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	*cap = more;
	return grown;
}
