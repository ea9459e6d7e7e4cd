/* SPDX-License-Identifier: BSD-2-Clause */
/* The TLS channel bindings of a connection (see tls_bridge.h). */
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <string.h>

#include <tls_bridge.h>

#include "errors.h"

#define EXPORTER_LABEL "EXPORTER-Channel-Binding"
#define EXPORTER_LEN 32

static int room(size_t need, size_t *len)
{
	if (*len < need) {
		*len = need;
		return TLS_BRIDGE_E_BUFFER;
	}
	*len = need;
	return 0;
}

/* RFC 5929 3.1: the first Finished of the latest handshake: the client's
 * in a full handshake, the server's in a resumed one. */
static int tls_unique(SSL *ssl, uint8_t *out, size_t *len)
{
	int own_first = SSL_is_server(ssl) == SSL_session_reused(ssl);
	size_t n;
	int rc;

	if (SSL_version(ssl) >= TLS1_3_VERSION) {
		return TLS_BRIDGE_E_UNSUPPORTED;
	}
	n = own_first ? SSL_get_finished(ssl, NULL, 0) : SSL_get_peer_finished(ssl, NULL, 0);
	if (n == 0) {
		return TLS_BRIDGE_E_NOT_AVAILABLE;
	}
	rc = room(n, len);
	if (rc == 0) {
		(void)(own_first ? SSL_get_finished(ssl, out, n) : SSL_get_peer_finished(ssl, out, n));
	}
	return rc;
}

/* RFC 9266: an empty context, which below TLS 1.3 differs from none.  Below
 * TLS 1.3 the master secret must be unique to the connection (the
 * extended master secret) and stay so (no renegotiation). */
static int tls_exporter(SSL *ssl, uint8_t *out, size_t *len)
{
	int rc;

	if (SSL_version(ssl) < TLS1_3_VERSION &&
	    (SSL_get_extms_support(ssl) != 1 || !(SSL_get_options(ssl) & SSL_OP_NO_RENEGOTIATION))) {
		return TLS_BRIDGE_E_NOT_AVAILABLE;
	}
	rc = room(EXPORTER_LEN, len);
	if (rc == 0 && SSL_export_keying_material(ssl, out, EXPORTER_LEN, EXPORTER_LABEL,
						  strlen(EXPORTER_LABEL), (const uint8_t *)"", 0,
						  1) != 1) {
		return TLS_BRIDGE_E_CRYPTO;
	}
	return rc;
}

/* RFC 5929 4.1: the hash of the certificate's signature algorithm, except
 * that MD5 and SHA-1 become SHA-256.  X509_get_signature_info knows the
 * hash of RSA-PSS signatures too. */
static int tls_server_end_point(SSL *ssl, uint8_t *out, size_t *len)
{
	X509 *cert = SSL_is_server(ssl) ? SSL_get_certificate(ssl) : SSL_get0_peer_certificate(ssl);
	int md_nid = NID_undef, rc;
	EVP_MD *md;
	unsigned int n;

	if (cert == NULL) {
		return TLS_BRIDGE_E_NOT_AVAILABLE;
	}
	if (X509_get_signature_info(cert, &md_nid, NULL, NULL, NULL) != 1 || md_nid == NID_undef) {
		return TLS_BRIDGE_E_UNSUPPORTED; /* no single hash: undefined (RFC 5929) */
	}
	if (md_nid == NID_md5 || md_nid == NID_sha1) {
		md_nid = NID_sha256;
	}
	md = EVP_MD_fetch(NULL, OBJ_nid2sn(md_nid), NULL);
	if (md == NULL) {
		return TLS_BRIDGE_E_CRYPTO;
	}
	rc = room((size_t)EVP_MD_get_size(md), len);
	if (rc == 0 && (X509_digest(cert, md, out, &n) != 1 || n != *len)) {
		rc = TLS_BRIDGE_E_CRYPTO;
	}
	EVP_MD_free(md);
	return rc;
}

static const char *name_of(enum tls_bridge_cb_type type)
{
	switch (type) {
	case TLS_BRIDGE_CB_TLS_UNIQUE:
		return "tls-unique";
	case TLS_BRIDGE_CB_TLS_SERVER_END_POINT:
		return "tls-server-end-point";
	case TLS_BRIDGE_CB_TLS_EXPORTER:
		return "tls-exporter";
	}
	return NULL;
}

static int channel_binding(SSL *ssl, enum tls_bridge_cb_type type, uint8_t *out, size_t *len)
{
	if (ssl == NULL || len == NULL || (out == NULL && *len > 0) || name_of(type) == NULL) {
		return TLS_BRIDGE_E_INVALID;
	}
	if (!SSL_is_init_finished(ssl)) {
		return TLS_BRIDGE_E_NOT_AVAILABLE;
	}
	switch (type) {
	case TLS_BRIDGE_CB_TLS_UNIQUE:
		return tls_unique(ssl, out, len);
	case TLS_BRIDGE_CB_TLS_SERVER_END_POINT:
		return tls_server_end_point(ssl, out, len);
	case TLS_BRIDGE_CB_TLS_EXPORTER:
		return tls_exporter(ssl, out, len);
	}
	return TLS_BRIDGE_E_INVALID;
}

int tls_bridge_channel_binding(SSL *ssl, enum tls_bridge_cb_type type, uint8_t *out, size_t *len)
{
	return tls_bridge_reported(channel_binding(ssl, type, out, len));
}

const char *tls_bridge_cb_type_name(enum tls_bridge_cb_type type)
{
	const char *name = name_of(type);

	if (name == NULL) {
		tls_bridge_reported(TLS_BRIDGE_E_INVALID);
	}
	return name;
}
