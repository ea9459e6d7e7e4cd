/* SPDX-License-Identifier: BSD-2-Clause */
/* Subordinate uid ranges and their owners (subuid.h). */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "subuid.h"

static int parse_id(const char *text, unsigned long long max, unsigned long long *out)
{
	char *end;

	if (*text < '0' || *text > '9') {
		return -1;
	}
	errno = 0;
	*out = strtoull(text, &end, 10);
	return errno == 0 && *end == '\0' && *out <= max ? 0 : -1;
}

/* One line's range: 0, 1 for a line without one (blank, a comment), or
 * -1 if it is malformed. */
static int parse_line(char *line, struct subuid_range *r)
{
	char *name = line, *first, *count;
	unsigned long long uid;
	struct passwd *pw;

	line[strcspn(line, "\r\n")] = '\0';
	if (line[strspn(line, " \t")] == '\0' || line[strspn(line, " \t")] == '#') {
		return 1;
	}
	first = strchr(name, ':');
	count = first != NULL ? strchr(first + 1, ':') : NULL;
	if (count == NULL || first == name) {
		return -1;
	}
	*first++ = '\0';
	*count++ = '\0';
	if (parse_id(first, (uid_t)-2, &r->first) != 0 ||
	    parse_id(count, (uid_t)-1, &r->count) != 0 || r->count == 0 || r->first + r->count - 1 > (uid_t)-2) {
		return -1;
	}
	if (parse_id(name, (uid_t)-2, &uid) == 0) {
		r->owner = (uid_t)uid;
	} else if ((pw = getpwnam(name)) != NULL) {
		r->owner = pw->pw_uid;
	} else {
		/* No account by that name: the range is still one user's. */
		r->owner = (uid_t)r->first;
	}
	return 0;
}

int subuid_ranges_load(const char *path, struct subuid_ranges *out, char *why, size_t size)
{
	FILE *f = fopen(path, "re");
	char line[512];
	size_t cap = 0, lineno = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (f == NULL) {
		if (errno == ENOENT) {
			return 0;
		}
		snprintf(why, size, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && fgets(line, sizeof(line), f) != NULL) {
		struct subuid_range r;
		int got;

		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			got = -1; /* longer than any name:first:count */
		} else {
			got = parse_line(line, &r);
		}
		if (got < 0) {
			snprintf(why, size, "%s, line %zu: not name_or_uid:first:count", path, lineno);
			rc = -1;
		} else if (got == 0) {
			struct subuid_range *more = ipsecapi_array_room(out->r, out->n, &cap, sizeof(*more));

			if (more == NULL) {
				snprintf(why, size, "no memory for the ranges of %s", path);
				rc = -1;
			} else {
				out->r = more;
			}
		}
		if (rc == 0 && got == 0) {
			out->r[out->n++] = r;
		}
	}
	if (rc == 0 && ferror(f)) {
		snprintf(why, size, "cannot read %s", path);
		rc = -1;
	}
	fclose(f);
	if (rc != 0) {
		subuid_ranges_clear(out);
	}
	return rc;
}

uid_t subuid_owner(const struct subuid_ranges *ranges, uid_t uid)
{
	size_t i;

	for (i = 0; i < ranges->n; i++) {
		const struct subuid_range *r = &ranges->r[i];

		if (uid >= r->first && uid - r->first < r->count) {
			return r->owner;
		}
	}
	return uid;
}

void subuid_ranges_clear(struct subuid_ranges *ranges)
{
	free(ranges->r);
	memset(ranges, 0, sizeof(*ranges));
}
