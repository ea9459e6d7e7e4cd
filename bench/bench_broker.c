/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench_broker: ipsec_get_socket_pToken() through the broker (ipsecapid,
 * started here: a connection, the request with the socket attached, the
 * broker's own query, the answer) against the same query in this
 * process, alternating in one run; medians of ROUNDS rounds of BATCH
 * calls.  As root (the in-process query needs CAP_NET_ADMIN).
 *
 *   bench_broker IPSECAPID                      a TCP connection on
 *                                               loopback, without IPsec
 *   bench_broker IPSECAPID CLIENT_IP SERVER_IP  one between two local
 *                                               addresses that an ESP SA
 *                                               pair protects (the test
 *                                               VM: bench/run-broker), its
 *                                               latch made by the first
 *                                               query
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <ipsecapi.h>

#include "esp_pair.h"

#include "broker_io.h"
#include "socket_query.h"
#include "sockets.h"
#include "ratio.h"

#define ROUNDS 21
#define BATCH 200

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Microseconds per call of BATCH calls, through the broker or not. */
static double batch_us(int fd, int brokered)
{
	const struct ipsecapi_broker_msg get = { .type = IPSECAPI_BROKER_GET_SOCKET_PTOKEN };
	double t0 = now_us();
	int i;

	for (i = 0; i < BATCH; i++) {
		struct ipsecapi_token *p = NULL;
		int rc = brokered ? ipsecapi_broker_call(&get, fd, &p, "bench")
				  : ipsecapi_socket_protection(fd, IPSECAPI_LATCH_IF_DUE, (ipsec_pToken_t *)&p, "bench");

		if (rc != 0) {
			fprintf(stderr, "bench_broker: %s\n", ipsec_last_error());
			exit(1);
		}
		ipsec_free_pToken((ipsec_pToken_t)p);
	}
	return (now_us() - t0) / BATCH;
}

/* A TCP connection from client to server (IPv4 addresses) under the
 * ESP SA pair between them. */
static int tcp_between(const char *client, const char *server, int *a, int *b)
{
	struct in_addr from, to;

	if (inet_pton(AF_INET, server, &to) != 1 || inet_pton(AF_INET, client, &from) != 1) {
		return -1;
	}
	return esp_tcp_pair(from, to, true, a, b);
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/bench_broker.XXXXXX", path[256];
	double local[ROUNDS], brokered[ROUNDS];
	struct stat st;
	pid_t daemon;
	int client, server, r, status;

	if ((argc != 2 && argc != 4) || mkdtemp(dir) == NULL) {
		fprintf(stderr, "usage: bench_broker IPSECAPID [CLIENT_IP SERVER_IP]\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/broker.sock", dir);
	daemon = fork();
	if (daemon == 0) {
		/* The broker's log would mix with the figures. */
		if (freopen("/dev/null", "w", stderr) == NULL) {
			_exit(127);
		}
		execl(argv[1], "ipsecapid", "--socket", path, (char *)NULL);
		_exit(127);
	}
	for (r = 0; r < 100 && stat(path, &st) != 0; r++) {
		usleep(50000);
	}
	if (setenv("IPSECAPI_BROKER_SOCKET", path, 1) != 0 ||
	    (argc == 4 ? tcp_between(argv[2], argv[3], &client, &server)
		       : connect_pair(AF_INET, SOCK_STREAM, &client, &server)) != 0) {
		return 1;
	}
	batch_us(client, 0);
	batch_us(client, 1);
	for (r = 0; r < ROUNDS; r++) {
		local[r] = batch_us(client, 0);
		brokered[r] = batch_us(client, 1);
	}
	kill(daemon, SIGTERM);
	waitpid(daemon, &status, 0);
	unlink(path);
	rmdir(dir);
	qsort(local, ROUNDS, sizeof(double), compare);
	qsort(brokered, ROUNDS, sizeof(double), compare);
	printf("ipsec_get_socket_pToken on a TCP connection %s, medians of %d rounds of %d calls\n",
	       argc == 4 ? "inside an ESP SA pair, latched" : "on loopback, without IPsec", ROUNDS,
	       BATCH);
	printf("%-28s %10s\n", "", "us/call");
	printf("%-28s %10.1f\n", "in this process", local[ROUNDS / 2]);
	printf("%-28s %10.1f\n", "through ipsecapid", brokered[ROUNDS / 2]);
	printf("%-28s %9.2fx\n", "broker / in process", brokered[ROUNDS / 2] / local[ROUNDS / 2]);
	bench_ratio("ipsecapid",
		    argc == 4 ? "through the broker / in process, latched connection in ESP"
			      : "through the broker / in process, loopback without IPsec",
		    brokered[ROUNDS / 2] / local[ROUNDS / 2]);
	return 0;
}
