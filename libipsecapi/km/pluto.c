/* SPDX-License-Identifier: BSD-2-Clause */
/* libreswan's pluto as the key manager (pluto.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "pluto.h"
#include "pluto_lineage.h"
#include "pluto_news.h"
#include "pluto_paths.h"
#include "pluto_process.h"
#include "pluto_status.h"
#include "pluto_whack.h"

static bool has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = strstr(text, word); p != NULL; p = strstr(p + 1, word)) {
		bool starts = p == text || !(p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') ||
					     (p[-1] >= 'A' && p[-1] <= 'Z'));
		bool ends = !(p[n] == '_' || (p[n] >= 'a' && p[n] <= 'z') ||
			      (p[n] >= 'A' && p[n] <= 'Z'));

		if (starts && ends) {
			return true;
		}
	}
	return false;
}

uint16_t ipsecapi_pluto_auth_method(const char *their_auth, const char **name)
{
	if (has_word(their_auth, "null") || has_word(their_auth, "AUTH_NULL")) {
		*name = "nothing: NULL authentication (RFC 7619)";
		return IPSEC_API_ATTR_authMeth_BTNS;
	}
	if (has_word(their_auth, "secret") || has_word(their_auth, "PSK")) {
		*name = "pre-shared key";
		return IPSEC_API_ATTR_authMeth_PRESHAREDKEY;
	}
	if (has_word(their_auth, "rsasig") || has_word(their_auth, "ecdsa") ||
	    has_word(their_auth, "RSASIG") || has_word(their_auth, "ECDSA") ||
	    has_word(their_auth, "RSASIG_v1_5")) {
		*name = "public key";
		return IPSEC_API_ATTR_authMeth_PKIX_TRUSTED;
	}
	if (has_word(their_auth, "eaponly")) {
		*name = "EAP";
		return IPSEC_API_ATTR_authMeth_EAP;
	}
	*name = "a method not known";
	return 0;
}

/* A peer whose identity pluto cannot vouch for: NULL authentication, or
 * an ID that names no one. */
static bool nameless(uint16_t method, const char *id)
{
	return method == IPSEC_API_ATTR_authMeth_BTNS || strcmp(id, "ID_NULL") == 0 ||
	       strcmp(id, "(none)") == 0 || strcmp(id, "%any") == 0 || id[0] == '\0';
}

struct lookup {
	const char *rundir;
	struct ipsecapi_pluto_process process;
	struct ipsecapi_pluto_status status;
	const struct ipsecapi_pluto_child *child;
	const struct ipsecapi_pluto_conn *conn;
};

/* Fills l from pluto: 1, 0 (not pluto's SAs), or -1 with why. */
static int ask_pluto(struct lookup *l, const struct ipsecapi_xfrm_sa *out,
		     const struct ipsecapi_xfrm_sa *in, char *why, size_t why_size)
{
	const char *whack = ipsecapi_pluto_whack();
	char parse_why[256];
	size_t len;
	char *text;

	if (ipsecapi_pluto_process_of(l->rundir, &l->process, why, why_size) != 0) {
		return -1;
	}
	text = ipsecapi_pluto_whack_status(whack, l->rundir, &len, why, why_size);
	if (text == NULL) {
		return -1;
	}
	if (ipsecapi_pluto_status_parse(text, len, &l->status, parse_why, sizeof(parse_why)) != 0) {
		snprintf(why, why_size, "pluto at %s said what cannot be read (%s)", l->rundir,
			 errno == EBADMSG ? parse_why : strerror(errno));
		free(text);
		return -1;
	}
	free(text);
	/* Not another pluto's answer: the one whose states these are still
	 * runs. */
	if (!ipsecapi_pluto_process_alive(l->process.pid, l->process.start)) {
		snprintf(why, why_size, "pluto at %s stopped while it was asked", l->rundir);
		return -1;
	}
	l->child = ipsecapi_pluto_child_of(&l->status, out->info.id.proto,
					   ntohl(out->info.id.spi), ntohl(in->info.id.spi));
	if (l->child == NULL) {
		return 0;
	}
	l->conn = ipsecapi_pluto_conn_of(&l->status, l->child->conn);
	if (l->conn == NULL || l->conn->their_auth[0] == '\0') {
		snprintf(why, why_size, "pluto at %s lists Child SA #%lu but not how its connection %s "
					"authenticates the peer",
			 l->rundir, l->child->serial, l->child->conn);
		return -1;
	}
	return 1;
}

