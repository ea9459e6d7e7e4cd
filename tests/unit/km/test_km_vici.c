/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The peer of an SA pair from a VICI daemon (km_vici.c, over vici_client.c),
 * against a stand-in for charon on a Unix socket that speaks the protocol
 * as charon's README has it: the IKE_SA is found by its CHILD_SA's SPIs
 * among several, its auth class mapped; SPIs no CHILD_SA has, a command
 * the daemon does not know, a malformed packet and a daemon that is not
 * there are told apart.  With public keys, the keys charon lists for each
 * identity (list-certs): the peer's certificate or raw key, ours with its
 * private key, none when it holds several or one it cannot read; the
 * iToken's names, key and end-point binding, the same from both ends.
 * Charon itself answers in interop.charon_vici and in the VM
 * (ike_on_demand, ike_latch, ike_identities).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "ipsecapi.h"
#include "charon.h"
#include "engine.h"
#include "latch_events.h"
#include "scratch_netns.h"
#include "test_util.h"
#include "vici_msg.h"

/* NEWS: after the five registrations of a latch's follower, one event,
 * then the end of the connection (charon gone). */
enum behaviour { ANSWER, UNKNOWN_COMMAND, MALFORMED, NEWS };

/* One list-cert event, for the identity subject. */
struct cert_event {
	const char *subject;
	const char *type, *flag; /* flag NULL: none (a raw key's) */
	bool privkey;
	const uint8_t *der;
	size_t len;
};

struct daemon {
	char path[108];
	int listener;
	enum behaviour behaviour;
	bool swapped; /* b's charon: the identities the other way round */
	const struct cert_event *certs;
	size_t ncerts;
	pthread_t thread;
};

static int read_packet(int s, uint8_t *buf, size_t room, size_t *len)
{
	uint32_t n;

	if (recv(s, &n, 4, MSG_WAITALL) != 4) {
		return -1;
	}
	n = ntohl(n);
	if (n > room || recv(s, buf, n, MSG_WAITALL) != (ssize_t)n) {
		return -1;
	}
	*len = n;
	return 0;
}

static void send_packet(int s, struct ipsecapi_vici_writer *w)
{
	if (ipsecapi_vici_finish(w) == 0) {
		(void)!send(s, w->buf, w->len, MSG_NOSIGNAL);
	}
	ipsecapi_vici_writer_clear(w);
}

static void kv(struct ipsecapi_vici_writer *w, const char *k, const char *v)
{
	ipsecapi_vici_key_value(w, k, v, strlen(v));
}

static void child(struct ipsecapi_vici_writer *w, const char *name, const char *in,
		  const char *out)
{
	ipsecapi_vici_section_start(w, name);
	kv(w, "reqid", "100");
	kv(w, "spi-in", in);
	kv(w, "spi-out", out);
	ipsecapi_vici_section_end(w);
}

/* Two IKE_SAs: "first" with one CHILD_SA, "second" with two. */
static void list_sa_events(int s, bool swapped)
{
	struct ipsecapi_vici_writer w;

	ipsecapi_vici_begin(&w, IPSECAPI_VICI_EVENT, "list-sa", "daemon");
	ipsecapi_vici_section_start(&w, "first");
	kv(&w, "uniqueid", "1");
	kv(&w, "remote-id", "wrong.example");
	ipsecapi_vici_section_start(&w, "child-sas");
	child(&w, "first-1", "c0000001", "c0000002");
	ipsecapi_vici_section_end(&w);
	ipsecapi_vici_section_end(&w);
	send_packet(s, &w);

	ipsecapi_vici_begin(&w, IPSECAPI_VICI_EVENT, "list-sa", "daemon");
	ipsecapi_vici_section_start(&w, "second");
	kv(&w, "uniqueid", "7");
	kv(&w, "local-id", swapped ? "C=CH, CN=b" : "C=CH, CN=a");
	kv(&w, "remote-id", swapped ? "C=CH, CN=a" : "C=CH, CN=b");
	kv(&w, "remote-host", "192.0.2.2");
	ipsecapi_vici_section_start(&w, "child-sas");
	child(&w, "second-1", "c0000003", "c0000004");
	child(&w, "second-2", "c0000005", "c0000006");
	ipsecapi_vici_section_end(&w);
	ipsecapi_vici_section_end(&w);
	send_packet(s, &w);
}

