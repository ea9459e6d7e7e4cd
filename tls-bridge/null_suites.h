/* SPDX-License-Identifier: BSD-2-Clause */
/* The NULL cipher suites of TLS 1.2, with which a bridged connection's
 * TLS encrypts nothing. */
#ifndef TLS_BRIDGE_NULL_SUITES_H
#define TLS_BRIDGE_NULL_SUITES_H

#include <stdbool.h>

#include <openssl/ssl.h>

/* c encrypts nothing. */
bool tls_bridge_is_null_cipher(const SSL_CIPHER *c);

/* Adds the NULL suites to ssl's TLS 1.2 cipher list: first (server) or
 * last (client).  0 or -1. */
int tls_bridge_add_null_suites(SSL *ssl, bool first);

#endif
