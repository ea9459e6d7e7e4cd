/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench_tls_transfer: a bulk transfer over one TCP connection on loopback,
 * in CPU seconds (user + system, both ends) per GiB and in MB/s: raw TCP,
 * as the limit, and TLS 1.3 with AES-256-GCM, in one run.  The bridged
 * variant (tls-bridge without a second encryption) is not built yet, and
 * the table says so.
 *
 *   bench_tls_transfer [MIB]     (default 512)
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include "tls_pair.h"

#define CHUNK 16384 /* one TLS record's worth */

struct end {
	int fd;
	SSL *ssl; /* NULL: raw TCP */
	size_t bytes;
	int failed;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void *receive(void *arg)
{
	struct end *e = arg;
	char buf[CHUNK];
	size_t got = 0;

	while (got < e->bytes) {
		long n = e->ssl != NULL ? SSL_read(e->ssl, buf, sizeof(buf))
					: (long)read(e->fd, buf, sizeof(buf));

		if (n <= 0) {
			e->failed = 1;
			break;
		}
		got += (size_t)n;
	}
	return NULL;
}

static int send_all(struct end *e)
{
	char buf[CHUNK];
	size_t sent = 0;

	memset(buf, 0x5a, sizeof(buf));
	while (sent < e->bytes) {
		long n = e->ssl != NULL ? SSL_write(e->ssl, buf, sizeof(buf))
					: (long)write(e->fd, buf, sizeof(buf));

		if (n <= 0) {
			return -1;
		}
		sent += (size_t)n;
	}
	return 0;
}

/* A connected pair of TCP sockets on loopback. */
static int tcp_pair(int *a, int *b)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int listener = socket(AF_INET, SOCK_STREAM, 0);

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (listener < 0 || bind(listener, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    listen(listener, 1) != 0 || getsockname(listener, (struct sockaddr *)&sin, &len) != 0 ||
	    (*a = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    connect(*a, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    (*b = accept(listener, NULL, NULL)) < 0) {
		return -1;
	}
	close(listener);
	return 0;
}

static void *accept_tls(void *arg)
{
	struct end *e = arg;

	e->failed = SSL_accept(e->ssl) != 1;
	return NULL;
}

/* One transfer of bytes: CPU seconds and wall seconds, or -1. */
static int transfer(struct tls_pair *tls, size_t bytes, double *cpu_s, double *wall_s)
{
	struct end sender = { -1, NULL, bytes, 0 }, receiver = { -1, NULL, bytes, 0 };
	pthread_t t;
	double c0, w0;
	int rc = -1;

	if (tcp_pair(&sender.fd, &receiver.fd) != 0) {
		return -1;
	}
	if (tls != NULL) {
		sender.ssl = SSL_new(tls->client_ctx);
		receiver.ssl = SSL_new(tls->server_ctx);
		SSL_set_fd(sender.ssl, sender.fd);
		SSL_set_fd(receiver.ssl, receiver.fd);
		pthread_create(&t, NULL, accept_tls, &receiver);
		sender.failed = SSL_connect(sender.ssl) != 1;
		pthread_join(t, NULL);
		if (sender.failed || receiver.failed) {
			goto out;
		}
	}
	c0 = cpu();
	w0 = now();
	pthread_create(&t, NULL, receive, &receiver);
	sender.failed = send_all(&sender) != 0;
	pthread_join(t, NULL);
	*wall_s = now() - w0;
	*cpu_s = cpu() - c0;
	rc = sender.failed || receiver.failed ? -1 : 0;
out:
	SSL_free(sender.ssl);
	SSL_free(receiver.ssl);
	close(sender.fd);
	close(receiver.fd);
	return rc;
}

int main(int argc, char **argv)
{
	size_t mib = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 512, bytes = mib << 20;
	double gib = (double)bytes / (1u << 30), raw_cpu, raw_wall, tls_cpu, tls_wall;
	struct tls_pair tls;

	if (mib == 0 || tls_pair_init(&tls, TLS_PAIR_ECDSA_P256_SHA256, TLS1_3_VERSION) != 0 ||
	    SSL_CTX_set_ciphersuites(tls.client_ctx, "TLS_AES_256_GCM_SHA384") != 1 ||
	    SSL_CTX_set_ciphersuites(tls.server_ctx, "TLS_AES_256_GCM_SHA384") != 1) {
		fprintf(stderr, "usage: bench_tls_transfer [MIB]\n");
		return 2;
	}
	if (transfer(NULL, bytes, &raw_cpu, &raw_wall) != 0 ||
	    transfer(&tls, bytes, &tls_cpu, &tls_wall) != 0) {
		fprintf(stderr, "bench_tls_transfer: a transfer failed\n");
		return 1;
	}
	printf("bulk transfer of %zu MiB over loopback TCP; CPU = user + system of both ends\n", mib);
	printf("%-28s %14s %10s %14s\n", "variant", "CPU s per GiB", "MB/s", "CPU / raw TCP");
	printf("%-28s %14.3f %10.0f %13.2fx\n", "raw TCP", raw_cpu / gib, bytes / raw_wall / 1e6,
	       1.0);
	printf("%-28s %14.3f %10.0f %13.2fx\n", "TLS 1.3 AES-256-GCM", tls_cpu / gib,
	       bytes / tls_wall / 1e6, tls_cpu / raw_cpu);
	printf("%-28s %14s %10s %14s\n", "tls-bridge bridged", "not built", "-", "-");
	tls_pair_free(&tls);
	return 0;
}
