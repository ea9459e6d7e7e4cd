// SPDX-License-Identifier: BSD-2-Clause
#include "log.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* systemd names the journal's stream in JOURNAL_STREAM ("DEV:INODE"); a
 * stderr redirected elsewhere by a child's caller is not the journal. */
static bool stderr_is_journal(void)
{
	const char *stream = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	return stream != NULL && sscanf(stream, "%llu:%llu", &dev, &ino) == 2 &&
	       fstat(STDERR_FILENO, &st) == 0 && st.st_dev == dev && st.st_ino == ino;
}

void broker_log(int priority, const char *format, ...)
{
	va_list ap;

	/* One line, whole, even with the workers logging too. */
	flockfile(stderr);
	if (stderr_is_journal()) {
		fprintf(stderr, "<%d>", LOG_PRI(priority));
	} else {
		fputs("ipsecapid: ", stderr);
	}
	va_start(ap, format);
	vfprintf(stderr, format, ap);
	va_end(ap);
	fputc('\n', stderr);
	funlockfile(stderr);
}
