/* SPDX-License-Identifier: BSD-2-Clause */
/* The peer of an SA pair, from charon over VICI (km_vici.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ipsecapi.h"
#include "core.h"
#include "km_vici.h"
#include "vici_client.h"

uint16_t ipsecapi_vici_auth_method(const char *auth_class)
{
	static const struct {
		const char *name;
		uint16_t method;
	} classes[] = {
		{ .name = "pre-shared key", .method = IPSEC_API_ATTR_authMeth_PRESHAREDKEY },
		{ .name = "public key", .method = IPSEC_API_ATTR_authMeth_PKIX_TRUSTED },
		{ .name = "EAP", .method = IPSEC_API_ATTR_authMeth_EAP },
		{ .name = "XAuth", .method = IPSEC_API_ATTR_authMeth_XAUTH },
	};
	size_t i;

	for (i = 0; auth_class != NULL && i < sizeof(classes) / sizeof(classes[0]); i++) {
		if (strcmp(auth_class, classes[i].name) == 0) {
			return classes[i].method;
		}
	}
	return 0;
}

struct search {
	char spi_in[9], spi_out[9]; /* as charon writes them: 8 hex digits */
	struct ipsecapi_ike_peer *peer;
	int found;
};

static void copy(char *out, size_t size, const char *value)
{
	snprintf(out, size, "%s", value != NULL ? value : "");
}

/* Whether the IKE_SA's CHILD_SAs have the SPIs searched for: both of one,
 * or, while a rekey has an old and a new CHILD_SA, one of each (the kernel
 * may send on the new SA while the peer still sends on the old). */
static bool has_child(const struct ipsecapi_vici_section *ike, const struct search *s)
{
	const struct ipsecapi_vici_section *children = ipsecapi_vici_sub(ike, "child-sas");
	bool in_found = false, out_found = false;
	size_t i;

	for (i = 0; children != NULL && i < children->n; i++) {
		const struct ipsecapi_vici_section *c = children->entries[i].section;
		const char *in = ipsecapi_vici_get(c, "spi-in"), *out = ipsecapi_vici_get(c, "spi-out");

		in_found = in_found || (in != NULL && strcmp(in, s->spi_in) == 0);
		out_found = out_found || (out != NULL && strcmp(out, s->spi_out) == 0);
	}
	return in_found && out_found;
}

/* One list-sa event: each of its sections is an IKE_SA. */
static int on_sa(const struct ipsecapi_vici_section *message, void *data)
{
	struct search *s = data;
	size_t i;

	for (i = 0; i < message->n && !s->found; i++) {
		const struct ipsecapi_vici_entry *e = &message->entries[i];
		struct ipsecapi_ike_peer *p = s->peer;

		if (e->kind != IPSECAPI_VICI_SECTION_START || !has_child(e->section, s)) {
			continue;
		}
		copy(p->conn, sizeof(p->conn), e->name);
		copy(p->uniqueid, sizeof(p->uniqueid), ipsecapi_vici_get(e->section, "uniqueid"));
		copy(p->remote_id, sizeof(p->remote_id), ipsecapi_vici_get(e->section, "remote-id"));
		copy(p->local_id, sizeof(p->local_id), ipsecapi_vici_get(e->section, "local-id"));
		copy(p->remote_host, sizeof(p->remote_host),
		     ipsecapi_vici_get(e->section, "remote-host"));
		s->found = 1;
	}
	return 0;
}

/* One list-conn event: the connection's first rounds, remote and local. */
static int on_conn(const struct ipsecapi_vici_section *message, void *data)
{
	struct ipsecapi_ike_peer *p = data;
	const struct ipsecapi_vici_section *conn = ipsecapi_vici_sub(message, p->conn);

	if (conn != NULL) {
		copy(p->auth_class, sizeof(p->auth_class),
		     ipsecapi_vici_get(ipsecapi_vici_sub(conn, "remote-1"), "class"));
		copy(p->local_class, sizeof(p->local_class),
		     ipsecapi_vici_get(ipsecapi_vici_sub(conn, "local-1"), "class"));
		p->auth_method = ipsecapi_vici_auth_method(p->auth_class);
	}
	return 0;
}

const struct ipsecapi_peer_key *ipsecapi_ike_key_known(const struct ipsecapi_ike_key *k)
{
	return k->count == 1 && !k->unreadable ? &k->key : NULL;
}

struct key_search {
	struct ipsecapi_ike_key *found;
	bool own; /* ours: only those with a private key; the peer's: without */
	const char *fn;
};

static bool same_key(const struct ipsecapi_peer_key *a, const struct ipsecapi_peer_key *b)
{
	return a->spki_len == b->spki_len && memcmp(a->spki, b->spki, a->spki_len) == 0;
}

/* Counts key as one more held for the identity, unless it is the one
 * already found (a raw key that a certificate of it then names is the
 * same, and the certificate tells more). */
