/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The peer of an SA pair from a VICI daemon (km_vici.c, over vici_client.c),
 * against a stand-in for charon on a Unix socket that speaks the protocol
 * as charon's README has it: the IKE_SA is found by its CHILD_SA's SPIs
 * among several, its auth class mapped; SPIs no CHILD_SA has, a command
 * the daemon does not know, a malformed packet and a daemon that is not
 * there are told apart.  Charon itself answers in interop.charon_vici and
 * in the VM (ike_on_demand, ike_latch).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ipsecapi.h"
#include "km_vici.h"
#include "test_util.h"
#include "vici_msg.h"

enum behaviour { ANSWER, UNKNOWN_COMMAND, MALFORMED };

struct daemon {
	char path[108];
	int listener;
	enum behaviour behaviour;
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
static void list_sa_events(int s)
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
	kv(&w, "local-id", "C=CH, CN=a");
	kv(&w, "remote-id", "C=CH, CN=b");
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
	ipsecapi_vici_section_start(&w, "remote-1");
	kv(&w, "class", "public key");
	ipsecapi_vici_section_end(&w);
	ipsecapi_vici_section_end(&w);
	send_packet(s, &w);
}

/* Serves one connection, as its behaviour says. */
static void *serve(void *arg)
{
	struct daemon *d = arg;
	uint8_t buf[4096];
	size_t len;
	int s = accept(d->listener, NULL, NULL);

	while (s >= 0 && read_packet(s, buf, sizeof(buf), &len) == 0) {
		struct ipsecapi_vici_writer w;
		struct ipsecapi_vici_packet p;

		if (ipsecapi_vici_parse(buf, len, &p, "daemon") != 0) {
			break;
		}
		if (p.type == IPSECAPI_VICI_EVENT_REGISTER || p.type == IPSECAPI_VICI_EVENT_UNREGISTER) {
			ipsecapi_vici_begin(&w, IPSECAPI_VICI_EVENT_CONFIRM, NULL, "daemon");
			send_packet(s, &w);
		} else if (d->behaviour == UNKNOWN_COMMAND) {
			ipsecapi_vici_begin(&w, IPSECAPI_VICI_CMD_UNKNOWN, NULL, "daemon");
			send_packet(s, &w);
		} else if (d->behaviour == MALFORMED) {
			static const uint8_t bad[] = { 0, 0, 0, 3, IPSECAPI_VICI_CMD_RESPONSE, 2, 2 };

			(void)!send(s, bad, sizeof(bad), MSG_NOSIGNAL);
		} else {
			if (strcmp(p.name, "list-sas") == 0) {
				list_sa_events(s);
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

static void start(struct daemon *d, enum behaviour behaviour)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	snprintf(d->path, sizeof(d->path), "/tmp/test_km_vici.%ld.sock", (long)getpid());
	unlink(d->path);
	strcpy(sun.sun_path, d->path);
	d->behaviour = behaviour;
	d->listener = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(bind(d->listener, (struct sockaddr *)&sun, sizeof(sun)), 0);
	assert_int_equal(listen(d->listener, 1), 0);
	assert_int_equal(pthread_create(&d->thread, NULL, serve, d), 0);
}

static void stop(struct daemon *d)
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
	start(&d, ANSWER);
	assert_int_equal(ipsecapi_vici_peer_of(d.path, htonl(0xc0000005), htonl(0xc0000006), &peer,
					       "t"),
			 1);
	stop(&d);
	assert_string_equal(peer.conn, "second");
	assert_string_equal(peer.uniqueid, "7");
	assert_string_equal(peer.remote_id, "C=CH, CN=b");
	assert_string_equal(peer.local_id, "C=CH, CN=a");
	assert_string_equal(peer.remote_host, "192.0.2.2");
	assert_string_equal(peer.auth_class, "public key");
	assert_int_equal(peer.auth_method, IPSEC_API_ATTR_authMeth_PKIX_TRUSTED);
}

/* The SPIs must be the CHILD_SA's both ways round. */
static void spis_no_child_sa_has(void **state)
{
	struct ipsecapi_ike_peer peer;
	struct daemon d;

	(void)state;
	start(&d, ANSWER);
	assert_int_equal(ipsecapi_vici_peer_of(d.path, htonl(0xc0000006), htonl(0xc0000005), &peer,
					       "t"),
			 0);
	stop(&d);
	assert_string_equal(peer.conn, "");
}

static void daemon_failures(void **state)
{
	struct ipsecapi_ike_peer peer;
	struct daemon d;

	(void)state;
	start(&d, UNKNOWN_COMMAND);
	assert_fails(ipsecapi_vici_peer_of(d.path, 1, 2, &peer, "t"), ENOTSUP, "t",
		     "knows no such command");
	stop(&d);
	start(&d, MALFORMED);
	assert_fails(ipsecapi_vici_peer_of(d.path, 1, 2, &peer, "t"), EBADMSG, "t",
		     "a section end outside any section");
	stop(&d);
	assert_fails(ipsecapi_vici_peer_of("/nonexistent/charon.vici", 1, 2, &peer, "t"), ENOENT,
		     "t", "cannot be reached at /nonexistent/charon.vici");
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
		cmocka_unit_test(daemon_failures),
		cmocka_unit_test(auth_classes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