static void list_conn_event(int s)
{
	struct ipsecapi_vici_writer w;

	ipsecapi_vici_begin(&w, IPSECAPI_VICI_EVENT, "list-conn", "daemon");
	ipsecapi_vici_section_start(&w, "second");
	ipsecapi_vici_section_start(&w, "local-1");
	kv(&w, "class", "public key");
	ipsecapi_vici_section_end(&w);
	ipsecapi_vici_section_start(&w, "remote-1");
	kv(&w, "class", "public key");
	ipsecapi_vici_section_end(&w);
	ipsecapi_vici_section_end(&w);
	send_packet(s, &w);
}

/* The list-cert events of the identity the request names. */
static void list_cert_events(int s, const struct daemon *d, const char *subject)
{
	struct ipsecapi_vici_writer w;
	size_t i;

	for (i = 0; i < d->ncerts; i++) {
		const struct cert_event *c = &d->certs[i];

		if (subject == NULL || strcmp(subject, c->subject) != 0) {
			continue;
		}
		ipsecapi_vici_begin(&w, IPSECAPI_VICI_EVENT, "list-cert", "daemon");
		kv(&w, "type", c->type);
		if (c->flag != NULL) {
			kv(&w, "flag", c->flag);
		}
		if (c->privkey) {
			kv(&w, "has_privkey", "yes");
		}
		ipsecapi_vici_key_value(&w, "data", c->der, c->len);
		send_packet(s, &w);
	}
}

/* Serves one connection, as its behaviour says. */
static void *serve_vici_connection(void *arg)
{
	struct daemon *d = arg;
	uint8_t buf[4096];
	size_t len;
	int s = accept(d->listener, NULL, NULL), registered = 0;

	while (s >= 0 && read_packet(s, buf, sizeof(buf), &len) == 0) {
		struct ipsecapi_vici_writer w;
		struct ipsecapi_vici_packet p;

		if (ipsecapi_vici_parse(buf, len, &p, "daemon") != 0) {
			break;
		}
		if (p.type == IPSECAPI_VICI_EVENT_REGISTER || p.type == IPSECAPI_VICI_EVENT_UNREGISTER) {
			ipsecapi_vici_begin(&w, IPSECAPI_VICI_EVENT_CONFIRM, NULL, "daemon");
			send_packet(s, &w);
			if (d->behaviour == NEWS && ++registered == 5) {
				ipsecapi_vici_begin(&w, IPSECAPI_VICI_EVENT, "child-rekey", "daemon");
				kv(&w, "whatever", "it says");
				send_packet(s, &w);
				usleep(200000);
				ipsecapi_vici_packet_clear(&p);
				break;
			}
		} else if (d->behaviour == UNKNOWN_COMMAND) {
			ipsecapi_vici_begin(&w, IPSECAPI_VICI_CMD_UNKNOWN, NULL, "daemon");
			send_packet(s, &w);
		} else if (d->behaviour == MALFORMED) {
			static const uint8_t bad[] = { 0, 0, 0, 3, IPSECAPI_VICI_CMD_RESPONSE, 2, 2 };

			(void)!send(s, bad, sizeof(bad), MSG_NOSIGNAL);
		} else {
			if (strcmp(p.name, "list-sas") == 0) {
				list_sa_events(s, d->swapped);
			} else if (strcmp(p.name, "list-certs") == 0) {
				list_cert_events(s, d, ipsecapi_vici_get(p.message, "subject"));
			} else {
				list_conn_event(s);
			}
			ipsecapi_vici_begin(&w, IPSECAPI_VICI_CMD_RESPONSE, NULL, "daemon");
			send_packet(s, &w);
		}
		ipsecapi_vici_packet_clear(&p);
	}
	if (s >= 0) {
		close(s);
	}
	return NULL;
}

