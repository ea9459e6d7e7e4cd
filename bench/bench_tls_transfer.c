/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench_tls_transfer: a bulk transfer over one TCP connection, in CPU
 * seconds per GiB and in MB/s, in one run:
 *   raw TCP                      the limit
 *   TLS 1.3 AES-256-GCM          ordinary TLS (over ESP: encrypted twice)
 *   tls-bridge, TLS 1.2 NULL     bridged with the NULL suite, latch guarded
 *   tls-bridge, TLS 1.3 hand-over  bridged, the socket after the handshake
 *
 *   bench_tls_transfer [MIB]                   loopback, no IPsec: the
 *                                              first two, and the NULL
 *                                              suite of plain OpenSSL (what
 *                                              its MAC costs, unbridged)
 *   bench_tls_transfer MIB CLIENT_IP SERVER_IP between two local addresses
 *                                              that an ESP SA pair protects
 *                                              (root): all four, every
 *                                              socket latched to the SAs
 *
 * CPU is counted twice: the process's (user + system of both ends, which
 * are its threads) and the whole machine's busy time from /proc/stat
 * (user, system, irq, softirq: the kernel's ESP work runs partly in
 * softirq, which no process is charged for), which counts only on an
 * otherwise idle machine (bench/run-tls-transfer runs it in the test VM).
 * Each variant runs ROUNDS times, the variants in turn; the table gives
 * medians.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <ipsecapi.h>
#include <openssl/ssl.h>
#include <tls_bridge.h>

#include "esp_pair.h"
#include "tls_pair.h"
#include "ratio.h"

#define CHUNK 16384 /* one TLS record's worth */
#define ROUNDS 3

enum variant { RAW, TLS13_AES, BRIDGED_NULL, BRIDGED_HAND_OVER, VARIANTS };

static const char *variant_names[VARIANTS] = {
	"raw TCP",
	"TLS 1.3 AES-256-GCM",
	"tls-bridge TLS 1.2 NULL",
	"tls-bridge TLS 1.3 hand-over",
};

struct end {
	int fd;
	SSL *ssl; /* NULL: the socket itself */
	size_t bytes;
	int failed;
};

struct setup {
	struct in_addr client, server;
	bool ipsec;
	SSL_CTX *client_ctx[VARIANTS], *server_ctx[VARIANTS];
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double process_cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* The machine's busy seconds so far: user, nice, system, irq, softirq. */
static double busy(void)
{
	unsigned long long user, nice, sys, idle, iowait, irq, softirq;
	FILE *f = fopen("/proc/stat", "r");
	int n = f != NULL ? fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu", &user, &nice, &sys,
				   &idle, &iowait, &irq, &softirq)
			  : 0;

	if (f != NULL) {
		fclose(f);
	}
	if (n != 7) {
		return -1;
	}
	return (double)(user + nice + sys + irq + softirq) / (double)sysconf(_SC_CLK_TCK);
}

static void *receiver_thread(void *arg)
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

static void *accept_tls(void *arg)
{
	struct end *e = arg;

	e->failed = SSL_accept(e->ssl) != 1;
	return NULL;
}

/* A bridged variant's ends: bridged, and after a hand-over on their
 * sockets.  0, or -1 with the reason on stderr. */
static int check_bridged(struct end *client, struct end *server, enum variant v)
{
	const char *why;

	if (tls_bridge_get_status(client->ssl, &why) != TLS_BRIDGE_BRIDGED ||
	    tls_bridge_get_status(server->ssl, &why) != TLS_BRIDGE_BRIDGED) {
		fprintf(stderr, "bench_tls_transfer: %s: not bridged: %s\n", variant_names[v], why);
		return -1;
	}
	if (v == BRIDGED_HAND_OVER) {
		if (tls_bridge_hand_over(client->ssl) != client->fd ||
		    tls_bridge_hand_over(server->ssl) != server->fd) {
			return -1;
		}
		SSL_free(client->ssl);
		SSL_free(server->ssl);
		client->ssl = server->ssl = NULL;
	}
	return 0;
}

