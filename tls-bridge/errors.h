/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tls-bridge's failures on OpenSSL's error queue, under an error library
 * of its own ("tls-bridge"), so that ERR_print_errors() names them as it
 * names libssl's.  Each TLS_BRIDGE_E_* code is a reason of its own; a
 * handshake that tls-bridge fails is one more, with the sentence of
 * tls_bridge_get_status() as its data.
 */
#ifndef TLS_BRIDGE_ERRORS_H
#define TLS_BRIDGE_ERRORS_H

#include <openssl/err.h>

/* The reasons of a failed handshake, and of a write that the latch guard
 * refused (the codes' reasons are -code). */
#define TLS_BRIDGE_R_HANDSHAKE_REFUSED 100
#define TLS_BRIDGE_R_LATCH_BROKE 101

/* rc, after putting it on the queue if it is a TLS_BRIDGE_E_* code (a
 * value below 0); where a public function returns. */
#define tls_bridge_reported(rc) tls_bridge_report_at((rc), OPENSSL_FILE, OPENSSL_LINE, OPENSSL_FUNC)

/* Puts the refusal of a handshake, and why, on the queue. */
#define tls_bridge_raise_refusal(why)                                                           \
	tls_bridge_raise_refusal_at((why), OPENSSL_FILE, OPENSSL_LINE, OPENSSL_FUNC)

/* Puts a reason without data (TLS_BRIDGE_R_*) on the queue. */
#define tls_bridge_raise(reason)                                                                \
	tls_bridge_raise_at((reason), OPENSSL_FILE, OPENSSL_LINE, OPENSSL_FUNC)

int tls_bridge_report_at(int rc, const char *file, int line, const char *func);
void tls_bridge_raise_refusal_at(const char *why, const char *file, int line, const char *func);
void tls_bridge_raise_at(int reason, const char *file, int line, const char *func);

#endif