/* Starts the stand-in on its socket; it lists certs, as charon would hold
 * them, to list-certs. */
static void start_fake_charon_with(struct daemon *d, enum behaviour behaviour, bool swapped,
				   const struct cert_event *certs, size_t ncerts)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	snprintf(d->path, sizeof(d->path), "/tmp/test_km_vici.%ld.sock", (long)getpid());
	unlink(d->path);
	strcpy(sun.sun_path, d->path);
	d->behaviour = behaviour;
	d->swapped = swapped;
	d->certs = certs;
	d->ncerts = ncerts;
	d->listener = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(bind(d->listener, (struct sockaddr *)&sun, sizeof(sun)), 0);
	assert_int_equal(listen(d->listener, 1), 0);
	assert_int_equal(pthread_create(&d->thread, NULL, serve_vici_connection, d), 0);
}

static void start_fake_charon(struct daemon *d, enum behaviour behaviour)
{
	start_fake_charon_with(d, behaviour, false, NULL, 0);
}

static void stop_fake_charon(struct daemon *d)
{
	shutdown(d->listener, SHUT_RDWR);
	pthread_join(d->thread, NULL);
	close(d->listener);
	unlink(d->path);
}

static void the_ike_sa_of_the_spis(void **state)
{
	struct ipsecapi_ike_peer peer;
	struct daemon d;

	(void)state;
	start_fake_charon(&d, ANSWER);
	assert_int_equal(ipsecapi_vici_peer_of(d.path, htonl(0xc0000005), htonl(0xc0000006), &peer,
					       "t"),
			 1);
	stop_fake_charon(&d);
	assert_string_equal(peer.conn, "second");
	assert_string_equal(peer.uniqueid, "7");
	assert_string_equal(peer.remote_id, "C=CH, CN=b");
	assert_string_equal(peer.local_id, "C=CH, CN=a");
	assert_string_equal(peer.remote_host, "192.0.2.2");
	assert_string_equal(peer.auth_class, "public key");
	assert_int_equal(peer.auth_method, IPSEC_API_ATTR_authMeth_PKIX_TRUSTED);
}

/* The SPIs must be the CHILD_SA's both ways round, and of one IKE_SA. */
static void spis_no_child_sa_has(void **state)
{
	struct ipsecapi_ike_peer peer;
	struct daemon d;

	(void)state;
	start_fake_charon(&d, ANSWER);
	assert_int_equal(ipsecapi_vici_peer_of(d.path, htonl(0xc0000006), htonl(0xc0000005), &peer,
					       "t"),
			 0);
	stop_fake_charon(&d);
	assert_string_equal(peer.conn, "");
	start_fake_charon(&d, ANSWER);
	assert_int_equal(ipsecapi_vici_peer_of(d.path, htonl(0xc0000001), htonl(0xc0000004), &peer,
					       "t"),
			 0);
	stop_fake_charon(&d);
}

/* During a rekey the kernel may send on the new CHILD_SA while the peer
 * still sends on the old: an SPI of each, of one IKE_SA, is that IKE_SA's
 * pair. */
static void spis_of_a_rekey(void **state)
{
	struct ipsecapi_ike_peer peer;
	struct daemon d;

	(void)state;
	start_fake_charon(&d, ANSWER);
	assert_int_equal(ipsecapi_vici_peer_of(d.path, htonl(0xc0000003), htonl(0xc0000006), &peer,
					       "t"),
			 1);
	stop_fake_charon(&d);
	assert_string_equal(peer.conn, "second");
}

