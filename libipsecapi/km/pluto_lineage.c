/* SPDX-License-Identifier: BSD-2-Clause */
/* The lineages of pluto's Child SAs (pluto_lineage.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pluto_lineage.h"

#define RECORD_MAX (1u << 20)

struct ipsecapi_pluto_lineage_entry *
ipsecapi_pluto_lineage_entry(const struct ipsecapi_pluto_lineages *t, char kind,
			     unsigned long serial)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->entries[i].kind == kind && t->entries[i].serial == serial) {
			return &t->entries[i];
		}
	}
	return NULL;
}

static int add(struct ipsecapi_pluto_lineages *t, char kind, unsigned long serial,
	       unsigned long lineage)
{
	struct ipsecapi_pluto_lineage_entry *e;

	if (t->n == t->cap) {
		e = realloc(t->entries, (t->cap * 2 + 8) * sizeof(*e));
		if (e == NULL) {
			return -1;
		}
		t->entries = e;
		t->cap = t->cap * 2 + 8;
	}
	t->entries[t->n++] = (struct ipsecapi_pluto_lineage_entry){ kind, serial, lineage };
	return 0;
}

int ipsecapi_pluto_lineages_parse(const char *text, size_t len, struct ipsecapi_pluto_lineages *t)
{
	char *copy = malloc(len + 1), *line, *save = NULL;
	unsigned long serial, lineage;
	long long pid;
	char kind;
	int used, rc = 0;

	memset(t, 0, sizeof(*t));
	if (copy == NULL) {
		return -1;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	line = strtok_r(copy, "\n", &save);
	if (line == NULL || memchr(text, '\0', len) != NULL ||
	    sscanf(line, "pluto %lld %llu%n", &pid, &t->process.start, &used) != 2 ||
	    line[used] != '\0' || pid <= 0 || pid > INT32_MAX) {
		free(copy);
		errno = EBADMSG;
		return -1;
	}
	t->process.pid = (pid_t)pid;
	while (rc == 0 && (line = strtok_r(NULL, "\n", &save)) != NULL) {
		if (sscanf(line, "%c %lu %lu%n", &kind, &serial, &lineage, &used) != 3 ||
		    line[used] != '\0' || (kind != 'i' && kind != 'c') || serial == 0 ||
		    ipsecapi_pluto_lineage_entry(t, kind, serial) != NULL) {
			errno = EBADMSG;
			rc = -1;
		} else {
			rc = add(t, kind, serial, lineage);
		}
	}
	free(copy);
	if (rc != 0) {
		int e = errno;

		ipsecapi_pluto_lineages_free(t);
		errno = e;
	}
	return rc;
}

char *ipsecapi_pluto_lineages_format(const struct ipsecapi_pluto_lineages *t, size_t *len)
{
	size_t size = 64 + t->n * 48, n, i;
	char *text = malloc(size);
	int w;

	if (text == NULL) {
		return NULL;
	}
	w = snprintf(text, size, "pluto %lld %llu\n", (long long)t->process.pid, t->process.start);
	n = (size_t)w;
	for (i = 0; i < t->n; i++) {
		w = snprintf(text + n, size - n, "%c %lu %lu\n", t->entries[i].kind,
			     t->entries[i].serial, t->entries[i].lineage);
		n += (size_t)w;
	}
	*len = n;
	return text;
}

void ipsecapi_pluto_lineages_free(struct ipsecapi_pluto_lineages *t)
{
	free(t->entries);
	memset(t, 0, sizeof(*t));
}

/* One Child SA under its IKE SA: the step that links them, or a new
 * lineage when neither is known. */
static int take_child(struct ipsecapi_pluto_lineages *t, const struct ipsecapi_pluto_child *c)
{
	struct ipsecapi_pluto_lineage_entry *child = ipsecapi_pluto_lineage_entry(t, 'c', c->serial);
	struct ipsecapi_pluto_lineage_entry *ike = ipsecapi_pluto_lineage_entry(t, 'i', c->ike_serial);

	if (child != NULL && ike != NULL) {
		if (child->lineage != ike->lineage) {
			/* Not a step pluto takes: neither can be told now. */
			child->lineage = 0;
			ike->lineage = 0;
		}
		return 0;
	}
	if (child != NULL) { /* an IKE SA rekey moved it */
		return add(t, 'i', c->ike_serial, child->lineage);
	}
	if (ike != NULL) { /* a Child SA rekey, or another Child SA of the IKE SA */
		return add(t, 'c', c->serial, ike->lineage);
	}
	if (add(t, 'i', c->ike_serial, c->ike_serial) != 0) {
		return -1;
	}
	return add(t, 'c', c->serial, c->ike_serial);
}

int ipsecapi_pluto_lineages_observe(struct ipsecapi_pluto_lineages *t,
				    const struct ipsecapi_pluto_status *st)
{
	size_t i, kept = 0;

	/* Known Child SAs first: they carry their lineage to a new IKE SA
	 * before a new Child SA under that IKE SA could start another. */
	for (i = 0; i < st->nchildren; i++) {
		if (ipsecapi_pluto_lineage_entry(t, 'c', st->children[i].serial) != NULL &&
		    take_child(t, &st->children[i]) != 0) {
			return -1;
		}
	}
	for (i = 0; i < st->nchildren; i++) {
		if (take_child(t, &st->children[i]) != 0) {
			return -1;
		}
	}
	for (i = 0; i < t->n; i++) {
		if (ipsecapi_pluto_status_lists(st, t->entries[i].kind == 'i', t->entries[i].serial)) {
			t->entries[kept++] = t->entries[i];
		}
	}
	t->n = kept;
	return 0;
}

