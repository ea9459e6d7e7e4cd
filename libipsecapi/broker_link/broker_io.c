/* SPDX-License-Identifier: BSD-2-Clause */
/* Broker messages on a socket, with descriptors (broker_io.h). */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "broker_io.h"
#include "core.h"

/* Room for more descriptors than a message may carry, to see them and
 * close them. */
#define MAX_FDS 4

int ipsecapi_broker_send(int sock, const struct ipsecapi_broker_msg *m, int fd, const char *fn)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
	uint8_t *out = malloc(IPSECAPI_BROKER_MAX_MSG);
	struct iovec iov;
	struct msghdr msg;
	struct cmsghdr *c;
	size_t n;
	ssize_t sent;
	int err;

	if (out == NULL) {
		return ipsecapi_fail(ENOMEM, fn, "no memory for a broker message");
	}
	n = ipsecapi_broker_encode(m, out, IPSECAPI_BROKER_MAX_MSG, fn);
	if (n == 0) {
		err = errno;
		free(out);
		errno = err;
		return -1;
	}
	memset(&msg, 0, sizeof(msg));
	iov.iov_base = out;
	iov.iov_len = n;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	if (fd >= 0) {
		memset(&control, 0, sizeof(control));
		msg.msg_control = control.buf;
		msg.msg_controllen = sizeof(control.buf);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	sent = sendmsg(sock, &msg, MSG_NOSIGNAL);
	err = errno;
	free(out);
	if (sent != (ssize_t)n) {
		return ipsecapi_fail(sent < 0 ? err : EMSGSIZE, fn,
				     "cannot send to the IPsec API broker: %s",
				     strerror(sent < 0 ? err : EMSGSIZE));
	}
	return 0;
}

/* The descriptors that came with msg: the first into *fd (-1 if none),
 * the rest closed; their number. */
static int take_fds(struct msghdr *msg, int *fd)
{
	struct cmsghdr *c;
	int count = 0;

	*fd = -1;
	for (c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c)) {
		size_t i, n;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) {
			continue;
		}
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < n; i++) {
			int got;

			memcpy(&got, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (count++ == 0) {
				*fd = got;
			} else {
				close(got);
			}
		}
	}
	return count;
}

int ipsecapi_broker_recv(int sock, bool from_application, struct ipsecapi_broker_msg *m, int *fd,
			 const char *fn)
{
	union {
		char buf[CMSG_SPACE(MAX_FDS * sizeof(int))];
		struct cmsghdr align;
	} control;
	/* One octet more than a message may have, to see one that is longer. */
	uint8_t *in = malloc(IPSECAPI_BROKER_MAX_MSG + 1);
	struct iovec iov;
	struct msghdr msg;
	ssize_t n;
	int fds, rc, err;

	*fd = -1;
	memset(m, 0, sizeof(*m));
	if (in == NULL) {
		return ipsecapi_fail(ENOMEM, fn, "no memory for a broker message");
	}
	memset(&msg, 0, sizeof(msg));
	iov.iov_base = in;
	iov.iov_len = IPSECAPI_BROKER_MAX_MSG + 1;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.buf;
	msg.msg_controllen = sizeof(control.buf);
	do {
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		err = errno;
		free(in);
		return ipsecapi_fail(err, fn, "cannot read from the IPsec API broker's peer: %s",
				     strerror(err));
	}
	fds = take_fds(&msg, fd);
	if (n == 0 && fds == 0) {
		free(in);
		return 0;
	}
	if ((msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) || n > (ssize_t)IPSECAPI_BROKER_MAX_MSG) {
		rc = ipsecapi_fail(EMSGSIZE, fn, "a broker message longer than the protocol allows");
	} else if (ipsecapi_broker_decode(in, (size_t)n, from_application, m, fn) != 0) {
		rc = -1;
	} else if (fds != (from_application ? ipsecapi_broker_fds_of(m->type) : 0)) {
		rc = ipsecapi_fail(EBADMSG, fn, "a broker %s of type 0x%02x with %d descriptors attached",
				   from_application ? "request" : "answer", (unsigned)m->type, fds);
		ipsecapi_broker_msg_clear(m);
	} else {
		rc = 1;
	}
	err = errno;
	free(in);
	if (rc < 0 && *fd >= 0) {
		close(*fd);
		*fd = -1;
	}
	errno = err;
	return rc;
}

const char *ipsecapi_broker_path(void)
{
	const char *path = secure_getenv("IPSECAPI_BROKER_SOCKET");

	return path != NULL && *path != '\0' ? path : IPSECAPI_BROKER_DEFAULT_PATH;
}

/* A connection to the broker at path: the socket, or -1. */
static int broker_connect(const char *path, const char *fn)
{
	int sock;

	if (strlen(path) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
		return ipsecapi_fail(ENAMETOOLONG, fn, "the IPsec API broker's path %s is too long",
				     path);
	}
	sock = ipsecapi_unix_connect(path, SOCK_SEQPACKET);
	if (sock < 0) {
		/* EPERM: what the caller could not do is still the cause. */
		return ipsecapi_fail(EPERM, fn,
				     "this process lacks CAP_NET_ADMIN, and the IPsec API broker at "
				     "%s cannot be reached: %s",
				     path, strerror(errno));
	}
	return sock;
}

int ipsecapi_broker_connect(const char *fn)
{
	return broker_connect(ipsecapi_broker_path(), fn);
}

/*
 * One connection to the broker per thread, kept between calls: a call
 * pays for connecting only the first time, or after the broker dropped
 * the connection (idle), in which case it connects again once.  A child
 * after fork() does not share its parent's; a descriptor that is no
 * longer the connection (an application that closed it, and opened
 * something else under its number) is never written to.
 */