static void daemon_failures(void **state)
{
	struct ipsecapi_ike_peer peer;
	struct daemon d;

	(void)state;
	start_fake_charon(&d, UNKNOWN_COMMAND);
	assert_fails(ipsecapi_vici_peer_of(d.path, 1, 2, &peer, "t"), ENOTSUP, "t",
		     "knows no such command");
	stop_fake_charon(&d);
	start_fake_charon(&d, MALFORMED);
	assert_fails(ipsecapi_vici_peer_of(d.path, 1, 2, &peer, "t"), EBADMSG, "t",
		     "a section end outside any section");
	stop_fake_charon(&d);
	assert_fails(ipsecapi_vici_peer_of("/nonexistent/charon.vici", 1, 2, &peer, "t"), ENOENT,
		     "t", "cannot be reached at /nonexistent/charon.vici");
}

/* Keys and certificates made here, with libcrypto, as an IKE daemon would
 * list them: DER certificates and DER SubjectPublicKeyInfo. */
struct der {
	uint8_t *p;
	size_t len;
};

static struct der spki_of(EVP_PKEY *key)
{
	struct der d = { .p = NULL, .len = 0 };
	int n = i2d_PUBKEY(key, &d.p);

	assert_true(n > 0);
	d.len = (size_t)n;
	return d;
}

static X509_NAME *name_of(const char *cn)
{
	X509_NAME *n = X509_NAME_new();

	assert_non_null(n);
	assert_int_equal(X509_NAME_add_entry_by_txt(n, "O", MBSTRING_ASC,
						    (const unsigned char *)"BTNS test", -1, -1, 0),
			 1);
	assert_int_equal(X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
						    (const unsigned char *)cn, -1, -1, 0),
			 1);
	return n;
}

/* A certificate of key for cn, issued (signed) by the CA's key. */
static struct der cert_of(EVP_PKEY *key, const char *cn, EVP_PKEY *ca)
{
	X509 *x = X509_new();
	X509_NAME *subject = name_of(cn), *issuer = name_of("Test CA");
	struct der d = { .p = NULL, .len = 0 };
	int n;

	assert_non_null(x);
	assert_int_equal(X509_set_version(x, X509_VERSION_3), 1);
	assert_int_equal(ASN1_INTEGER_set(X509_get_serialNumber(x), 1), 1);
	assert_non_null(X509_gmtime_adj(X509_getm_notBefore(x), 0));
	assert_non_null(X509_gmtime_adj(X509_getm_notAfter(x), 3600));
	assert_int_equal(X509_set_subject_name(x, subject), 1);
	assert_int_equal(X509_set_issuer_name(x, issuer), 1);
	assert_int_equal(X509_set_pubkey(x, key), 1);
	assert_true(X509_sign(x, ca, EVP_sha256()) > 0);
	n = i2d_X509(x, &d.p);
	assert_true(n > 0);
	d.len = (size_t)n;
	X509_NAME_free(subject);
	X509_NAME_free(issuer);
	X509_free(x);
	return d;
}

struct pki {
	EVP_PKEY *ca, *a, *b, *other;
	struct der ca_cert, a_cert, b_cert, other_cert, a_spki, b_spki, other_spki;
};

static int make_pki(void **state)
{
	struct pki *k = calloc(1, sizeof(*k));

	assert_non_null(k);
	k->ca = EVP_EC_gen("P-256");
	k->a = EVP_EC_gen("P-256");
	k->b = EVP_EC_gen("P-256");
	k->other = EVP_EC_gen("P-256");
	assert_true(k->ca != NULL && k->a != NULL && k->b != NULL && k->other != NULL);
	k->ca_cert = cert_of(k->ca, "Test CA", k->ca);
	k->a_cert = cert_of(k->a, "a.example", k->ca);
	k->b_cert = cert_of(k->b, "b.example", k->ca);
	k->other_cert = cert_of(k->other, "b.example", k->ca);
	k->a_spki = spki_of(k->a);
	k->b_spki = spki_of(k->b);
	k->other_spki = spki_of(k->other);
	*state = k;
	return 0;
}