unsigned long ipsecapi_pluto_lineage_of(const struct ipsecapi_pluto_lineages *t,
					unsigned long serial)
{
	const struct ipsecapi_pluto_lineage_entry *e = ipsecapi_pluto_lineage_entry(t, 'c', serial);

	return e != NULL ? e->lineage : 0;
}

/* The directory, made if missing; one that is not root's alone (or the
 * caller's) could hold a record someone else wrote. */
static int own_directory(const char *dir, char *why, size_t why_size)
{
	struct stat s;

	char parent[4096];
	char *slash;

	errno = 0; /* mkdir leaves it as it was when it makes the directory */
	if (mkdir(dir, 0700) != 0 && errno == ENOENT) {
		/* /run/ipsecapi, which the broker makes too */
		snprintf(parent, sizeof(parent), "%s", dir);
		slash = strrchr(parent, '/');
		if (slash != NULL && slash != parent) {
			*slash = '\0';
			mkdir(parent, 0755);
		}
		errno = 0;
		mkdir(dir, 0700);
	}
	if (errno != 0 && errno != EEXIST) {
		snprintf(why, why_size, "cannot make %s for pluto's IKE SA lineages: %s", dir,
			 strerror(errno));
		return -1;
	}
	if (lstat(dir, &s) != 0 || !S_ISDIR(s.st_mode) || s.st_uid != geteuid() ||
	    (s.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		snprintf(why, why_size,
			 "%s is not a directory of this user's alone, so pluto's IKE SA lineages "
			 "are not kept there",
			 dir);
		return -1;
	}
	return 0;
}

/* Records of pluto processes that are gone. */
static void forget_gone(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	unsigned long long start;
	long long pid;
	char path[4096];
	int used;

	while (d != NULL && (de = readdir(d)) != NULL) {
		if (sscanf(de->d_name, "%lld-%llu%n", &pid, &start, &used) == 2 &&
		    de->d_name[used] == '\0' && !ipsecapi_pluto_process_alive((pid_t)pid, start)) {
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			unlink(path);
		}
	}
	if (d != NULL) {
		closedir(d);
	}
}

static int read_record(int fd, const struct ipsecapi_pluto_process *p,
		       struct ipsecapi_pluto_lineages *t)
{
	struct stat s;
	char *text;
	ssize_t got;

	memset(t, 0, sizeof(*t));
	t->process = *p;
	if (fstat(fd, &s) != 0) {
		return -1;
	}
	if (s.st_size == 0 || s.st_size > RECORD_MAX) {
		return 0; /* new, or not ours: start over */
	}
	text = malloc((size_t)s.st_size);
	if (text == NULL) {
		return -1;
	}
	got = pread(fd, text, (size_t)s.st_size, 0);
	if (got == s.st_size && ipsecapi_pluto_lineages_parse(text, (size_t)got, t) == 0 &&
	    (t->process.pid != p->pid || t->process.start != p->start)) {
		ipsecapi_pluto_lineages_free(t);
	}
	/* A record that cannot be read starts over: every lineage is new
	 * then, which breaks latches and holds none wrongly. */
	t->process = *p;
	free(text);
	return 0;
}

static int write_record(int fd, const struct ipsecapi_pluto_lineages *t)
{
	size_t len;
	char *text = ipsecapi_pluto_lineages_format(t, &len);
	int rc;

	if (text == NULL) {
		return -1;
	}
	rc = ftruncate(fd, 0) == 0 && pwrite(fd, text, len, 0) == (ssize_t)len ? 0 : -1;
	free(text);
	return rc;
}

int ipsecapi_pluto_lineage_update(const char *dir, const struct ipsecapi_pluto_process *p,
				  const struct ipsecapi_pluto_status *st, unsigned long child,
				  unsigned long *lineage, char *why, size_t why_size)
{
	struct ipsecapi_pluto_lineages t;
	char path[4096];
	struct stat s;
	int fd, rc = -1;

	if (own_directory(dir, why, why_size) != 0) {
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%lld-%llu", dir, (long long)p->pid, p->start);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		snprintf(why, why_size, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX) != 0 || fstat(fd, &s) != 0) {
		snprintf(why, why_size, "cannot lock %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (s.st_size == 0) {
		forget_gone(dir);
	}
	if (read_record(fd, p, &t) == 0 && ipsecapi_pluto_lineages_observe(&t, st) == 0 &&
	    write_record(fd, &t) == 0) {
		*lineage = ipsecapi_pluto_lineage_of(&t, child);
		rc = 0;
	} else {
		snprintf(why, why_size, "cannot keep pluto's IKE SA lineages in %s: %s", path,
			 strerror(errno));
	}
	ipsecapi_pluto_lineages_free(&t);
	close(fd);
	return rc;
}
