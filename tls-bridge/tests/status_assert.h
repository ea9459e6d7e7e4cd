/* SPDX-License-Identifier: BSD-2-Clause */
/* The cmocka check of a connection's tls-bridge status, for the tests. */
#ifndef STATUS_ASSERT_H
#define STATUS_ASSERT_H

#include <openssl/ssl.h>
#include <tls_bridge.h>

/* ssl's status is want, and its reason says why_part. */
void assert_status(SSL *ssl, enum tls_bridge_status want, const char *why_part);

#endif
