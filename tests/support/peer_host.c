/* SPDX-License-Identifier: BSD-2-Clause */
/* A peer host in a network namespace of its own (peer_host.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "peer_host.h"

#define PORTS (PEER_TCP_PORT + 1)
#define MAX_FDS 64

struct peer_host {
	pid_t pid;
	int report; /* "PORT OCTETS\n" lines from the peer */
	size_t octets[PORTS];
	char line[64];
	size_t used;
};

static int bound(int family, int type, uint16_t port)
{
	struct sockaddr_in6 sin6;
	struct sockaddr_in sin;
	int fd = socket(family, type | SOCK_CLOEXEC, 0), one = 1;

	if (fd < 0) {
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (family == AF_INET) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons(port);
		inet_pton(AF_INET, "10.9.0.2", &sin.sin_addr);
		return bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0 ? fd : -1;
	}
	setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_port = htons(port);
	inet_pton(AF_INET6, "2001:db8:9::2", &sin6.sin6_addr);
	return bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)) == 0 ? fd : -1;
}

/* The peer's life: its sockets, and a report line per payload. */
static void run_peer(int report)
{
	struct pollfd p[MAX_FDS];
	uint16_t port[MAX_FDS];
	int listening[MAX_FDS], n = 0, i, fam;
	char buf[65536];

	for (fam = 0; fam < 2; fam++) {
		int family = fam == 0 ? AF_INET : AF_INET6;
		uint16_t u;

		for (u = PEER_UDP_FIRST; u <= PEER_UDP_LAST; u++) {
			p[n].fd = bound(family, SOCK_DGRAM, u);
			port[n] = u;
			listening[n++] = 0;
		}
		p[n].fd = bound(family, SOCK_STREAM, PEER_TCP_PORT);
		if (p[n].fd >= 0) {
			listen(p[n].fd, 16);
		}
		port[n] = PEER_TCP_PORT;
		listening[n++] = 1;
	}
	for (i = 0; i < n; i++) {
		if (p[i].fd < 0) {
			_exit(3);
		}
		p[i].events = POLLIN;
	}
	if (write(report, "ready\n", 6) != 6) {
		_exit(4);
	}
	for (;;) {
		if (poll(p, (nfds_t)n, -1) < 0) {
			continue;
		}
		for (i = 0; i < n; i++) {
			ssize_t got;
			char line[32];

			if (!(p[i].revents & (POLLIN | POLLHUP))) {
				continue;
			}
			if (listening[i]) {
				int fd = accept4(p[i].fd, NULL, NULL, SOCK_CLOEXEC);

				if (fd >= 0 && n < MAX_FDS) {
					p[n].fd = fd;
					p[n].events = POLLIN;
					port[n] = port[i];
					listening[n++] = 0;
				} else if (fd >= 0) {
					close(fd);
				}
				continue;
			}
			got = recv(p[i].fd, buf, sizeof(buf), MSG_DONTWAIT);
			if (got > 0) {
				int len = snprintf(line, sizeof(line), "%u %zd\n", (unsigned)port[i], got);

				if (write(report, line, (size_t)len) != len) {
					_exit(5);
				}
				if (port[i] == PEER_TCP_PORT) {
					/* Echoed late: the sender may have closed by then. */
					usleep(PEER_ECHO_DELAY_MS * 1000);
					(void)send(p[i].fd, buf, (size_t)got, MSG_NOSIGNAL);
				}
			} else if (got == 0) {
				p[i].events = 0; /* a closed connection */
			}
		}
	}
}

/* Reads report lines for up to wait_ms. */
static void take_reports(struct peer_host *h, int wait_ms)
{
	struct pollfd p = { .fd = h->report, .events = POLLIN, .revents = 0 };

	while (poll(&p, 1, wait_ms) > 0) {
		ssize_t n = read(h->report, h->line + h->used, sizeof(h->line) - 1 - h->used);
		char *nl;

		if (n <= 0) {
			return;
		}
		h->used += (size_t)n;
		h->line[h->used] = '\0';
		while ((nl = strchr(h->line, '\n')) != NULL) {
			unsigned port = 0;
			size_t octets = 0;

			*nl = '\0';
			if (sscanf(h->line, "%u %zu", &port, &octets) == 2 && port < PORTS) {
				h->octets[port] += octets;
			}
			h->used -= (size_t)(nl + 1 - h->line);
			memmove(h->line, nl + 1, h->used + 1);
		}
		wait_ms = 0;
	}
}

/* The veth pair, its far end moved into the peer's namespace. */
static int make_link(pid_t pid)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "ip link add va type veth peer name vb netns %d", (int)pid);
	return system(cmd) == 0 ? 0 : -1;
}

int peer_host_start(struct peer_host **out)
{
	struct peer_host *h = calloc(1, sizeof(*h));
	int report[2], go[2];
	char ready[8];
	pid_t pid;

	if (h == NULL || pipe2(report, O_CLOEXEC) != 0 || pipe2(go, O_CLOEXEC) != 0) {
		free(h);
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		char c;

		close(report[0]);
		close(go[1]);
		if (unshare(CLONE_NEWNET) != 0 || write(report[1], "n", 1) != 1 ||
		    read(go[0], &c, 1) != 1 ||
		    system("ip link set lo up && ip addr add 10.9.0.2/24 dev vb && "
			   "ip addr add 2001:db8:9::2/64 dev vb nodad && ip link set vb up") != 0) {
			_exit(2);
		}
		run_peer(report[1]);
	}
	close(report[1]);
	close(go[0]);
	h->pid = pid;
	h->report = report[0];
	if (pid < 0 || read(h->report, ready, 1) != 1 ||
	    make_link(pid) != 0 ||
	    system("ip addr add 10.9.0.1/24 dev va && ip addr add 2001:db8:9::1/64 dev va nodad && "
		   "ip link set va up") != 0 ||
	    write(go[1], "g", 1) != 1 || read(h->report, ready, 6) != 6 ||
	    memcmp(ready, "ready\n", 6) != 0) {
		close(go[1]);
		peer_host_stop(h);
		errno = EIO;
		return -1;
	}
	close(go[1]);
	*out = h;
	return 0;
}

size_t peer_host_received(struct peer_host *h, uint16_t port, int wait_ms)
{
	size_t n;

	take_reports(h, wait_ms);
	n = port < PORTS ? h->octets[port] : 0;
	if (port < PORTS) {
		h->octets[port] = 0;
	}
	return n;
}

void peer_host_stop(struct peer_host *h)
{
	if (h == NULL) {
		return;
	}
	if (h->pid > 0) {
		kill(h->pid, SIGKILL);
		waitpid(h->pid, NULL, 0);
	}
	close(h->report);
	(void)system("ip link del va 2>/dev/null");
	free(h);
}
