/* SPDX-License-Identifier: BSD-2-Clause */
#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "raw_client.h"

int raw_connect(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int s = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), err;

	if (s < 0 || strlen(path) >= sizeof(sun.sun_path)) {
		if (s >= 0) {
			close(s);
		}
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sun.sun_path, path);
	if (connect(s, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		err = errno;
		close(s);
		errno = err;
		return -1;
	}
	return s;
}

ssize_t raw_send(int s, const void *msg, size_t len, const int *fds, int nfds)
{
	union {
		char buf[CMSG_SPACE(2 * sizeof(int))];
		struct cmsghdr align;
	} control;
	struct iovec iov = { .iov_base = (void *)msg, .iov_len = len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (nfds > 0) {
		memset(&control, 0, sizeof(control));
		m.msg_control = control.buf;
		m.msg_controllen = CMSG_SPACE((size_t)nfds * sizeof(int));
		CMSG_FIRSTHDR(&m)->cmsg_level = SOL_SOCKET;
		CMSG_FIRSTHDR(&m)->cmsg_type = SCM_RIGHTS;
		CMSG_FIRSTHDR(&m)->cmsg_len = CMSG_LEN((size_t)nfds * sizeof(int));
		memcpy(CMSG_DATA(CMSG_FIRSTHDR(&m)), fds, (size_t)nfds * sizeof(int));
	}
	return sendmsg(s, &m, MSG_NOSIGNAL);
}

double raw_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int raw_answer(int s, uint8_t *buf, size_t size, int ms)
{
	double until = raw_now_ms() + ms;

	for (;;) {
		struct pollfd p = { .fd = s, .events = POLLIN, .revents = 0 };
		double left = until - raw_now_ms();
		ssize_t n;

		if (left <= 0) {
			return -1;
		}
		if (poll(&p, 1, (int)left + 1) < 0 && errno != EINTR) {
			return -1;
		}
		n = recv(s, buf, size, MSG_DONTWAIT);
		if (n == 0) {
			return 0;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			continue;
		}
		if (n < 0) {
			return errno == ECONNRESET ? 0 : -1;
		}
		if (n < 8) {
			return -1;
		}
		return buf[1];
	}
}

int raw_get(int s, int fd, int ms)
{
	static const uint8_t get[] = { 1, 1, 0, 0, 0, 0, 0, 0 };
	uint8_t answer[4096];

	if (raw_send(s, get, sizeof(get), &fd, 1) != sizeof(get)) {
		return errno == EPIPE || errno == ECONNRESET ? 0 : -1;
	}
	return raw_answer(s, answer, sizeof(answer), ms);
}

int raw_watch(int s, int fd, uint32_t tag, int ms)
{
	uint8_t watch[12] = { 1, 3, 0, 0, 0, 0, 0, 4 }, answer[4096];
	uint32_t t = htonl(tag);

	memcpy(watch + 8, &t, 4);
	if (raw_send(s, watch, sizeof(watch), &fd, 1) != sizeof(watch)) {
		return errno == EPIPE || errno == ECONNRESET ? 0 : -1;
	}
	return raw_answer(s, answer, sizeof(answer), ms);
}

int raw_unwatch(int s, uint32_t tag, int ms)
{
	uint8_t unwatch[12] = { 1, 4, 0, 0, 0, 0, 0, 4 }, answer[4096];
	uint32_t t = htonl(tag);

	memcpy(unwatch + 8, &t, 4);
	if (raw_send(s, unwatch, sizeof(unwatch), NULL, 0) != sizeof(unwatch)) {
		return errno == EPIPE || errno == ECONNRESET ? 0 : -1;
	}
	return raw_answer(s, answer, sizeof(answer), ms);
}

int raw_udp_connected(uint16_t port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s >= 0 && connect(s, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
		close(s);
		return -1;
	}
	return s;
}

int raw_become(uid_t uid)
{
	/* Changing every uid from 0 drops every capability. */
	if (setgroups(0, NULL) != 0 || setresgid(uid, uid, uid) != 0 ||
	    setresuid(uid, uid, uid) != 0) {
		return -1;
	}
	return 0;
}
