/* SPDX-License-Identifier: BSD-2-Clause */
/* Arrays that grow as items are added. */
#ifndef IPSECAPI_ARRAY_H
#define IPSECAPI_ARRAY_H

#include <stddef.h>

/* Room for one more item of size octets in items, an array of *cap items
 * of which n are used: items itself while there is room, else the array
 * moved to a larger one (*cap updated), or NULL with errno ENOMEM, items
 * and *cap unchanged and still the caller's. */
void *ipsecapi_array_room(void *items, size_t n, size_t *cap, size_t size);

#endif