static int free_pki(void **state)
{
	struct pki *k = *state;
	struct der *all[] = { &k->ca_cert, &k->a_cert, &k->b_cert, &k->other_cert,
			      &k->a_spki, &k->b_spki, &k->other_spki };
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		OPENSSL_free(all[i]->p);
	}
	EVP_PKEY_free(k->ca);
	EVP_PKEY_free(k->a);
	EVP_PKEY_free(k->b);
	EVP_PKEY_free(k->other);
	free(k);
	return 0;
}

#define CERT(id, d, privkey_)                                                                   \
	{ .subject = (id), .type = "X509", .flag = "NONE", .privkey = (privkey_), .der = (d).p, \
	  .len = (d).len }
#define RAW_KEY(id, d, privkey_)                                                                \
	{ .subject = (id), .type = "PUBKEY", .flag = NULL, .privkey = (privkey_), .der = (d).p, \
	  .len = (d).len }
#define A_ID "C=CH, CN=a"
#define B_ID "C=CH, CN=b"

/* What a stand-in charon said of a peer. */
struct asked {
	int status;
	char path[108];
	struct ipsecapi_ike_peer ike;
};

/* The peer of the SA pair c0000005/c0000006 as a stand-in holding certs
 * says it: 1, or what ipsecapi_vici_peer_of returned. */
static int ask(struct asked *kp, bool swapped, const struct cert_event *certs, size_t n)
{
	struct daemon d;

	memset(kp, 0, sizeof(*kp));
	start_fake_charon_with(&d, ANSWER, swapped, certs, n);
	snprintf(kp->path, sizeof(kp->path), "%s", d.path);
	kp->status = ipsecapi_vici_peer_of(d.path, htonl(0xc0000005), htonl(0xc0000006), &kp->ike,
					   "t");
	stop_fake_charon(&d);
	return kp->status;
}

/* The iToken that the engine makes of charon's answer; the caller frees
 * it. */
static ipsec_iToken_t itoken_of(const struct asked *kp)
{
	ipsec_iToken_t t = ipsec_create_iToken();
	struct ipsecapi_km_peer peer;

	assert_non_null(t);
	ipsecapi_charon_describe(kp->status, &kp->ike, "", kp->path, &peer);
	assert_int_equal(ipsecapi_peer_itoken_fill(&peer, "192.0.2.2:5001", t, "t"), 0);
	return t;
}

static void assert_attr_bytes(ipsec_iToken_t t, uint32_t attr, const void *want, size_t len)
{
	void *p = NULL;
	uint32_t n = 0;

	assert_int_equal(ipsec_get_token_attr(t, attr, &n, &p), 0);
	assert_int_equal(n, len);
	assert_memory_equal(p, want, len);
	free(p);
}

static void assert_no_attr(ipsec_iToken_t t, uint32_t attr)
{
	uint32_t n = 0;

	assert_int_equal(ipsec_get_token_attr(t, attr, &n, NULL), -1);
	assert_int_equal(errno, ENOENT);
}

static void assert_audit_has(ipsec_iToken_t t, const char *needle)
{
	void *p = NULL;
	uint32_t n = 0;

	assert_int_equal(ipsec_get_token_attr(t, IPSEC_API_ATTR_auditString, &n, &p), 0);
	if (strstr(p, needle) == NULL) {
		fail_msg("audit string \"%s\" lacks \"%s\"", (char *)p, needle);
	}
	free(p);
}

/* The end-point binding's raw value of t, into out (the prefix's length
 * and 32 octets). */
static void end_point_of(ipsec_iToken_t t, uint8_t out[128], uint32_t *len)
{
	void *p = out;

	*len = 128;
	assert_int_equal(ipsec_get_token_attr(t, IPSEC_API_ATTR_endPointBindingData, len, &p), 0);
}

