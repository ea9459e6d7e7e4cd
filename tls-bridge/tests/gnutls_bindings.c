/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GnuTLS as an independent check of tls-bridge's channel bindings: a
 * GnuTLS client (a child process) connects to an OpenSSL server over a
 * socket pair, reports gnutls_session_channel_binding() for each type,
 * and the server compares them with tls_bridge_channel_binding().  On
 * TLS 1.2 and TLS 1.3, with an ECDSA P-384/SHA-384 certificate (so that
 * tls-server-end-point is not SHA-256 by accident).  Exits 0 when every
 * value that both define is equal, and each side refuses the same ones.
 */
#include <gnutls/gnutls.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <tls_bridge.h>

#include "tls_pair.h"

/* What the child reports per type: a length (0: GnuTLS refused) and the
 * value. */
struct report {
	uint32_t len;
	uint8_t v[TLS_BRIDGE_CB_MAX_LEN];
};

static const struct {
	enum tls_bridge_cb_type ours;
	gnutls_channel_binding_t theirs;
} types[] = {
	{ .ours = TLS_BRIDGE_CB_TLS_UNIQUE, .theirs = GNUTLS_CB_TLS_UNIQUE },
	{ .ours = TLS_BRIDGE_CB_TLS_SERVER_END_POINT, .theirs = GNUTLS_CB_TLS_SERVER_END_POINT },
	{ .ours = TLS_BRIDGE_CB_TLS_EXPORTER, .theirs = GNUTLS_CB_TLS_EXPORTER },
};
#define NTYPES (sizeof(types) / sizeof(types[0]))

static int gnutls_client(int fd, int report_fd, const char *priority)
{
	gnutls_certificate_credentials_t creds;
	gnutls_session_t s;
	struct report r[NTYPES];
	size_t i;
	int rc;

	memset(r, 0, sizeof(r));
	if (gnutls_certificate_allocate_credentials(&creds) < 0 ||
	    gnutls_init(&s, GNUTLS_CLIENT) < 0 ||
	    gnutls_priority_set_direct(s, priority, NULL) < 0 ||
	    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, creds) < 0) {
		return 2;
	}
	gnutls_transport_set_int(s, fd);
	do {
		rc = gnutls_handshake(s);
	} while (rc < 0 && !gnutls_error_is_fatal(rc));
	if (rc < 0) {
		fprintf(stderr, "gnutls: handshake: %s\n", gnutls_strerror(rc));
		return 3;
	}
	for (i = 0; i < NTYPES; i++) {
		gnutls_datum_t cb = { .data = NULL, .size = 0 };

		if (gnutls_session_channel_binding(s, types[i].theirs, &cb) == 0 &&
		    cb.size <= sizeof(r[i].v)) {
			r[i].len = cb.size;
			memcpy(r[i].v, cb.data, cb.size);
		}
		gnutls_free(cb.data);
	}
	if (write(report_fd, r, sizeof(r)) != (ssize_t)sizeof(r)) {
		return 4;
	}
	gnutls_bye(s, GNUTLS_SHUT_WR);
	gnutls_deinit(s);
	gnutls_certificate_free_credentials(creds);
	return 0;
}

static int check_with_gnutls(int version, const char *priority)
{
	struct tls_pair p;
	struct report r[NTYPES];
	int sv[2], pipe_fds[2], status, bad = 0;
	size_t i;
	pid_t child;

	if (tls_pair_init(&p, TLS_PAIR_ECDSA_P384_SHA384, version) != 0 ||
	    socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0 || pipe(pipe_fds) != 0) {
		return 1;
	}
	SSL_CTX_set_options(p.server_ctx, SSL_OP_NO_RENEGOTIATION);
	fflush(stdout);
	child = fork();
	if (child == 0) {
		close(sv[0]);
		close(pipe_fds[0]);
		_exit(gnutls_client(sv[1], pipe_fds[1], priority));
	}
	close(sv[1]);
	close(pipe_fds[1]);
	p.server = SSL_new(p.server_ctx);
	if (p.server == NULL || SSL_set_fd(p.server, sv[0]) != 1 || SSL_accept(p.server) != 1 ||
	    read(pipe_fds[0], r, sizeof(r)) != (ssize_t)sizeof(r)) {
		fprintf(stderr, "openssl: the handshake or the report failed\n");
		bad = 1;
	}
	for (i = 0; !bad && i < NTYPES; i++) {
		uint8_t v[TLS_BRIDGE_CB_MAX_LEN];
		size_t len = sizeof(v);
		int rc = tls_bridge_channel_binding(p.server, types[i].ours, v, &len);
		const char *name = tls_bridge_cb_type_name(types[i].ours);

		if (rc != 0 && r[i].len == 0) {
			printf("%s, TLS 0x%x: refused by both (%s)\n", name, version,
			       tls_bridge_error_string(rc));
		} else if (rc == 0 && r[i].len == len && memcmp(v, r[i].v, len) == 0) {
			printf("%s, TLS 0x%x: equal, %zu octets\n", name, version, len);
		} else {
			printf("%s, TLS 0x%x: DIFFERENT (ours: %s, %zu octets; GnuTLS: %u octets)\n",
			       name, version, rc == 0 ? "given" : tls_bridge_error_string(rc), len,
			       (unsigned)r[i].len);
			bad = 1;
		}
	}
	SSL_shutdown(p.server);
	close(sv[0]);
	close(pipe_fds[0]);
	tls_pair_free(&p);
	if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "gnutls client failed\n");
		bad = 1;
	}
	return bad;
}

int main(void)
{
	int bad;

	/* Either end may close first: a write to a closed socket is an error
	 * to see, not a signal that kills the report. */
	signal(SIGPIPE, SIG_IGN);
	bad = check_with_gnutls(TLS1_2_VERSION, "NORMAL:-VERS-ALL:+VERS-TLS1.2");

	bad |= check_with_gnutls(TLS1_3_VERSION, "NORMAL:-VERS-ALL:+VERS-TLS1.3");
	printf("%s\n", bad ? "FAILED" : "ok: GnuTLS and tls-bridge agree");
	return bad;
}
