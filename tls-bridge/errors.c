/* SPDX-License-Identifier: BSD-2-Clause */
/* tls-bridge's error library (errors.h) and the sentences of its codes. */
#include <openssl/crypto.h>
#include <stdbool.h>
#include <string.h>

#include <tls_bridge.h>

#include "errors.h"

#define REASON(code) ERR_PACK(0, 0, -(code))

/*
 * The reasons' strings.  The one piece of mutable state of tls-bridge's
 * own: ERR_load_strings() wants its table writable (it adds the library's
 * number to each entry) and keeps pointing at it, and the number is
 * OpenSSL's to hand out, once per process.  Both are written once, under
 * CRYPTO_THREAD_run_once(), and only read afterwards.
 */
static ERR_STRING_DATA reasons[] = {
	{ REASON(TLS_BRIDGE_E_INVALID),
	  "invalid argument (a NULL pointer, an unknown policy or channel-binding type, or a "
	  "value out of range)" },
	{ REASON(TLS_BRIDGE_E_UNSUPPORTED),
	  "this channel-binding type is not defined for this connection (tls-unique on TLS 1.3, "
	  "or tls-server-end-point with a certificate signed with no single hash)" },
	{ REASON(TLS_BRIDGE_E_NOT_AVAILABLE),
	  "this channel binding is not available: the handshake is not complete, tls-exporter "
	  "below TLS 1.3 lacks the extended master secret or allows renegotiation, or there is "
	  "no server certificate" },
	{ REASON(TLS_BRIDGE_E_BUFFER), "the buffer is too short for the channel binding" },
	{ REASON(TLS_BRIDGE_E_CRYPTO), "libcrypto failed" },
	{ REASON(TLS_BRIDGE_E_STATE),
	  "not at this point of the connection (the handshake has started, or is not at a "
	  "server's ClientHello callback; or tls-bridge is enabled on this SSL_CTX already, or "
	  "not yet)" },
	{ REASON(TLS_BRIDGE_E_IPSEC),
	  "the socket gives no IPsec channel binding (not protected by an SA pair in both "
	  "directions, or libipsecapi could not ask the kernel)" },
	{ REASON(TLS_BRIDGE_E_NO_MEMORY), "out of memory" },
	{ ERR_PACK(0, 0, TLS_BRIDGE_R_HANDSHAKE_REFUSED), "tls-bridge refused the handshake" },
	{ ERR_PACK(0, 0, TLS_BRIDGE_R_LATCH_BROKE),
	  "the connection's latch broke, and TLS, which does not encrypt it, writes no more" },
	{ 0, NULL },
};
static ERR_STRING_DATA library[] = {
	{ 0, "tls-bridge" },
	{ 0, NULL },
};
static int library_code;
static CRYPTO_ONCE library_once = CRYPTO_ONCE_STATIC_INIT;

static void register_library(void)
{
	library_code = ERR_get_next_error_library();
	library[0].error = ERR_PACK(library_code, 0, 0);
	(void)ERR_load_strings(library_code, library);
	(void)ERR_load_strings(library_code, reasons);
}

/* The library's number, registered on first use; 0 if that failed. */
static int library_of_tls_bridge(void)
{
	return CRYPTO_THREAD_run_once(&library_once, register_library) ? library_code : 0;
}

static void raise_at(int reason, const char *why, const char *file, int line, const char *func)
{
	int lib = library_of_tls_bridge();

	ERR_new();
	ERR_set_debug(file, line, func);
	if (why != NULL) {
		ERR_set_error(lib != 0 ? lib : ERR_LIB_USER, reason, "%s", why);
	} else {
		ERR_set_error(lib != 0 ? lib : ERR_LIB_USER, reason, NULL);
	}
}

int tls_bridge_report_at(int rc, const char *file, int line, const char *func)
{
	if (rc < 0) {
		raise_at(-rc, NULL, file, line, func);
	}
	return rc;
}

/* The security callback is asked once per signature algorithm: one
 * refusal on the queue is enough. */
static bool refused_already(const char *why)
{
	const char *data = NULL;
	int flags = 0;
	unsigned long last = ERR_peek_last_error_data(&data, &flags);

	return last != 0 && ERR_GET_LIB(last) == library_of_tls_bridge() &&
	       ERR_GET_REASON(last) == TLS_BRIDGE_R_HANDSHAKE_REFUSED && data != NULL &&
	       (flags & ERR_TXT_STRING) && strcmp(data, why) == 0;
}

void tls_bridge_raise_at(int reason, const char *file, int line, const char *func)
{
	raise_at(reason, NULL, file, line, func);
}

void tls_bridge_raise_refusal_at(const char *why, const char *file, int line, const char *func)
{
	if (!refused_already(why)) {
		raise_at(TLS_BRIDGE_R_HANDSHAKE_REFUSED, why, file, line, func);
	}
}

const char *tls_bridge_error_string(int code)
{
	size_t i;

	if (code == 0) {
		return "success";
	}
	/* The codes, not the other reasons, which follow theirs. */
	if (code < TLS_BRIDGE_E_NO_MEMORY || code > 0) {
		return "unknown tls-bridge error";
	}
	(void)library_of_tls_bridge(); /* the table is read after it was patched */
	for (i = 0; reasons[i].string != NULL; i++) {
		if (ERR_GET_REASON(reasons[i].error) == -code) {
			return reasons[i].string;
		}
	}
	return "unknown tls-bridge error";
}
