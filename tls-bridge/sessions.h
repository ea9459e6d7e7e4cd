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

/* Makes context, the bound connections' session id context of an SSL_CTX
 * (SSL_MAX_SID_CTX_LENGTH octets).  0 or -1. */
int tls_bridge_sessions_new_context(unsigned char *context);

/*
 * ssl, bound on an SSL_CTX whose context is context: resumes only sessions
 * of connections bound on the same SSL_CTX, and makes one such.  A resumed
 * TLS 1.2 handshake chooses no cipher and signs nothing, where tls-bridge
 * checks a connection again after an SNI switch: a connection whose check
 * was skipped, or that is not bound, must not resume a bound one's session
 * on an SSL_CTX under TLS_BRIDGE_REQUIRE.  The context is the SSL_CTX's,
 * as OpenSSL's own is, so that a session stays with the SSL_CTX it was
 * made on (an application's ClientHello callback chooses it); a random
 * one, since an SSL_CTX's own cannot be read, so bound sessions are not
 * resumed by another process that shares the ticket keys, unless it
 * forked from the one that enabled tls-bridge.  0 or -1.
 */
int tls_bridge_sessions_bound(SSL *ssl, const unsigned char *context);

/* ssl resumes no session and makes none to be resumed (no tickets).
 * 0 or -1. */
int tls_bridge_sessions_none(SSL *ssl);

#endif
