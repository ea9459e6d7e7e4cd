/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tls_bound_client: an OpenSSL 3 TLS client that binds its connection to
 * the IPsec channel carrying it (tls-bridge, tls_bridge(3)), sends one
 * line to tls_bound_server and prints the echo.
 *
 * Build against the installed packages:
 *   cc -o tls_bound_client tls_bound_client.c tls_bound_common.c tcp.c \
 *      $(pkg-config --cflags --libs libtlsbridge)
 * Run:
 *   tls_bound_client [-p require|prefer|disable] [-m none|null|hand-over]
 *                    [-n SERVER_NAME] CA.pem HOST PORT LINE
 * The options are the server's (tls_bound_server.c); the server's
 * certificate must be issued by CA.pem for SERVER_NAME (default: HOST).
 * Prints "status:", "cipher:", "transport: tls|socket", "echo:".
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <tls_bridge.h>

#include "tls_bound_common.h"
#include "tcp.h"

/* The handshake on fd with the server (SNI and certificate: o's name, else
 * host), and the echo: 0 or 1. */
static int talk(SSL_CTX *ctx, int fd, const struct tls_options *o, const char *host,
		 const char *line)
{
	const char *name = o->server_name != NULL ? o->server_name : host;
	SSL *ssl = SSL_new(ctx);
	char echo[1024];
	int raw, rc = 1;

	if (ssl == NULL || SSL_set_fd(ssl, fd) != 1 || SSL_set_tlsext_host_name(ssl, name) != 1 ||
	    SSL_set1_host(ssl, name) != 1) {
		ERR_print_errors_fp(stderr);
		SSL_free(ssl);
		return 1;
	}
	attach_channel(ssl, fd, o);
	if (SSL_connect(ssl) != 1) {
		fprintf(stderr, "tls_bound_client: the handshake failed:\n");
		ERR_print_errors_fp(stderr);
	} else {
		raw = handed_over_socket(ssl);
		if (write_line(ssl, raw, line) == 0 &&
		    read_line(ssl, raw, echo, sizeof(echo)) >= 0) {
			printf("echo: %s\n", echo);
			rc = 0;
		}
		end_connection(ssl, raw);
	}
	SSL_free(ssl);
	return rc;
}

int main(int argc, char **argv)
{
	struct tls_options o;
	SSL_CTX *ctx;
	int fd, rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_tls_options(argc, argv, 4, &o) != 0) {
		fprintf(stderr, "usage: tls_bound_client [-p require|prefer|disable] "
				"[-m none|null|hand-over] [-n SERVER_NAME] CA HOST PORT LINE\n");
		return 2;
	}
	ctx = SSL_CTX_new(TLS_client_method());
	if (ctx == NULL || SSL_CTX_load_verify_file(ctx, argv[optind]) != 1 ||
	    configure_tls_bridge(ctx, &o) != 0) {
		ERR_print_errors_fp(stderr);
		SSL_CTX_free(ctx);
		return 1;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	fd = tcp_connect("tls_bound_client", argv[optind + 1], argv[optind + 2]);
	rc = fd >= 0 ? talk(ctx, fd, &o, argv[optind + 1], argv[optind + 3]) : 1;
	if (fd >= 0) {
		close(fd);
	}
	SSL_CTX_free(ctx);
	return rc;
}
