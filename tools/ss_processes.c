/* SPDX-License-Identifier: BSD-2-Clause */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ss_processes.h"

struct ss_processes {
	struct ss_process *v;
	size_t n, room;
};

static bool all_digits(const char *s)
{
	if (*s == '\0') {
		return false;
	}
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9') {
			return false;
		}
	}
	return true;
}

/* The inode of a descriptor whose link reads "socket:[INODE]". */
static bool socket_inode(const char *link, uint32_t *inode)
{
	unsigned long v;
	char *end;

	if (strncmp(link, "socket:[", 8) != 0 || link[8] < '0' || link[8] > '9') {
		return false;
	}
	errno = 0;
	v = strtoul(link + 8, &end, 10);
	if (errno != 0 || strcmp(end, "]") != 0 || v == 0 || v > UINT32_MAX) {
		return false;
	}
	*inode = (uint32_t)v;
	return true;
}

/* The name of process pid (its comm), without the newline; false if it
 * cannot be read. */
static bool process_name(int dir, int pid, char *name, size_t size)
{
	char path[64];
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "%d/comm", pid);
	fd = openat(dir, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		return false;
	}
	len = read(fd, name, size - 1);
	close(fd);
	if (len <= 0) {
		return false;
	}
	name[len] = '\0';
	name[strcspn(name, "\n")] = '\0';
	return true;
}

static int add(struct ss_processes *all, const struct ss_process *p)
{
	struct ss_process *v;

	if (all->n == all->room) {
		all->room = all->room != 0 ? 2 * all->room : 64;
		v = realloc(all->v, all->room * sizeof(*v));
		if (v == NULL) {
			errno = ENOMEM;
			return -1;
		}
		all->v = v;
	}
	all->v[all->n++] = *p;
	return 0;
}

/* The socket descriptors of process pid; nothing of one that cannot be
 * read.  -1 only when out of memory. */
static int add_process(struct ss_processes *all, int dir, int pid)
{
	struct ss_process p = { .pid = pid };
	char path[64], link[64];
	struct dirent *d;
	ssize_t len;
	DIR *fds;
	int fds_fd, rc = 0;

	snprintf(path, sizeof(path), "%d/fd", pid);
	fds_fd = openat(dir, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fds_fd < 0 || !process_name(dir, pid, p.name, sizeof(p.name))) {
		if (fds_fd >= 0) {
			close(fds_fd);
		}
		return 0;
	}
	fds = fdopendir(fds_fd);
	if (fds == NULL) {
		close(fds_fd);
		return 0;
	}
	while (rc == 0 && (d = readdir(fds)) != NULL) {
		if (!all_digits(d->d_name)) {
			continue;
		}
		len = readlinkat(fds_fd, d->d_name, link, sizeof(link) - 1);
		if (len <= 0) {
			continue;
		}
		link[len] = '\0';
		if (socket_inode(link, &p.inode)) {
			p.fd = atoi(d->d_name);
			rc = add(all, &p);
		}
	}
	closedir(fds);
	return rc;
}

static int by_inode_pid_fd(const void *a, const void *b)
{
	const struct ss_process *x = a, *y = b;

	if (x->inode != y->inode) {
		return x->inode < y->inode ? -1 : 1;
	}
	if (x->pid != y->pid) {
		return x->pid < y->pid ? -1 : 1;
	}
	return (x->fd > y->fd) - (x->fd < y->fd);
}

struct ss_processes *ss_processes_create(const char *proc)
{
	struct ss_processes *all = calloc(1, sizeof(*all));
	struct dirent *d;
	DIR *top = NULL;
	int rc = 0;

	if (all == NULL || (top = opendir(proc)) == NULL) {
		free(all);
		return NULL;
	}
	while (rc == 0 && (d = readdir(top)) != NULL) {
		if (all_digits(d->d_name)) {
			rc = add_process(all, dirfd(top), atoi(d->d_name));
		}
	}
	closedir(top);
	if (rc != 0) {
		ss_processes_free(all);
		errno = ENOMEM;
		return NULL;
	}
	if (all->n > 1) {
		qsort(all->v, all->n, sizeof(*all->v), by_inode_pid_fd);
	}
	return all;
}

size_t ss_processes_of(const struct ss_processes *all, uint32_t inode,
		       const struct ss_process **first)
{
	size_t low = 0, high = all->n, end;

	*first = NULL;
	if (all->n == 0) {
		return 0;
	}
	/* The first entry of inode or after it. */
	while (low < high) {
		size_t mid = low + (high - low) / 2;

		if (all->v[mid].inode < inode) {
			low = mid + 1;
		} else {
			high = mid;
		}
	}
	for (end = low; end < all->n && all->v[end].inode == inode; end++) {
	}
	*first = all->v + low;
	return end - low;
}

void ss_processes_free(struct ss_processes *all)
{
	if (all != NULL) {
		free(all->v);
		free(all);
	}
}