static void certificate_peers(void **state)
{
	struct pki *k = *state;
	const struct cert_event at_a[] = {
		{ .subject = B_ID, .type = "X509", .flag = "OCSP_SIGNER", .privkey = false,
		  .der = k->ca_cert.p, .len = k->ca_cert.len }, /* not its */
		{ .subject = B_ID, .type = "X509", .flag = "AA", .privkey = false,
		  .der = k->other_cert.p, .len = k->other_cert.len },  /* nor this */
		CERT(B_ID, k->b_cert, false),
		CERT(A_ID, k->b_cert, false), /* without its private key: not ours */
		CERT(A_ID, k->a_cert, true),
	};
	const struct cert_event at_b[] = {
		CERT(A_ID, k->a_cert, false),
		CERT(B_ID, k->b_cert, true),
	};
	struct asked kp;
	ipsec_iToken_t ta, tb;
	uint8_t va[128], vb[128];
	uint32_t la, lb;
	static const char prefix[] = "IPsec-end-point-IKEv2-pubkey-sha-256:";

	assert_int_equal(ask(&kp, false, at_a, 5), 1);
	assert_non_null(ipsecapi_ike_key_known(&kp.ike.remote_key));
	assert_string_equal(kp.ike.remote_key.key.subject, "CN=b.example,O=BTNS test");
	assert_string_equal(kp.ike.remote_key.key.issuer, "CN=Test CA,O=BTNS test");
	ta = itoken_of(&kp);
	assert_attr_bytes(ta, IPSEC_API_ATTR_certificateDN, "CN=b.example,O=BTNS test",
			  sizeof("CN=b.example,O=BTNS test"));
	assert_attr_bytes(ta, IPSEC_API_ATTR_certificateAuthorityDN, "CN=Test CA,O=BTNS test",
			  sizeof("CN=Test CA,O=BTNS test"));
	assert_attr_bytes(ta, IPSEC_API_ATTR_pubKeyID, k->b_spki.p, k->b_spki.len);
	assert_audit_has(ta, "authenticated by public key; certificate CN=b.example,O=BTNS test, "
			     "issued by CN=Test CA,O=BTNS test");

	/* b's charon, of the same SA pair: the same end-point binding. */
	assert_int_equal(ask(&kp, true, at_b, 2), 1);
	tb = itoken_of(&kp);
	assert_attr_bytes(tb, IPSEC_API_ATTR_pubKeyID, k->a_spki.p, k->a_spki.len);
	end_point_of(ta, va, &la);
	end_point_of(tb, vb, &lb);
	assert_int_equal(la, sizeof(prefix) - 1 + 32);
	assert_memory_equal(va, prefix, sizeof(prefix) - 1);
	assert_int_equal(la, lb);
	assert_memory_equal(va, vb, la);
	ipsec_free_iToken(tb);

	/* b with another key of its own: another binding. */
	const struct cert_event at_b_other[] = {
		CERT(A_ID, k->a_cert, false),
		CERT(B_ID, k->other_cert, true),
	};
	assert_int_equal(ask(&kp, true, at_b_other, 2), 1);
	tb = itoken_of(&kp);
	end_point_of(tb, vb, &lb);
	assert_int_equal(la, lb);
	assert_memory_not_equal(va + sizeof(prefix) - 1, vb + sizeof(prefix) - 1, 32);
	ipsec_free_iToken(tb);
	ipsec_free_iToken(ta);
}

static void raw_key_peers(void **state)
{
	struct pki *k = *state;
	const struct cert_event certs[] = {
		RAW_KEY(B_ID, k->b_spki, false),
		RAW_KEY(A_ID, k->a_spki, true),
	};
	struct asked kp;
	ipsec_iToken_t t;
	uint8_t v[128];
	uint32_t len;

	assert_int_equal(ask(&kp, false, certs, 2), 1);
	t = itoken_of(&kp);
	assert_attr_bytes(t, IPSEC_API_ATTR_pubKeyID, k->b_spki.p, k->b_spki.len);
	assert_no_attr(t, IPSEC_API_ATTR_certificateDN);
	assert_no_attr(t, IPSEC_API_ATTR_certificateAuthorityDN);
	assert_audit_has(t, "authenticated by public key; a raw public key (");
	end_point_of(t, v, &len);
	ipsec_free_iToken(t);
}

