/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Which sessions a server's connection may resume, and make, once
 * tls-bridge's check has judged its ClientHello.  The session id context,
 * which OpenSSL compares before it resumes, keeps them apart; an SNI
 * switch (SSL_set_SSL_CTX()) keeps a context set on the SSL.
 */
#ifndef TLS_BRIDGE_SESSIONS_H
#define TLS_BRIDGE_SESSIONS_H

#include <openssl/ssl.h>

/*
 * ssl, bound: resumes only sessions of bound connections, and makes one
 * such.  A resumed TLS 1.2 handshake chooses no cipher and signs nothing,
 * where tls-bridge checks a connection again after an SNI switch: a
 * connection whose check was skipped, or that is not bound, must not
 * resume a bound one's session on an SSL_CTX under TLS_BRIDGE_REQUIRE.
 * 0 or -1.
 */
int tls_bridge_sessions_bound(SSL *ssl);

/* ssl resumes no session and makes none to be resumed (no tickets).
 * 0 or -1. */
int tls_bridge_sessions_none(SSL *ssl);

#endif
