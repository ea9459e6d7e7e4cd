/* SPDX-License-Identifier: BSD-2-Clause */
/* The peer of an SA pair, from charon over VICI (km_vici.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ipsecapi.h"
#include "error.h"
#include "km_vici.h"
#include "vici_client.h"

uint16_t ipsecapi_vici_auth_method(const char *auth_class)
{
	static const struct {
		const char *name;
		uint16_t method;
	} classes[] = {
		{ "pre-shared key", IPSEC_API_ATTR_authMeth_PRESHAREDKEY },
		{ "public key", IPSEC_API_ATTR_authMeth_PKIX_TRUSTED },
		{ "EAP", IPSEC_API_ATTR_authMeth_EAP },
		{ "XAuth", IPSEC_API_ATTR_authMeth_XAUTH },
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

/* Whether one of the IKE_SA's CHILD_SAs has the SPIs searched for. */
static bool has_child(const struct ipsecapi_vici_section *ike, const struct search *s)
{
	const struct ipsecapi_vici_section *children = ipsecapi_vici_sub(ike, "child-sas");
	size_t i;

	for (i = 0; children != NULL && i < children->n; i++) {
		const struct ipsecapi_vici_section *c = children->entries[i].section;
		const char *in = ipsecapi_vici_get(c, "spi-in"), *out = ipsecapi_vici_get(c, "spi-out");

		if (c != NULL && in != NULL && out != NULL && strcmp(in, s->spi_in) == 0 &&
		    strcmp(out, s->spi_out) == 0) {
			return true;
		}
	}
	return false;
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

/* One list-conn event: the connection's first remote round. */
static int on_conn(const struct ipsecapi_vici_section *message, void *data)
{
	struct ipsecapi_ike_peer *p = data;
	const struct ipsecapi_vici_section *conn = ipsecapi_vici_sub(message, p->conn);

	if (conn != NULL) {
		copy(p->auth_class, sizeof(p->auth_class),
		     ipsecapi_vici_get(ipsecapi_vici_sub(conn, "remote-1"), "class"));
		p->auth_method = ipsecapi_vici_auth_method(p->auth_class);
	}
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
	ipsecapi_vici_close(v);
	return rc == 0 ? s.found : -1;
}