struct kept {
	int sock;
	pid_t pid;
	dev_t dev;
	ino_t ino;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
};

/* The key is made once per process and only read afterwards. */
static pthread_key_t kept_key;
static bool kept_key_made;
static pthread_once_t kept_once = PTHREAD_ONCE_INIT;

static void kept_free(void *p)
{
	struct kept *k = p;

	if (k->sock >= 0) {
		close(k->sock);
	}
	free(k);
}

static void make_kept_key(void)
{
	kept_key_made = pthread_key_create(&kept_key, kept_free) == 0;
}

/* k->sock is still the socket that was connected (in this process, or
 * its parent's before fork()), not a number the application reused. */
static bool holds_the_socket(const struct kept *k)
{
	struct stat st;

	return k->sock >= 0 && fstat(k->sock, &st) == 0 && st.st_dev == k->dev &&
	       st.st_ino == k->ino;
}

static bool still_ours(const struct kept *k, const char *path)
{
	return k->pid == getpid() && strcmp(k->path, path) == 0 && holds_the_socket(k);
}

/* This thread's connection to the broker at path (fresh if asked): its
 * socket, or -1 with the reason recorded.  *reused says whether it served
 * a call before. */
static int kept_connection(const char *path, bool fresh, bool *reused, const char *fn)
{
	struct kept *k;
	struct stat st;

	*reused = false;
	if (pthread_once(&kept_once, make_kept_key) != 0 || !kept_key_made) {
		return broker_connect(path, fn); /* not kept: the caller closes it */
	}
	k = pthread_getspecific(kept_key);
	if (k == NULL) {
		k = calloc(1, sizeof(*k));
		if (k == NULL || pthread_setspecific(kept_key, k) != 0) {
			free(k);
			return ipsecapi_fail(ENOMEM, fn, "no memory for the broker's connection");
		}
		k->sock = -1;
	}
	if (!fresh && still_ours(k, path)) {
		*reused = true;
		return k->sock;
	}
	/* The connection (or a child's inherited copy of it, which the parent
	 * keeps using) is closed here; a number that the application reused
	 * for something else is left alone. */
	if (holds_the_socket(k)) {
		close(k->sock);
	}
	k->sock = broker_connect(path, fn);
	if (k->sock < 0 || fstat(k->sock, &st) != 0 || strlen(path) >= sizeof(k->path)) {
		if (k->sock >= 0) {
			close(k->sock);
		}
		k->sock = -1;
		return -1;
	}
	k->pid = getpid();
	k->dev = st.st_dev;
	k->ino = st.st_ino;
	strcpy(k->path, path);
	return k->sock;
}

/* Whether the call can go on this thread's kept connection. */
static bool is_kept(int sock)
{
	struct kept *k = kept_key_made ? pthread_getspecific(kept_key) : NULL;

	return k != NULL && k->sock == sock;
}

/* One request and its answer on sock: 1 with *answer, 0 if the broker had
 * closed the connection before taking the request, -1 on error. */
static int request_and_answer(int sock, const struct ipsecapi_broker_msg *request, int fd,
			      struct ipsecapi_broker_msg *answer, const char *fn)
{
	int none, rc;

	if (ipsecapi_broker_send(sock, request, fd, fn) != 0) {
		return errno == EPIPE || errno == ECONNRESET || errno == ENOTCONN ? 0 : -1;
	}
	rc = ipsecapi_broker_recv(sock, false, answer, &none, fn);
	return rc < 0 && errno == ECONNRESET ? 0 : rc;
}

/* The answer that a request gets when it succeeds. */
static uint8_t answer_to(uint8_t type)
{
	return type == IPSECAPI_BROKER_GET_SOCKET_PTOKEN ||
			       type == IPSECAPI_BROKER_GET_DATAGRAM_PTOKEN
		       ? IPSECAPI_BROKER_PTOKEN
		       : IPSECAPI_BROKER_DONE;
}

int ipsecapi_broker_call(const struct ipsecapi_broker_msg *request, int fd,
			 struct ipsecapi_token **out, const char *fn)
{
	struct ipsecapi_broker_msg answer;
	const char *path = ipsecapi_broker_path();
	bool reused;
	int sock, rc, err;

	sock = kept_connection(path, false, &reused, fn);
	if (sock < 0) {
		return -1;
	}
	rc = request_and_answer(sock, request, fd, &answer, fn);
	if (rc == 0 && reused) {
		/* The broker drops idle connections, and only between requests:
		 * this one was not taken, and goes again on a new connection. */
		sock = kept_connection(path, true, &reused, fn);
		rc = sock < 0 ? -1 : request_and_answer(sock, request, fd, &answer, fn);
	}
	if (rc == 0) {
		rc = ipsecapi_fail(ECONNRESET, fn, "the IPsec API broker at %s closed without an answer",
				   path);
	}
	if (!is_kept(sock) && sock >= 0) {
		err = errno;
		close(sock);
		errno = err;
	}
	if (rc < 0) {
		return -1;
	}
	rc = -1;
	if (answer.type == IPSECAPI_BROKER_ERROR) {
		/* The broker's own words, as if this process had failed so. */
		ipsecapi_fail(answer.error, fn, "%s", answer.message);
	} else if (answer.type != answer_to(request->type)) {
		ipsecapi_fail(EBADMSG, fn, "the IPsec API broker answered with type 0x%02x",
			      (unsigned)answer.type);
	} else {
		if (out != NULL) {
			*out = answer.ptoken;
			answer.ptoken = NULL;
		}
		rc = 0;
	}
	err = errno;
	ipsecapi_broker_msg_clear(&answer);
	errno = err;
	return rc;
}
