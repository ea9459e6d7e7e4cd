/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * btns_tls: one TLS connection through tls-bridge, for the interop tests.
 *
 *   btns_tls server PORT POLICY CERT KEY [BINDING]
 *   btns_tls client ADDRESS PORT POLICY [BINDING]
 *
 * POLICY is disable, prefer or require.  The connection's IPsec channel
 * comes from its socket (tls_bridge_attach), or is BINDING, given as data
 * (tls_bridge_set_ipsec_binding).  After the handshake the client sends a
 * line and the server answers with one.  The client verifies no
 * certificate: what is tested is the binding.
 *
 * Each prints name=value lines: attach (ok, or why not), handshake (ok or
 * failed, then error=OpenSSL's reason), version, cipher, status (bound or
 * not-bound), why, exporter (tls-exporter in hex) and received.
 */
#include <netdb.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <tls_bridge.h>

__attribute__((noreturn)) static void die(const char *what)
{
	perror(what);
	exit(2);
}

static enum tls_bridge_policy policy_named(const char *name)
{
	if (strcmp(name, "require") == 0) {
		return TLS_BRIDGE_REQUIRE;
	}
	return strcmp(name, "prefer") == 0 ? TLS_BRIDGE_PREFER : TLS_BRIDGE_DISABLE;
}

static void give_channel(SSL *ssl, int fd, const char *binding)
{
	int rc = binding != NULL
			 ? tls_bridge_set_ipsec_binding(ssl, (const uint8_t *)binding, strlen(binding))
			 : tls_bridge_attach(ssl, fd);

	printf("attach=%s\n", rc == 0 ? "ok" : tls_bridge_error_string(rc));
}

static void print_error(void)
{
	unsigned long e = ERR_get_error();
	char text[256];

	ERR_error_string_n(e, text, sizeof(text));
	printf("error=%s\n", e != 0 ? text : "none");
}

/* What the handshake gave, and one line each way.  0 on success. */
static int report(SSL *ssl, int ok, int is_server)
{
	uint8_t cb[TLS_BRIDGE_CB_MAX_LEN];
	size_t len = sizeof(cb), i;
	const char *why = NULL;
	char line[128];
	int n;

	printf("handshake=%s\n", ok ? "ok" : "failed");
	if (!ok) {
		print_error();
		tls_bridge_get_status(ssl, &why);
		printf("why=%s\n", why);
		return 1;
	}
	printf("version=%s\ncipher=%s\n", SSL_get_version(ssl), SSL_get_cipher_name(ssl));
	printf("status=%s\n",
	       tls_bridge_get_status(ssl, &why) == TLS_BRIDGE_BOUND ? "bound" : "not-bound");
	printf("why=%s\n", why);
	if (tls_bridge_channel_binding(ssl, TLS_BRIDGE_CB_TLS_EXPORTER, cb, &len) == 0) {
		printf("exporter=");
		for (i = 0; i < len; i++) {
			printf("%02x", cb[i]);
		}
		printf("\n");
	}
	fflush(stdout);
	if (!is_server && SSL_write(ssl, "message from the client\n", 24) != 24) {
		return 1;
	}
	n = SSL_read(ssl, line, sizeof(line) - 1);
	if (n <= 0) {
		return 1;
	}
	line[n] = '\0';
	line[strcspn(line, "\n")] = '\0';
	printf("received=%s\n", line);
	if (is_server && SSL_write(ssl, "reply from the server\n", 22) != 22) {
		return 1;
	}
	SSL_shutdown(ssl);
	return 0;
}

static int server(int argc, char **argv)
{
	struct sockaddr_in sin;
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	SSL *ssl;
	int listener = socket(AF_INET, SOCK_STREAM, 0), fd, one = 1, rc;

	if (ctx == NULL || SSL_CTX_use_certificate_file(ctx, argv[4], SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, argv[5], SSL_FILETYPE_PEM) != 1 ||
	    tls_bridge_enable(ctx, policy_named(argv[3])) != 0) {
		fprintf(stderr, "btns_tls: the server's SSL_CTX\n");
		return 2;
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)atoi(argv[2]));
	setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(listener, (struct sockaddr *)&sin, sizeof(sin)) != 0 || listen(listener, 1) != 0 ||
	    (fd = accept(listener, NULL, NULL)) < 0) {
		die("accept");
	}
	ssl = SSL_new(ctx);
	if (ssl == NULL || SSL_set_fd(ssl, fd) != 1) {
		return 2;
	}
	give_channel(ssl, fd, argc > 6 ? argv[6] : NULL);
	rc = report(ssl, SSL_accept(ssl) == 1, 1);
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	close(fd);
	close(listener);
	return rc;
}

static int client(int argc, char **argv)
{
	struct addrinfo hints, *ai;
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	SSL *ssl;
	int fd, rc;

	if (ctx == NULL || tls_bridge_enable(ctx, policy_named(argv[4])) != 0) {
		fprintf(stderr, "btns_tls: the client's SSL_CTX\n");
		return 2;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(argv[2], argv[3], &hints, &ai) != 0) {
		return 2;
	}
	fd = socket(ai->ai_family, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		die("connect");
	}
	freeaddrinfo(ai);
	ssl = SSL_new(ctx);
	if (ssl == NULL || SSL_set_fd(ssl, fd) != 1) {
		return 2;
	}
	give_channel(ssl, fd, argc > 5 ? argv[5] : NULL);
	rc = report(ssl, SSL_connect(ssl) == 1, 0);
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	close(fd);
	return rc;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 6 && strcmp(argv[1], "server") == 0) {
		return server(argc, argv);
	}
	if (argc >= 5 && strcmp(argv[1], "client") == 0) {
		return client(argc, argv);
	}
	fprintf(stderr, "usage: btns_tls server PORT POLICY CERT KEY [BINDING]\n"
			"       btns_tls client ADDRESS PORT POLICY [BINDING]\n");
	return 2;
}