/* The handshake of a TLS variant. */
static int handshake(const struct setup *s, enum variant v, struct end *client, struct end *server)
{
	pthread_t t;

	client->ssl = SSL_new(s->client_ctx[v]);
	server->ssl = SSL_new(s->server_ctx[v]);
	if (client->ssl == NULL || server->ssl == NULL ||
	    SSL_set_fd(client->ssl, client->fd) != 1 || SSL_set_fd(server->ssl, server->fd) != 1) {
		return -1;
	}
	if (s->ipsec && v >= BRIDGED_NULL && (tls_bridge_attach(client->ssl, client->fd) != 0 ||
				  tls_bridge_attach(server->ssl, server->fd) != 0)) {
		fprintf(stderr, "bench_tls_transfer: the sockets give no IPsec channel\n");
		return -1;
	}
	pthread_create(&t, NULL, accept_tls, server);
	client->failed = SSL_connect(client->ssl) != 1;
	pthread_join(t, NULL);
	if (client->failed || server->failed) {
		return -1;
	}
	return s->ipsec && v >= BRIDGED_NULL ? check_bridged(client, server, v) : 0;
}

/* The latch that tls_bridge_attach() makes, for the variants without
 * tls-bridge: the same pinned socket policies. */
static int pin_latch(int fd)
{
	ipsec_pToken_t p = NULL;
	int rc = ipsec_get_socket_pToken(fd, &p);

	ipsec_free_pToken(p);
	return rc;
}

struct figures {
	double process, machine, wall; /* seconds */
};

/* One transfer of bytes, or -1. */
static int transfer(const struct setup *s, enum variant v, size_t bytes, struct figures *f)
{
	struct end client = { .fd = -1, .ssl = NULL, .bytes = bytes, .failed = 0 },
		   server = { .fd = -1, .ssl = NULL, .bytes = bytes, .failed = 0 };
	pthread_t t;
	double c0, m0, w0;
	int rc = -1;

	if (esp_tcp_pair(s->client, s->server, s->ipsec, &client.fd, &server.fd) != 0 ||
	    (s->ipsec && v < BRIDGED_NULL &&
	     (pin_latch(client.fd) != 0 || pin_latch(server.fd) != 0)) ||
	    (v != RAW && handshake(s, v, &client, &server) != 0)) {
		goto out;
	}
	c0 = process_cpu();
	m0 = busy();
	w0 = now();
	pthread_create(&t, NULL, receiver_thread, &server);
	client.failed = send_all(&client) != 0;
	pthread_join(t, NULL);
	f->wall = now() - w0;
	f->process = process_cpu() - c0;
	f->machine = busy() - m0;
	rc = client.failed || server.failed || m0 < 0 ? -1 : 0;
out:
	SSL_free(client.ssl);
	SSL_free(server.ssl);
	if (client.fd >= 0) {
		close(client.fd);
	}
	if (server.fd >= 0) {
		close(server.fd);
	}
	return rc;
}

