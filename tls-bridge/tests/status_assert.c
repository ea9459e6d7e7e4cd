// SPDX-License-Identifier: BSD-2-Clause
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "status_assert.h"

void assert_status(SSL *ssl, enum tls_bridge_status want, const char *why_part)
{
	const char *why = NULL;
	enum tls_bridge_status got = tls_bridge_get_status(ssl, &why);

	assert_non_null(why);
	if (got != want || strstr(why, why_part) == NULL) {
		fail_msg("status %d \"%s\", expected %d saying \"%s\"", got, why, want, why_part);
	}
}
