/* SPDX-License-Identifier: BSD-2-Clause */
/* Where ipsecapid listens (listener.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "listener.h"
#include "log.h"

#define LISTEN_FDS_START 3 /* sd_listen_fds(3) */

int listener_from_systemd(void)
{
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	int type;
	socklen_t len = sizeof(type);

	if (pid == NULL || fds == NULL || strtol(pid, NULL, 10) != (long)getpid()) {
		return -1;
	}
	if (strcmp(fds, "1") != 0 ||
	    getsockopt(LISTEN_FDS_START, SOL_SOCKET, SO_TYPE, &type, &len) != 0 ||
	    type != SOCK_SEQPACKET) {
		broker_log(LOG_ERR, "systemd must pass one SOCK_SEQPACKET socket");
		exit(1);
	}
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	if (fcntl(LISTEN_FDS_START, F_SETFL, fcntl(LISTEN_FDS_START, F_GETFL) | O_NONBLOCK) != 0 ||
	    fcntl(LISTEN_FDS_START, F_SETFD, FD_CLOEXEC) != 0) {
		perror("ipsecapid: the socket systemd passed");
		exit(1);
	}
	return LISTEN_FDS_START;
}

/* The directory of path, made if it is missing (a broker run by hand
 * finds no /run/ipsecapi that systemd's RuntimeDirectory= would make). */
static void make_directory_of(const char *path)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir) {
		return;
	}
	*slash = '\0';
	if (mkdir(dir, 0755) == 0) {
		broker_log(LOG_INFO, "made %s", dir);
	}
}

int listener_at(const char *path, struct listener_file *file)
{
	struct sockaddr_un sun;
	struct stat st;
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	memset(&sun, 0, sizeof(sun));
	memset(file, 0, sizeof(*file));
	sun.sun_family = AF_UNIX;
	if (fd < 0 || strlen(path) >= sizeof(sun.sun_path)) {
		broker_log(LOG_ERR, "cannot listen on %s", path);
		exit(1);
	}
	strcpy(sun.sun_path, path);
	make_directory_of(path);
	/* A socket left by an earlier broker, and nothing else, goes. */
	if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode)) {
		unlink(path);
	}
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0 || chmod(path, 0666) != 0 ||
	    listen(fd, 128) != 0 || lstat(path, &st) != 0) {
		broker_log(LOG_ERR, "cannot listen on %s: %s", path, strerror(errno));
		exit(1);
	}
	snprintf(file->path, sizeof(file->path), "%s", path);
	file->dev = st.st_dev;
	file->ino = st.st_ino;
	file->made = true;
	return fd;
}

void listener_remove(const struct listener_file *file)
{
	struct stat st;

	if (file->made && lstat(file->path, &st) == 0 && S_ISSOCK(st.st_mode) &&
	    st.st_dev == file->dev && st.st_ino == file->ino) {
		unlink(file->path);
	}
}