/* A self-signed certificate, which charon lists as a CA, is the
 * identity's when it has the identity's name. */
static void self_signed_peers(void **state)
{
	struct pki *k = *state;
	const struct cert_event certs[] = {
		{ .subject = B_ID, .type = "X509", .flag = "CA", .privkey = false,
		  .der = k->b_cert.p, .len = k->b_cert.len },
		{ .subject = A_ID, .type = "X509", .flag = "CA", .privkey = true,
		  .der = k->a_cert.p, .len = k->a_cert.len },
	};
	struct asked kp;
	ipsec_iToken_t t;

	assert_int_equal(ask(&kp, false, certs, 2), 1);
	t = itoken_of(&kp);
	assert_attr_bytes(t, IPSEC_API_ATTR_pubKeyID, k->b_spki.p, k->b_spki.len);
	assert_attr_bytes(t, IPSEC_API_ATTR_certificateDN, "CN=b.example,O=BTNS test",
			  sizeof("CN=b.example,O=BTNS test"));
	ipsec_free_iToken(t);
}

/* A raw key and a certificate of that same key are one key. */
static void a_key_and_its_certificate(void **state)
{
	struct pki *k = *state;
	const struct cert_event certs[] = {
		RAW_KEY(B_ID, k->b_spki, false),
		CERT(B_ID, k->b_cert, false),
	};
	struct asked kp;

	assert_int_equal(ask(&kp, false, certs, 2), 1);
	assert_int_equal(kp.ike.remote_key.count, 1);
	assert_string_equal(ipsecapi_ike_key_known(&kp.ike.remote_key)->subject,
			    "CN=b.example,O=BTNS test");
}

/* Several keys for the peer's identity, or one that cannot be read: no
 * key is told, and no end-point binding made. */
static void keys_not_known(void **state)
{
	struct pki *k = *state;
	static const uint8_t garbage[] = { 0x30, 0x03, 0x02, 0x01 };
	const struct cert_event two[] = {
		CERT(B_ID, k->b_cert, false),
		CERT(B_ID, k->other_cert, false),
		CERT(A_ID, k->a_cert, true),
	};
	const struct cert_event unreadable[] = {
		CERT(B_ID, k->b_cert, false),
		{ .subject = B_ID, .type = "X509", .flag = "NONE", .privkey = false, .der = garbage,
		  .len = sizeof(garbage) },
		CERT(A_ID, k->a_cert, true),
	};
	struct asked kp;
	ipsec_iToken_t t;

	assert_int_equal(ask(&kp, false, two, 3), 1);
	assert_null(ipsecapi_ike_key_known(&kp.ike.remote_key));
	t = itoken_of(&kp);
	assert_no_attr(t, IPSEC_API_ATTR_pubKeyID);
	assert_no_attr(t, IPSEC_API_ATTR_certificateDN);
	assert_no_attr(t, IPSEC_API_ATTR_endPointBinding);
	assert_audit_has(t, "charon holds 2 keys for C=CH, CN=b and does not say which one");
	ipsec_free_iToken(t);

	assert_int_equal(ask(&kp, false, unreadable, 3), 1);
	assert_null(ipsecapi_ike_key_known(&kp.ike.remote_key));
	t = itoken_of(&kp);
	assert_no_attr(t, IPSEC_API_ATTR_pubKeyID);
	assert_audit_has(t, "a key charon holds for C=CH, CN=b could not be read");
	ipsec_free_iToken(t);

	assert_int_equal(ask(&kp, false, NULL, 0), 1);
	t = itoken_of(&kp);
	assert_no_attr(t, IPSEC_API_ATTR_pubKeyID);
	assert_audit_has(t, "charon holds no key for C=CH, CN=b");
	ipsec_free_iToken(t);
}

