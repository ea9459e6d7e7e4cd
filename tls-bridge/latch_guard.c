/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The latch guard (latch_guard.h).  Each write with the NULL cipher on
 * asks the connection's channel follower, which watches the latch from
 * the first question and then polls the watch, without blocking, for
 * news.  A latch whose state cannot be known counts as broken.
 */
#include <errno.h>
#include <openssl/err.h>
#include <pthread.h>
#include <stdlib.h>

#include "channel_follower.h"
#include "errors.h"
#include "latch_guard.h"
#include "null_suites.h"

struct guard {
	const SSL *ssl; /* whose writes these are; it outlives its BIOs' use */
	struct btns_channel_follower *latch; /* ssl's, which tells the state */
	bool broke;
};

/* The BIO method is made once per process and only read afterwards. */
static BIO_METHOD *guard_method;
static int guard_type = -1;
static pthread_once_t method_once = PTHREAD_ONCE_INIT;

/* TLS encrypts nothing now: the handshake is over and the NULL cipher
 * is on (the guard is placed before the cipher is known). */
static bool unencrypted(const struct guard *g)
{
	return SSL_is_init_finished(g->ssl) &&
	       tls_bridge_is_null_cipher(SSL_get_current_cipher(g->ssl));
}

static int guard_write(BIO *b, const char *data, size_t len, size_t *written)
{
	struct guard *g = BIO_get_data(b);
	int rc;

	BIO_clear_retry_flags(b);
	if (g->broke) {
		return 0;
	}
	if (unencrypted(g)) {
		if (!btns_channel_follower_latch_holds(g->latch)) {
			g->broke = true;
			errno = EPIPE;
			/* EPIPE first, for SSL_get_error(); then tls-bridge's reason. */
			ERR_raise(ERR_LIB_SYS, EPIPE);
			tls_bridge_raise(TLS_BRIDGE_R_LATCH_BROKE);
			return 0;
		}
	}
	rc = BIO_write_ex(BIO_next(b), data, len, written);
	BIO_copy_next_retry(b);
	return rc;
}

static long guard_ctrl(BIO *b, int cmd, long num, void *ptr)
{
	return BIO_next(b) != NULL ? BIO_ctrl(BIO_next(b), cmd, num, ptr) : 0;
}

static int guard_create(BIO *b)
{
	BIO_set_init(b, 1);
	return 1;
}

static int guard_destroy(BIO *b)
{
	free(BIO_get_data(b));
	BIO_set_data(b, NULL);
	return 1;
}

static void make_method(void)
{
	BIO_METHOD *m;

	guard_type = BIO_get_new_index();
	if (guard_type < 0) {
		return;
	}
	guard_type |= BIO_TYPE_FILTER;
	m = BIO_meth_new(guard_type, "tls-bridge latch guard");
	if (m == NULL || BIO_meth_set_write_ex(m, guard_write) != 1 ||
	    BIO_meth_set_ctrl(m, guard_ctrl) != 1 ||
	    BIO_meth_set_create(m, guard_create) != 1 ||
	    BIO_meth_set_destroy(m, guard_destroy) != 1) {
		BIO_meth_free(m);
		return;
	}
	guard_method = m;
}

static BIO *find_guard(const SSL *ssl)
{
	if (pthread_once(&method_once, make_method) != 0 || guard_method == NULL) {
		return NULL;
	}
	return BIO_find_type(SSL_get_wbio(ssl), guard_type);
}

bool tls_bridge_latch_guarded(const SSL *ssl)
{
	return find_guard(ssl) != NULL;
}

bool tls_bridge_latch_broke(const SSL *ssl)
{
	BIO *b = find_guard(ssl);

	return b != NULL && ((struct guard *)BIO_get_data(b))->broke;
}

int tls_bridge_guard_latch(SSL *ssl, struct btns_channel_follower *latch)
{
	BIO *below = SSL_get_wbio(ssl), *b;
	struct guard *g;

	if (find_guard(ssl) != NULL) {
		return 0;
	}
	if (guard_method == NULL || below == NULL) {
		return -1;
	}
	g = calloc(1, sizeof(*g));
	b = BIO_new(guard_method);
	if (g == NULL || b == NULL || BIO_up_ref(below) != 1) {
		free(g);
		BIO_free(b);
		return -1;
	}
	g->ssl = ssl;
	g->latch = latch;
	BIO_set_data(b, g);
	/* Over the write side (SSL_get_wbio() gives what is under OpenSSL's
	 * handshake buffer, and SSL_set0_wbio() puts the buffer back on
	 * top); SSL_set0_wbio() drops the reference to below that ssl had,
	 * and the guard holds the one taken above. */
	SSL_set0_wbio(ssl, BIO_push(b, below));
	return 0;
}
