/* SPDX-License-Identifier: BSD-2-Clause */
/* The server's ClientHello callback (client_hello.c). */
#ifndef TLS_BRIDGE_CLIENT_HELLO_H
#define TLS_BRIDGE_CLIENT_HELLO_H

#include <openssl/ssl.h>

/* What tls_bridge_enable() sets with SSL_CTX_set_client_hello_cb(): the
 * application's callback, if it gave one, then tls_bridge_client_hello(). */
int tls_bridge_chained_client_hello(SSL *ssl, int *al, void *arg);

#endif
