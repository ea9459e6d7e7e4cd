/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tls_bound_server: an OpenSSL 3 TLS server that binds its connection to
 * the IPsec channel carrying it (tls-bridge, tls_bridge(3)) and, where
 * both ends may, skips TLS's encryption; it reads one line and echoes it.
 *
 * Build against the installed packages:
 *   cc -o tls_bound_server tls_bound_server.c tls_bound_common.c tcp.c \
 *      $(pkg-config --cflags --libs libtlsbridge)
 * Run (one connection):
 *   tls_bound_server [-p require|prefer|disable] [-m none|null|hand-over]
 *                    [-n SERVER_NAME] PORT CERT.pem KEY.pem
 * -p: require (the default) refuses a connection that cannot be bound;
 *     prefer falls back to plain TLS; disable is plain TLS.
 * -m: bind only (none, the default); bridge on TLS 1.2 with a NULL cipher
 *     suite (null: needs an ECDSA or RSA certificate); or on TLS 1.3 by
 *     handing the socket over (hand-over).  The client must ask the same.
 * -n: the only server name (SNI) served.
 * Prints "sni:", "status:", "cipher:", "transport: tls|socket", "received:".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <tls_bridge.h>

#include "tls_bound_common.h"
#include "tcp.h"

/*
 * The server's own ClientHello callback, as one that serves several names
 * has: it reads the SNI, which OpenSSL has not parsed yet at this point,
 * and refuses a name it does not serve.  tls-bridge calls it, then checks
 * the client's binding (tls_bridge_set_client_hello_cb()).
 */
static int check_server_name(SSL *ssl, int *alert, void *served)
{
	const unsigned char *ext;
	size_t len, n = 0;
	char name[256] = "";

	/* server_name_list: length(2), then name_type(1), length(2), name */
	if (SSL_client_hello_get0_ext(ssl, TLSEXT_TYPE_server_name, &ext, &len) && len >= 5 &&
	    ext[2] == TLSEXT_NAMETYPE_host_name) {
		n = (size_t)ext[3] << 8 | ext[4];
		if (n >= sizeof(name) || n > len - 5) {
			n = 0;
		}
		memcpy(name, ext + 5, n);
		name[n] = '\0';
	}
	printf("sni: %s\n", n > 0 ? name : "(none)");
	if (served != NULL && strcmp(name, served) != 0) {
		*alert = SSL_AD_UNRECOGNIZED_NAME;
		return SSL_CLIENT_HELLO_ERROR;
	}
	return SSL_CLIENT_HELLO_SUCCESS;
}

/* The server's SSL_CTX, or NULL with the errors on stderr. */
static SSL_CTX *server_ctx(const char *cert, const char *key, const struct tls_options *o)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

	if (ctx == NULL || SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1 ||
	    configure_tls_bridge(ctx, o) != 0 ||
	    tls_bridge_set_client_hello_cb(ctx, check_server_name, (void *)o->server_name) != 0) {
		ERR_print_errors_fp(stderr);
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

/* The handshake on fd and the echo: 0, or 1. */
static int serve(SSL_CTX *ctx, int fd, const struct tls_options *o)
{
	SSL *ssl = SSL_new(ctx);
	char line[1024];
	int raw, rc = 1;

	if (ssl == NULL || SSL_set_fd(ssl, fd) != 1) {
		ERR_print_errors_fp(stderr);
		SSL_free(ssl);
		return 1;
	}
	attach_channel(ssl, fd, o);
	if (SSL_accept(ssl) != 1) {
		fprintf(stderr, "tls_bound_server: the handshake failed:\n");
		ERR_print_errors_fp(stderr);
	} else {
		raw = handed_over_socket(ssl);
		if (read_line(ssl, raw, line, sizeof(line)) >= 0 &&
		    write_line(ssl, raw, line) == 0) {
			printf("received: %s\n", line);
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
	if (parse_tls_options(argc, argv, 3, &o) != 0) {
		fprintf(stderr, "usage: tls_bound_server [-p require|prefer|disable] "
				"[-m none|null|hand-over] [-n SERVER_NAME] PORT CERT KEY\n");
		return 2;
	}
	ctx = server_ctx(argv[optind + 1], argv[optind + 2], &o);
	if (ctx == NULL) {
		return 1;
	}
	fd = tcp_accept_one("tls_bound_server", argv[optind]);
	rc = fd >= 0 ? serve(ctx, fd, &o) : 1;
	if (fd >= 0) {
		close(fd);
	}
	SSL_CTX_free(ctx);
	return rc;
}
