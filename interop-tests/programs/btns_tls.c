/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * btns_tls: one TLS connection through tls-bridge, for the interop tests.
 *
 *   btns_tls server PORT POLICY CERT KEY [OPTION...]
 *   btns_tls client ADDRESS PORT POLICY [OPTION...]
 *
 * POLICY is disable, prefer or require.  Options:
 *   binding=DATA     the IPsec channel binding, given as data
 *                    (tls_bridge_set_ipsec_binding); without it, the
 *                    socket's (tls_bridge_attach)
 *   version=1.2|1.3  the only TLS version to use (default: both)
 *   bridging=none|null|hand-over|both   the ways of bridging allowed
 *                    (default: none, tls-bridge's default)
 *   message=TEXT     the client's line (default "message from the client")
 *   ciphers=LIST     the TLS 1.2 cipher list (SSL_CTX_set_cipher_list)
 *   again=PATH       after the exchange, the client waits for the file PATH
 *                    and then sends a second line, and the server reads
 *                    one more: again=sent or refused (client), again=the
 *                    line or closed (server), then status_again and
 *                    why_again
 * After the handshake the client sends its line and the server answers
 * with one: through TLS, or over the socket after a hand-over.  The
 * client verifies no certificate: what is tested is the binding.
 *
 * Each prints name=value lines: attach (ok, or why not), handshake (ok or
 * failed, then error=OpenSSL's first reason and the error queue's lines),
 * version, cipher, status (bridged,
 * bound or not-bound), why, exporter (tls-exporter in hex), transport
 * (tls, or socket after a hand-over) and received; with
 * BTNS_SHOW_PROTECTION set, first its socket's protection
 * (show_protection.h).
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

#include "show_protection.h"

__attribute__((noreturn)) static void die(const char *what)
{
	perror(what);
	exit(2);
}

struct options {
	const char *binding, *message, *ciphers, *again;
	int version;         /* 0: any */
	unsigned int bridging;
};

static enum tls_bridge_policy policy_named(const char *name)
{
	if (strcmp(name, "require") == 0) {
		return TLS_BRIDGE_REQUIRE;
	}
	return strcmp(name, "prefer") == 0 ? TLS_BRIDGE_PREFER : TLS_BRIDGE_DISABLE;
}

static void parse_options(int argc, char **argv, struct options *o)
{
	static const char *const modes[] = { "none", "null", "hand-over", "both" };
	int i;
	unsigned int m;

	o->binding = NULL;
	o->ciphers = NULL;
	o->again = NULL;
	o->message = "message from the client";
	o->version = 0;
	o->bridging = 0;
	for (i = 0; i < argc; i++) {
		if (strncmp(argv[i], "binding=", 8) == 0) {
			o->binding = argv[i] + 8;
		} else if (strncmp(argv[i], "again=", 6) == 0) {
			o->again = argv[i] + 6;
		} else if (strncmp(argv[i], "ciphers=", 8) == 0) {
			o->ciphers = argv[i] + 8;
		} else if (strncmp(argv[i], "message=", 8) == 0) {
			o->message = argv[i] + 8;
		} else if (strcmp(argv[i], "version=1.2") == 0) {
			o->version = TLS1_2_VERSION;
		} else if (strcmp(argv[i], "version=1.3") == 0) {
			o->version = TLS1_3_VERSION;
		} else if (strncmp(argv[i], "bridging=", 9) == 0) {
			for (m = 0; m < 4 && strcmp(argv[i] + 9, modes[m]) != 0; m++) {
			}
			if (m == 4) {
				fprintf(stderr, "btns_tls: unknown %s\n", argv[i]);
				exit(2);
			}
			o->bridging = m; /* none 0, null 1, hand-over 2, both 3 */
		} else {
			fprintf(stderr, "btns_tls: unknown option %s\n", argv[i]);
			exit(2);
		}
	}
}

/* ctx as the options say: 0, or -1. */
static int configure(SSL_CTX *ctx, const char *policy, const struct options *o)
{
	if (o->version != 0 && (SSL_CTX_set_min_proto_version(ctx, o->version) != 1 ||
				SSL_CTX_set_max_proto_version(ctx, o->version) != 1)) {
		return -1;
	}
	if (o->ciphers != NULL && SSL_CTX_set_cipher_list(ctx, o->ciphers) != 1) {
		return -1;
	}
	if (tls_bridge_enable(ctx, policy_named(policy)) != 0) {
		return -1;
	}
	return policy_named(policy) == TLS_BRIDGE_DISABLE ||
				       tls_bridge_set_bridging(ctx, o->bridging) == 0
		       ? 0
		       : -1;
}

static void give_channel(SSL *ssl, int fd, const char *binding)
{
	int rc = binding != NULL
			 ? tls_bridge_set_ipsec_binding(ssl, (const uint8_t *)binding, strlen(binding))
			 : tls_bridge_attach(ssl, fd);

	printf("attach=%s\n", rc == 0 ? "ok" : tls_bridge_error_string(rc));
}

/* The first error's reason, then the whole queue as
 * ERR_print_errors_fp() prints it (with tls-bridge's reasons). */
static void print_error(void)
{
	unsigned long e = ERR_peek_error();
	char text[256];

	ERR_error_string_n(e, text, sizeof(text));
	printf("error=%s\n", e != 0 ? text : "none");
	fflush(stdout);
	ERR_print_errors_fp(stdout);
}

static const char *const status_names[] = { "not-bound", "bound", "bridged" };

/* One line each way, through TLS or over the socket raw (>= 0).  0 on
 * success. */
static int one_line_each_way(SSL *ssl, int raw, int is_server, const char *message)
{
	char line[256];
	const char *reply = "reply from the server\n";
	size_t mlen;
	int n;

	if (!is_server) {
		/* One write: one TLS record, read by one read. */
		snprintf(line, sizeof(line), "%s\n", message);
		mlen = strlen(line);
		if (raw >= 0 ? write(raw, line, mlen) != (ssize_t)mlen
			     : SSL_write(ssl, line, (int)mlen) != (int)mlen) {
			return 1;
		}
	}
	n = raw >= 0 ? (int)read(raw, line, sizeof(line) - 1) : SSL_read(ssl, line, sizeof(line) - 1);
	if (n <= 0) {
		return 1;
	}
	line[n] = '\0';
	line[strcspn(line, "\n")] = '\0';
	printf("received=%s\n", line);
	if (is_server && (raw >= 0 ? write(raw, reply, strlen(reply)) != (ssize_t)strlen(reply)
				   : SSL_write(ssl, reply, (int)strlen(reply)) != (int)strlen(reply))) {
		return 1;
	}
	return 0;
}

/* The second round (again=PATH): the client, once PATH exists, sends
 * one more line; the server reads it. */
static void one_more_line_after_file(SSL *ssl, int raw, int is_server, const char *path)
{
	static const char second[] = "second message from the client\n";
	const char *why = NULL;
	char line[256];
	int i, n;

	if (!is_server) {
		for (i = 0; i < 1200 && access(path, F_OK) != 0; i++) {
			usleep(50000);
		}
		n = raw >= 0 ? (int)write(raw, second, sizeof(second) - 1)
			     : SSL_write(ssl, second, (int)sizeof(second) - 1);
		printf("again=%s\n", n == (int)sizeof(second) - 1 ? "sent" : "refused");
		if (n <= 0 && raw < 0) {
			print_error();
		}
	} else {
		n = raw >= 0 ? (int)read(raw, line, sizeof(line) - 1)
			     : SSL_read(ssl, line, sizeof(line) - 1);
		line[n > 0 ? n : 0] = '\0';
		line[strcspn(line, "\n")] = '\0';
		printf("again=%s\n", n > 0 ? line : "closed");
	}
	printf("status_again=%s\n", status_names[tls_bridge_get_status(ssl, &why)]);
	printf("why_again=%s\n", why);
}

/* What the handshake gave, and one line each way.  0 on success. */
static int report(SSL *ssl, int ok, int is_server, const struct options *o)
{
	uint8_t cb[TLS_BRIDGE_CB_MAX_LEN];
	size_t len = sizeof(cb), i;
	const char *why = NULL;
	int raw, rc;

	printf("handshake=%s\n", ok ? "ok" : "failed");
	if (!ok) {
		print_error();
		tls_bridge_get_status(ssl, &why);
		printf("why=%s\n", why);
		return 1;
	}
	printf("version=%s\ncipher=%s\n", SSL_get_version(ssl), SSL_get_cipher_name(ssl));
	printf("status=%s\n", status_names[tls_bridge_get_status(ssl, &why)]);
	printf("why=%s\n", why);
	if (tls_bridge_channel_binding(ssl, TLS_BRIDGE_CB_TLS_EXPORTER, cb, &len) == 0) {
		printf("exporter=");
		for (i = 0; i < len; i++) {
			printf("%02x", cb[i]);
		}
		printf("\n");
	}
	raw = tls_bridge_hand_over(ssl);
	printf("transport=%s\n", raw >= 0 ? "socket" : "tls");
	rc = one_line_each_way(ssl, raw, is_server, o->message);
	if (rc == 0 && o->again != NULL) {
		one_more_line_after_file(ssl, raw, is_server, o->again);
	}
	if (rc == 0 && raw < 0) {
		SSL_shutdown(ssl);
	}
	return rc;
}

/* The connection on socket fd, of ctx: its channel, its handshake, what
 * they gave and the exchange.  0 on success. */
static int run_connection(SSL_CTX *ctx, int fd, int is_server, const struct options *o)
{
	SSL *ssl = SSL_new(ctx);
	int rc;

	show_protection(fd);
	if (ssl == NULL || SSL_set_fd(ssl, fd) != 1) {
		SSL_free(ssl);
		return 2;
	}
	give_channel(ssl, fd, o->binding);
	rc = report(ssl, (is_server ? SSL_accept(ssl) : SSL_connect(ssl)) == 1, is_server, o);
	SSL_free(ssl);
	return rc;
}

static int server(int argc, char **argv)
{
	struct sockaddr_in sin;
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	struct options o;
	int listener = socket(AF_INET, SOCK_STREAM, 0), fd, one = 1, rc;

	parse_options(argc - 6, argv + 6, &o);
	if (ctx == NULL || SSL_CTX_use_certificate_file(ctx, argv[4], SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, argv[5], SSL_FILETYPE_PEM) != 1 ||
	    configure(ctx, argv[3], &o) != 0) {
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
	rc = run_connection(ctx, fd, 1, &o);
	SSL_CTX_free(ctx);
	close(fd);
	close(listener);
	return rc;
}

static int client(int argc, char **argv)
{
	struct addrinfo hints, *ai;
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	struct options o;
	int fd, rc;

	parse_options(argc - 5, argv + 5, &o);
	if (ctx == NULL || configure(ctx, argv[4], &o) != 0) {
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
	rc = run_connection(ctx, fd, 0, &o);
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
	fprintf(stderr, "usage: btns_tls server PORT POLICY CERT KEY [OPTION...]\n"
			"       btns_tls client ADDRESS PORT POLICY [OPTION...]\n"
			"options: binding=DATA version=1.2|1.3 bridging=none|null|hand-over|both\n"
			"         message=TEXT ciphers=LIST again=PATH\n");
	return 2;
}