static void count_change(void *data)
{
	++*(int *)data;
}

static void no_destruction(uint64_t cookie, void *data)
{
	(void)cookie;
	(void)data;
}

/* Whether the latches' news fd becomes readable within 2 s. */
static bool news_come(struct ipsecapi_latch_events *ev)
{
	return poll(&(struct pollfd){ .fd = ipsecapi_latch_events_fd(ev), .events = POLLIN }, 1,
		    2000) == 1;
}

/* A latch's follower hears charon's events, and its end, which the kernel
 * does not see: each is news that every latch may have changed.  (In a
 * network namespace of the test's own, so that no XFRM event of another
 * test is news too.) */
static void latches_follow_charon(void **state)
{
	struct ipsecapi_latch_events *ev;
	struct daemon d;
	int changes = 0;
	struct ipsecapi_latch_news news = { .changed = count_change, .destroyed = no_destruction,
					    .data = &changes };

	(void)state;
	assert_int_equal(enter_scratch_netns(), 0);
	start_fake_charon(&d, NEWS);
	assert_int_equal(setenv("IPSECAPI_VICI_SOCKET", d.path, 1), 0);
	assert_int_equal(ipsecapi_latch_events_open(&ev, "t"), 0);
	assert_true(news_come(ev)); /* the event */
	assert_int_equal(ipsecapi_latch_events_take(ev, &news, "t"), 0);
	assert_int_equal(changes, 1);
	assert_true(news_come(ev)); /* the end */
	assert_int_equal(ipsecapi_latch_events_take(ev, &news, "t"), 0);
	assert_int_equal(changes, 2);
	/* Nothing more to tell: charon's socket is out of the poll set. */
	assert_int_equal(poll(&(struct pollfd){ .fd = ipsecapi_latch_events_fd(ev),
						.events = POLLIN },
			      1, 100),
			 0);
	ipsecapi_latch_events_close(ev);
	stop_fake_charon(&d);
	assert_int_equal(unsetenv("IPSECAPI_VICI_SOCKET"), 0);
}

static void auth_classes(void **state)
{
	(void)state;
	assert_int_equal(ipsecapi_vici_auth_method("pre-shared key"),
			 IPSEC_API_ATTR_authMeth_PRESHAREDKEY);
	assert_int_equal(ipsecapi_vici_auth_method("public key"),
			 IPSEC_API_ATTR_authMeth_PKIX_TRUSTED);
	assert_int_equal(ipsecapi_vici_auth_method("EAP"), IPSEC_API_ATTR_authMeth_EAP);
	assert_int_equal(ipsecapi_vici_auth_method("XAuth"), IPSEC_API_ATTR_authMeth_XAUTH);
	assert_int_equal(ipsecapi_vici_auth_method("any"), 0);
	assert_int_equal(ipsecapi_vici_auth_method(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_ike_sa_of_the_spis),
		cmocka_unit_test(spis_no_child_sa_has),
		cmocka_unit_test(spis_of_a_rekey),
		cmocka_unit_test(daemon_failures),
		cmocka_unit_test(auth_classes),
		cmocka_unit_test_setup_teardown(certificate_peers, make_pki, free_pki),
		cmocka_unit_test_setup_teardown(raw_key_peers, make_pki, free_pki),
		cmocka_unit_test_setup_teardown(self_signed_peers, make_pki, free_pki),
		cmocka_unit_test_setup_teardown(a_key_and_its_certificate, make_pki, free_pki),
		cmocka_unit_test_setup_teardown(keys_not_known, make_pki, free_pki),
		/* last: it leaves the process in a network namespace of its own */
		cmocka_unit_test(latches_follow_charon),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