/* The contexts of each variant, with the certificate of tls. */
static int make_contexts(struct setup *s, struct tls_pair *tls)
{
	static const unsigned int modes[VARIANTS] = { 0, 0, TLS_BRIDGE_NULL_CIPHER,
						      TLS_BRIDGE_HAND_OVER };
	static const char null_suite[] = "ECDHE-ECDSA-NULL-SHA:@SECLEVEL=0";
	int v, version;

	for (v = TLS13_AES; v < VARIANTS; v++) {
		version = v == BRIDGED_NULL ? TLS1_2_VERSION : TLS1_3_VERSION;
		s->client_ctx[v] = SSL_CTX_new(TLS_client_method());
		s->server_ctx[v] = SSL_CTX_new(TLS_server_method());
		if (s->client_ctx[v] == NULL || s->server_ctx[v] == NULL ||
		    SSL_CTX_set_min_proto_version(s->client_ctx[v], version) != 1 ||
		    SSL_CTX_set_max_proto_version(s->client_ctx[v], version) != 1 ||
		    SSL_CTX_set_ciphersuites(s->client_ctx[v], "TLS_AES_256_GCM_SHA384") != 1 ||
		    SSL_CTX_set_ciphersuites(s->server_ctx[v], "TLS_AES_256_GCM_SHA384") != 1 ||
		    SSL_CTX_use_certificate(s->server_ctx[v], tls->cert) != 1 ||
		    SSL_CTX_use_PrivateKey(s->server_ctx[v], tls->key) != 1) {
			return -1;
		}
		if (v == BRIDGED_NULL && !s->ipsec &&
		    (SSL_CTX_set_cipher_list(s->client_ctx[v], null_suite) != 1 ||
		     SSL_CTX_set_cipher_list(s->server_ctx[v], null_suite) != 1)) {
			return -1;
		}
		if (v >= BRIDGED_NULL && s->ipsec &&
		    (tls_bridge_enable(s->client_ctx[v], TLS_BRIDGE_REQUIRE) != 0 ||
		     tls_bridge_enable(s->server_ctx[v], TLS_BRIDGE_REQUIRE) != 0 ||
		     tls_bridge_set_bridging(s->client_ctx[v], modes[v]) != 0 ||
		     tls_bridge_set_bridging(s->server_ctx[v], modes[v]) != 0)) {
			return -1;
		}
	}
	return 0;
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of the rounds' figure at offset. */
static double median(const struct figures *rounds, size_t offset)
{
	double v[ROUNDS];
	int r;

	for (r = 0; r < ROUNDS; r++) {
		v[r] = *(const double *)((const char *)&rounds[r] + offset);
	}
	qsort(v, ROUNDS, sizeof(double), compare);
	return v[ROUNDS / 2];
}

int main(int argc, char **argv)
{
	size_t mib = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 512, bytes = mib << 20;
	double gib = (double)bytes / (1u << 30), proc[VARIANTS], mach[VARIANTS], mbs[VARIANTS];
	char what[128];
	struct figures f[VARIANTS][ROUNDS];
	struct setup s;
	struct tls_pair tls;
	int v, r, variants;

	memset(&s, 0, sizeof(s));
	s.client.s_addr = s.server.s_addr = htonl(INADDR_LOOPBACK);
	s.ipsec = argc == 4;
	if (mib == 0 || (argc != 1 && argc != 2 && argc != 4) ||
	    (s.ipsec && (inet_pton(AF_INET, argv[2], &s.client) != 1 ||
			 inet_pton(AF_INET, argv[3], &s.server) != 1))) {
		fprintf(stderr, "usage: bench_tls_transfer [MIB [CLIENT_IP SERVER_IP]]\n");
		return 2;
	}
	if (tls_pair_init(&tls, TLS_PAIR_ECDSA_P256_SHA256, TLS1_3_VERSION) != 0 ||
	    make_contexts(&s, &tls) != 0) {
		fprintf(stderr, "bench_tls_transfer: the TLS contexts\n");
		return 1;
	}
	variants = s.ipsec ? VARIANTS : BRIDGED_HAND_OVER;
	if (!s.ipsec) {
		variant_names[BRIDGED_NULL] = "TLS 1.2 NULL-SHA, plain OpenSSL";
	}
	for (r = 0; r < ROUNDS; r++) {
		for (v = 0; v < variants; v++) {
			fprintf(stderr, "bench_tls_transfer: round %d of %d, %s\n", r + 1, ROUNDS,
				variant_names[v]);
			if (transfer(&s, (enum variant)v, bytes, &f[v][r]) != 0) {
				fprintf(stderr, "bench_tls_transfer: %s: the transfer failed\n",
					variant_names[v]);
				return 1;
			}
		}
	}
	printf("bulk transfer of %zu MiB over one TCP connection, %s; medians of %d rounds\n", mib,
	       s.ipsec ? "inside an ESP SA pair (AES-GCM)" : "loopback, no IPsec", ROUNDS);
	printf("%-30s %10s %10s %8s %10s %10s\n", "", "process", "", "", "machine", "");
	printf("%-30s %10s %10s %8s %10s %10s\n", "variant", "CPU s/GiB", "/ raw TCP", "MB/s",
	       "CPU s/GiB", "/ raw TCP");
	for (v = 0; v < variants; v++) {
		proc[v] = median(f[v], offsetof(struct figures, process));
		mach[v] = median(f[v], offsetof(struct figures, machine));
		mbs[v] = (double)bytes / median(f[v], offsetof(struct figures, wall)) / 1e6;
		printf("%-30s %10.3f %9.2fx %8.0f %10.3f %9.2fx\n", variant_names[v], proc[v] / gib,
		       proc[v] / proc[RAW], mbs[v], mach[v] / gib, mach[v] / mach[RAW]);
	}
	if (!s.ipsec) {
		printf("%-30s (needs an ESP SA pair: bench/run-tls-transfer)\n", "tls-bridge rows");
	} else {
		for (v = BRIDGED_NULL; v < VARIANTS; v++) {
			snprintf(what, sizeof(what), "machine CPU per GiB, TLS 1.3 AES-256-GCM / %s",
				 variant_names[v]);
			bench_ratio("tls-bridge", what, mach[TLS13_AES] / mach[v]);
			snprintf(what, sizeof(what), "throughput, %s / TLS 1.3 AES-256-GCM",
				 variant_names[v]);
			bench_ratio("tls-bridge", what, mbs[v] / mbs[TLS13_AES]);
		}
	}
	for (v = TLS13_AES; v < VARIANTS; v++) {
		SSL_CTX_free(s.client_ctx[v]);
		SSL_CTX_free(s.server_ctx[v]);
	}
	tls_pair_free(&tls);
	return 0;
}
