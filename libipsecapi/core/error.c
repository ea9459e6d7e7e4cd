/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ipsecapi.h"
#include "error.h"

/* Per thread, like errno itself: the draft's calls have no other channel
 * for a message, and a process-wide buffer would race between threads. */
static _Thread_local char last_error[256];

int ipsecapi_fail(int err, const char *fn, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(last_error, sizeof(last_error), "%s: ", fn);

	if (n > 0 && (size_t)n < sizeof(last_error)) {
		va_start(ap, fmt);
		vsnprintf(last_error + n, sizeof(last_error) - (size_t)n, fmt, ap);
		va_end(ap);
	}
	errno = err;
	return -1;
}

const char *ipsec_last_error(void)
{
	return last_error;
}

const char *ipsecapi_last_reason(const char *fn)
{
	size_t n = strlen(fn);

	return strncmp(last_error, fn, n) == 0 && strncmp(last_error + n, ": ", 2) == 0
		       ? last_error + n + 2
		       : last_error;
}