static void describe(struct lookup *l, struct ipsecapi_km_peer *kp)
{
	const char *how;
	unsigned long lineage = 0;

	kp->auth_method = ipsecapi_pluto_auth_method(l->conn->their_auth, &how);
	if (!nameless(kp->auth_method, l->conn->their_id)) {
		snprintf(kp->identity, sizeof(kp->identity), "%s\n%s", l->conn->their_id, how);
		snprintf(kp->account, sizeof(kp->account),
			 "is %s, authenticated by %s (Child SA #%lu under IKE SA #%lu, connection %s "
			 "of pluto at %s)",
			 l->conn->their_id, how, l->child->serial, l->child->ike_serial,
			 l->child->conn, l->rundir);
		kp->status = 1;
		return;
	}
	if (ipsecapi_pluto_lineage_update(ipsecapi_pluto_lineage_dir(), &l->process, &l->status,
					  l->child->serial, &lineage, kp->why, sizeof(kp->why)) != 0) {
		kp->status = -1;
		return;
	}
	if (lineage == 0) {
		snprintf(kp->why, sizeof(kp->why),
			 "pluto at %s moved Child SA #%lu to IKE SA #%lu in a way that does not tell "
			 "whether it is the same peer",
			 l->rundir, l->child->serial, l->child->ike_serial);
		kp->status = -1;
		return;
	}
	/* No name: the peer is its IKE SA and that SA's successors. */
	snprintf(kp->identity, sizeof(kp->identity), "pluto %lld.%llu IKE SA lineage #%lu\n%s",
		 (long long)l->process.pid, l->process.start, lineage, how);
	snprintf(kp->account, sizeof(kp->account),
		 "is unauthenticated (RFC 7619 NULL authentication): only a channel binding can "
		 "tell who the peer is (ID %s, authenticated by %s; Child SA #%lu under IKE SA #%lu, "
		 "which descends from IKE SA #%lu, connection %s of pluto at %s)",
		 l->conn->their_id, how, l->child->serial, l->child->ike_serial, lineage,
		 l->child->conn, l->rundir);
	kp->status = 1;
}

static void pluto_peer_of(const struct ipsecapi_xfrm_sa *out, size_t nout,
			  const struct ipsecapi_xfrm_sa *in, size_t nin, struct ipsecapi_km_peer *kp,
			  const char *fn)
{
	const struct ipsecapi_xfrm_sa *sa_out = ipsecapi_km_named_sa(out, nout);
	const struct ipsecapi_xfrm_sa *sa_in = ipsecapi_km_named_sa(in, nin);
	struct lookup l = { .rundir = ipsecapi_pluto_rundir() };

	(void)fn; /* what goes wrong with pluto is told in kp->why, not as the call's error */

	memset(kp, 0, sizeof(*kp));
	snprintf(kp->daemon, sizeof(kp->daemon), "pluto at %s", l.rundir);
	if (sa_out == NULL || sa_in == NULL || sa_out->info.id.proto != sa_in->info.id.proto) {
		return;
	}
	kp->status = ask_pluto(&l, sa_out, sa_in, kp->why, sizeof(kp->why));
	if (kp->status == 1) {
		describe(&l, kp);
	}
	if (kp->status != 1) {
		kp->identity[0] = '\0';
		kp->account[0] = '\0';
		kp->auth_method = 0;
	}
	ipsecapi_pluto_status_free(&l.status);
}

static const long settle_pauses_ms[] = { 20, 50, 100, 200, 0 };

const struct ipsecapi_km ipsecapi_pluto = {
	.name = "pluto",
	.peer_of = pluto_peer_of,
	.settle_pauses_ms = settle_pauses_ms,
	.news_open = ipsecapi_pluto_news_open,
	.news_close = ipsecapi_pluto_news_close,
	.news_fd = ipsecapi_pluto_news_fd,
	.news_take = ipsecapi_pluto_news_take,
};