static void count_key(struct ipsecapi_ike_key *k, const struct ipsecapi_peer_key *key)
{
	if (k->count > 0 && same_key(&k->key, key)) {
		if (k->key.subject[0] == '\0') {
			k->key = *key;
			return;
		}
		if (key->subject[0] == '\0' || (strcmp(key->subject, k->key.subject) == 0 &&
						strcmp(key->issuer, k->key.issuer) == 0)) {
			return;
		}
	}
	if (k->count++ == 0) {
		k->key = *key;
	}
}

/* One list-cert event: an end-entity certificate or a raw key. */
static int on_cert(const struct ipsecapi_vici_section *message, void *data)
{
	struct key_search *s = data;
	const char *type = ipsecapi_vici_get(message, "type");
	const char *flag = ipsecapi_vici_get(message, "flag");
	const char *privkey = ipsecapi_vici_get(message, "has_privkey");
	const struct ipsecapi_vici_entry *der =
		ipsecapi_vici_find(message, "data", IPSECAPI_VICI_KEY_VALUE);
	bool cert = type != NULL && strcmp(type, "X509") == 0;
	struct ipsecapi_peer_key key;

	/* An end-entity certificate, or a CA one of the identity's own name (a
	 * self-signed certificate, which openssl makes a CA by default); not
	 * an attribute authority's or an OCSP signer's, nor a CRL. */
	if (!(cert && flag != NULL && (strcmp(flag, "NONE") == 0 || strcmp(flag, "CA") == 0)) &&
	    !(type != NULL && strcmp(type, "PUBKEY") == 0)) {
		return 0;
	}
	if ((privkey != NULL && strcmp(privkey, "yes") == 0) != s->own) {
		return 0;
	}
	if (der == NULL ||
	    ipsecapi_peer_key_read(der->value.data, der->value.len, cert, &key, s->fn) != 0) {
		s->found->unreadable = true;
		return 0;
	}
	count_key(s->found, &key);
	explicit_bzero(&key, sizeof(key));
	return 0;
}

/* A command with its stream: 0, or -1.  filter_key, if not NULL, narrows
 * it to filter_value. */
static int command(struct ipsecapi_vici *v, const char *name, const char *stream,
		   const char *filter_key, const char *filter_value, ipsecapi_vici_on_event on_event,
		   void *data, const char *fn)
{
	struct ipsecapi_vici_writer w;
	struct ipsecapi_vici_packet response;
	int rc;

	rc = ipsecapi_vici_begin(&w, IPSECAPI_VICI_CMD_REQUEST, name, fn) == 0 &&
			     (filter_key == NULL ||
			      ipsecapi_vici_key_value(&w, filter_key, filter_value,
						      strlen(filter_value)) == 0) &&
			     ipsecapi_vici_finish(&w) == 0 &&
			     ipsecapi_vici_command(v, &w, stream, on_event, data, &response, fn) == 0
		     ? 0
		     : -1;
	if (rc == 0) {
		ipsecapi_vici_packet_clear(&response);
	}
	ipsecapi_vici_writer_clear(&w);
	return rc;
}

int ipsecapi_vici_peer_of(const char *path, uint32_t spi_in, uint32_t spi_out,
			  struct ipsecapi_ike_peer *peer, const char *fn)
{
	struct search s;
	struct ipsecapi_vici *v;
	int rc;

	memset(peer, 0, sizeof(*peer));
	memset(&s, 0, sizeof(s));
	snprintf(s.spi_in, sizeof(s.spi_in), "%08x", (unsigned)ntohl(spi_in));
	snprintf(s.spi_out, sizeof(s.spi_out), "%08x", (unsigned)ntohl(spi_out));
	s.peer = peer;
	if (ipsecapi_vici_connect(path, &v, fn) != 0) {
		return -1;
	}
	rc = command(v, "list-sas", "list-sa", "noblock", "yes", on_sa, &s, fn);
	if (rc == 0 && s.found) {
		rc = command(v, "list-conns", "list-conn", "ike", peer->conn, on_conn, peer, fn);
	}
	if (rc == 0 && s.found && strcmp(peer->auth_class, "public key") == 0) {
		struct key_search theirs = { .found = &peer->remote_key, .own = false, .fn = fn };

		rc = command(v, "list-certs", "list-cert", "subject", peer->remote_id, on_cert,
			     &theirs, fn);
	}
	if (rc == 0 && s.found && strcmp(peer->local_class, "public key") == 0) {
		struct key_search ours = { .found = &peer->local_key, .own = true, .fn = fn };

		rc = command(v, "list-certs", "list-cert", "subject", peer->local_id, on_cert,
			     &ours, fn);
	}
	ipsecapi_vici_close(v);
	return rc == 0 ? s.found : -1;
}
