/* SPDX-License-Identifier: BSD-2-Clause */
#include <openssl/crypto.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "channel_follower.h"
#include "state.h"

/* OpenSSL's ex_data indexes are per process; they are taken once, under
 * pthread_once, and only read afterwards. */
static int ctx_index = -1, conn_index = -1;
static pthread_once_t indexes_once = PTHREAD_ONCE_INIT;

static void free_ctx(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
	(void)parent, (void)ad, (void)idx, (void)argl, (void)argp;
	free(ptr);
}

/* The binding is not secret, but the state is wiped all the same. */
static void free_conn(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
	struct tls_bridge_conn *conn = ptr;

	(void)parent, (void)ad, (void)idx, (void)argl, (void)argp;
	if (conn != NULL) {
		btns_channel_follower_free(conn->channel);
		OPENSSL_cleanse(conn, sizeof(*conn));
		free(conn);
	}
}

static void take_indexes(void)
{
	ctx_index = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL, free_ctx);
	conn_index = SSL_get_ex_new_index(0, NULL, NULL, NULL, free_conn);
}

static bool indexes(void)
{
	return pthread_once(&indexes_once, take_indexes) == 0 && ctx_index >= 0 && conn_index >= 0;
}

struct tls_bridge_ctx *tls_bridge_ctx_get(const SSL_CTX *ctx)
{
	return indexes() ? SSL_CTX_get_ex_data(ctx, ctx_index) : NULL;
}

int tls_bridge_ctx_make(SSL_CTX *ctx, struct tls_bridge_ctx **out)
{
	struct tls_bridge_ctx *c;

	if (!indexes()) {
		return TLS_BRIDGE_E_NO_MEMORY;
	}
	c = SSL_CTX_get_ex_data(ctx, ctx_index);
	if (c == NULL) {
		c = calloc(1, sizeof(*c));
		if (c == NULL || SSL_CTX_set_ex_data(ctx, ctx_index, c) != 1) {
			free(c);
			return TLS_BRIDGE_E_NO_MEMORY;
		}
	}
	*out = c;
	return 0;
}

struct tls_bridge_conn *tls_bridge_conn_get(const SSL *ssl)
{
	return indexes() ? SSL_get_ex_data(ssl, conn_index) : NULL;
}

struct tls_bridge_conn *tls_bridge_conn_make(SSL *ssl)
{
	struct tls_bridge_conn *c = tls_bridge_conn_get(ssl);

	if (c != NULL || !indexes()) {
		return c;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL || SSL_set_ex_data(ssl, conn_index, c) != 1) {
		free(c);
		return NULL;
	}
	c->fd = -1;
	return c;
}

enum tls_bridge_policy tls_bridge_policy_of(const SSL *ssl)
{
	const struct tls_bridge_ctx *c = tls_bridge_ctx_get(SSL_get_SSL_CTX(ssl));

	return c != NULL && c->enabled ? c->policy : TLS_BRIDGE_DISABLE;
}
