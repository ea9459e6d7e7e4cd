/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench_gss_wrap: gss_wrap + gss_unwrap throughput of mech_btns bridged
 * (no second encryption), of krb5 with confidentiality (the session key's
 * enctype: aes256-cts-hmac-sha384-192 when the KDC gives it), and memcpy
 * of the same octets twice, as the limit, for 1 KiB, 64 KiB and 1 MiB
 * messages; and context establishment of mech_btns beside plain krb5, on
 * new connections and on a kept one.  All in one run.  It needs a kernel with ESP, a KDC and a ticket: run it
 * through bench/run-gss-wrap (the test VM).
 *
 *   bench_gss_wrap LOCAL REMOTE PORT REQID
 *
 * LOCAL and REMOTE are two addresses of this host that an ESP SA pair of
 * reqid REQID protects; the contexts' sockets connect them under socket
 * policies of that reqid.  Both ends of each context live in this process.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_btns.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>

#include <ipsecapi.h>

#include "ratio.h"


static void die_gss(const char *what, OM_uint32 major, OM_uint32 minor)
{
	OM_uint32 tmp, context = 0;
	gss_buffer_desc text = GSS_C_EMPTY_BUFFER;

	gss_display_status(&tmp, minor, GSS_C_MECH_CODE, GSS_BTNS_MECHANISM, &context, &text);
	fprintf(stderr, "bench_gss_wrap: %s failed (major 0x%x): %.*s\n", what, (unsigned)major,
		(int)text.length, text.value != NULL ? (char *)text.value : "");
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct endpoints {
	struct sockaddr_in local, remote;
	ipsec_pToken_t policy; /* requires ESP of the SA pair's reqid */
	int listener;
};

/* A listener on remote:port under a socket policy that requires ESP with
 * reqid.  It stays open: an accepted socket's policy is known as its
 * listener's. */
static void listen_protected(struct endpoints *e, const char *local, const char *remote, int port,
			     uint32_t reqid)
{
	uint16_t on = IPSEC_API_ATTR_ENABLE, off = IPSEC_API_ATTR_DISABLE;
	int one = 1;

	memset(e, 0, sizeof(*e));
	e->local.sin_family = AF_INET;
	e->remote = e->local;
	inet_pton(AF_INET, local, &e->local.sin_addr);
	inet_pton(AF_INET, remote, &e->remote.sin_addr);
	e->remote.sin_port = htons((uint16_t)port);
	e->policy = ipsec_create_pToken();
	ipsec_set_token_attr(e->policy, IPSEC_API_ATTR_privacyProtection, 2, &on);
	ipsec_set_token_attr(e->policy, IPSEC_API_ATTR_integrityProtection, 2, &on);
	ipsec_set_token_attr(e->policy, IPSEC_API_ATTR_compression, 2, &off);
	ipsec_set_token_attr(e->policy, IPSEC_API_ATTR_reqid, 4, &reqid);
	e->listener = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(e->listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(e->listener, (struct sockaddr *)&e->remote, sizeof(e->remote)) != 0 ||
	    ipsec_set_socket_pToken(e->listener, e->policy) != 0 || listen(e->listener, 1) != 0) {
		fprintf(stderr, "bench_gss_wrap: the protected listener: %s\n", ipsec_last_error());
		exit(1);
	}
}

/* A new connection from local to the listener, the client's socket under
 * the same policy. */
static void connect_protected(const struct endpoints *e, int *client, int *server)
{
	*client = socket(AF_INET, SOCK_STREAM, 0);
	if (bind(*client, (const struct sockaddr *)&e->local, sizeof(e->local)) != 0 ||
	    ipsec_set_socket_pToken(*client, e->policy) != 0 ||
	    connect(*client, (const struct sockaddr *)&e->remote, sizeof(e->remote)) != 0 ||
	    (*server = accept(e->listener, NULL, NULL)) < 0) {
		fprintf(stderr, "bench_gss_wrap: the protected connection: %s\n", ipsec_last_error());
		exit(1);
	}
}

static gss_cred_id_t cred(gss_OID mech, int socket, gss_cred_usage_t usage)
{
	char number[16];
	gss_key_value_element_desc element = { .key = GSS_BTNS_CRED_STORE_SOCKET, .value = number };
	gss_key_value_set_desc store = { .count = 1, .elements = &element };
	gss_OID_set_desc mechs = { .count = 1, .elements = mech };
	gss_cred_id_t c = GSS_C_NO_CREDENTIAL;
	OM_uint32 major, minor;

	snprintf(number, sizeof(number), "%d", socket);
	major = gss_acquire_cred_from(&minor, GSS_C_NO_NAME, 0, &mechs, usage,
				      socket >= 0 ? &store : GSS_C_NO_CRED_STORE, &c, NULL, NULL);
	if (major != GSS_S_COMPLETE) {
		die_gss("gss_acquire_cred_from", major, minor);
	}
	return c;
}

/* Both ends of a context of mech, in this process. */
static void establish(gss_OID mech, gss_cred_id_t icred, gss_cred_id_t acred, gss_ctx_id_t *ictx,
		      gss_ctx_id_t *actx)
{
	gss_buffer_desc name = { .length = strlen("host@server"), .value = (void *)"host@server" };
	gss_buffer_desc itok = GSS_C_EMPTY_BUFFER, atok = GSS_C_EMPTY_BUFFER;
	gss_name_t target;
	OM_uint32 imajor, amajor = GSS_S_CONTINUE_NEEDED, minor;

	*ictx = *actx = GSS_C_NO_CONTEXT;
	gss_import_name(&minor, &name, GSS_C_NT_HOSTBASED_SERVICE, &target);
	for (;;) {
		imajor = gss_init_sec_context(&minor, icred, ictx, target, mech,
					      GSS_C_MUTUAL_FLAG | GSS_C_SEQUENCE_FLAG, 0,
					      GSS_C_NO_CHANNEL_BINDINGS, &atok, NULL, &itok, NULL,
					      NULL);
		gss_release_buffer(&minor, &atok);
		if (GSS_ERROR(imajor)) {
			die_gss("gss_init_sec_context", imajor, minor);
		}
		if (itok.length == 0) {
			break;
		}
		amajor = gss_accept_sec_context(&minor, actx, acred, &itok, GSS_C_NO_CHANNEL_BINDINGS,
						NULL, NULL, &atok, NULL, NULL, NULL);
		gss_release_buffer(&minor, &itok);
		if (GSS_ERROR(amajor)) {
			die_gss("gss_accept_sec_context", amajor, minor);
		}
		if (imajor == GSS_S_COMPLETE) {
			break;
		}
	}
	if (imajor != GSS_S_COMPLETE || amajor != GSS_S_COMPLETE) {
		die_gss("establishment", imajor | amajor, 0);
	}
	gss_release_name(&minor, &target);
}

/* Seconds per wrap + unwrap of len octets; also checks the round trip. */
static double wrap_unwrap(gss_ctx_id_t a, gss_ctx_id_t b, size_t len, int *bridged)
{
	uint8_t *data = malloc(len);
	gss_buffer_desc msg = { .length = len, .value = data }, token, back;
	OM_uint32 major, minor;
	int i, n = len >= (1u << 20) ? 40 : len >= (1u << 16) ? 400 : 4000, conf;
	double t0;

	memset(data, 0x5a, len);
	t0 = now();
	for (i = 0; i < n; i++) {
		major = gss_wrap(&minor, a, 1, GSS_C_QOP_DEFAULT, &msg, &conf, &token);
		if (major != GSS_S_COMPLETE || conf != 1) {
			die_gss("gss_wrap", major, minor);
		}
		*bridged = token.length > 1 && ((uint8_t *)token.value)[1] == 0x10;
		major = gss_unwrap(&minor, b, &token, &back, &conf, NULL);
		if (major != GSS_S_COMPLETE || back.length != len || memcmp(back.value, data, len) != 0) {
			die_gss("gss_unwrap", major, minor);
		}
		gss_release_buffer(&minor, &token);
		gss_release_buffer(&minor, &back);
	}
	free(data);
	return (now() - t0) / n;
}

static double memcpy_twice(size_t len)
{
	uint8_t *a = malloc(len), *b = malloc(len), *c = malloc(len);
	int i, n = len >= (1u << 20) ? 400 : len >= (1u << 16) ? 4000 : 40000;
	double t0;

	memset(a, 0x5a, len);
	t0 = now();
	for (i = 0; i < n; i++) {
		memcpy(b, a, len);
		memcpy(c, b, len);
		__asm__ volatile("" : : "r"(c) : "memory");
	}
	t0 = (now() - t0) / n;
	free(a);
	free(b);
	free(c);
	return t0;
}

/* Seconds for one context of mech, credentials included. */
static double establishment(gss_OID mech, int client, int server)
{
	double t0 = now(), t;
	gss_cred_id_t ic = cred(mech, gss_oid_equal(mech, GSS_BTNS_MECHANISM) ? client : -1, GSS_C_INITIATE);
	gss_cred_id_t ac = cred(mech, gss_oid_equal(mech, GSS_BTNS_MECHANISM) ? server : -1, GSS_C_ACCEPT);
	gss_ctx_id_t i, a;
	OM_uint32 minor;

	establish(mech, ic, ac, &i, &a);
	gss_delete_sec_context(&minor, &i, GSS_C_NO_BUFFER);
	gss_delete_sec_context(&minor, &a, GSS_C_NO_BUFFER);
	gss_release_cred(&minor, &ic);
	gss_release_cred(&minor, &ac);
	t = now() - t0;
	return t;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), by_value);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define ROUNDS 41

/* Establishment as applications meet it: each mech_btns context on a new
 * connection (whose first query pins its latch), the connection made
 * outside the timing, as krb5 needs none; then on a connection that has
 * had contexts before.  The variants alternate, round after round, so
 * that the machine's drift touches all alike; medians. */
static void establishment_figures(const struct endpoints *e, int kept_client, int kept_server)
{
	double fresh[ROUNDS], kept[ROUNDS], krb5[ROUNDS], mf, mk, mr;
	int k, client, server;

	establishment(GSS_BTNS_MECHANISM, kept_client, kept_server); /* warm: both */
	establishment((gss_OID)gss_mech_krb5, -1, -1);
	for (k = 0; k < ROUNDS; k++) {
		connect_protected(e, &client, &server);
		fresh[k] = establishment(GSS_BTNS_MECHANISM, client, server);
		close(client);
		close(server);
		krb5[k] = establishment((gss_OID)gss_mech_krb5, -1, -1);
		kept[k] = establishment(GSS_BTNS_MECHANISM, kept_client, kept_server);
	}
	mf = median(fresh, ROUNDS);
	mr = median(kept, ROUNDS);
	mk = median(krb5, ROUNDS);
	printf("context establishment, median of %d rounds: krb5 %.0f us; mech_btns on a new "
	       "connection %.0f us (%.2fx), on a connection with contexts before %.0f us (%.2fx)\n",
	       ROUNDS, mk * 1e6, mf * 1e6, mf / mk, mr * 1e6, mr / mk);
	bench_ratio("mech_btns", "context establishment, mech_btns on a new connection / krb5",
		    mf / mk);
	bench_ratio("mech_btns", "context establishment, mech_btns on a kept connection / krb5",
		    mr / mk);
}

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 1024, 65536, 1048576 };
	gss_ctx_id_t bi, ba, ki, ka;
	gss_cred_id_t bic, bac, kic, kac;
	struct endpoints ends;
	int client, server, bridged = 0, krb5_bridged = 0;
	char what[128];
	OM_uint32 minor;
	size_t i;

	if (argc != 5) {
		fprintf(stderr, "usage: bench_gss_wrap LOCAL REMOTE PORT REQID\n");
		return 2;
	}
	listen_protected(&ends, argv[1], argv[2], atoi(argv[3]), (uint32_t)strtoul(argv[4], NULL, 0));
	connect_protected(&ends, &client, &server);
	{
		ipsec_pToken_t p = NULL;
		int sides[2] = { client, server }, k;

		uint16_t privacy = 0;
		uint32_t len = sizeof(privacy);
		void *val = &privacy;

		/* The connection must be protected, or nothing is measured. */
		for (k = 0; k < 2; k++) {
			if (ipsec_get_socket_pToken(sides[k], &p) != 0 ||
			    ipsec_get_token_attr(p, IPSEC_API_ATTR_privacyProtection, &len, &val) != 0 ||
			    privacy == IPSEC_API_ATTR_DISABLE) {
				fprintf(stderr, "bench_gss_wrap: the connection is not protected: %s\n",
					ipsec_last_error());
				return 1;
			}
			ipsec_free_pToken(p);
		}
	}
	bic = cred(GSS_BTNS_MECHANISM, client, GSS_C_INITIATE);
	bac = cred(GSS_BTNS_MECHANISM, server, GSS_C_ACCEPT);
	kic = cred((gss_OID)gss_mech_krb5, -1, GSS_C_INITIATE);
	kac = cred((gss_OID)gss_mech_krb5, -1, GSS_C_ACCEPT);
	establish(GSS_BTNS_MECHANISM, bic, bac, &bi, &ba);
	establish((gss_OID)gss_mech_krb5, kic, kac, &ki, &ka);

	printf("gss_wrap + gss_unwrap, MB/s (1 MB = 10^6 octets); ratios to krb5 and to memcpy\n");
	printf("%9s %12s %12s %12s %10s %12s\n", "message", "bridged", "krb5 conf", "memcpy x2",
	       "bridged/krb5", "memcpy/bridged");
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		double b = wrap_unwrap(bi, ba, sizes[i], &bridged);
		double k = wrap_unwrap(ki, ka, sizes[i], &krb5_bridged);
		double m = memcpy_twice(sizes[i]);

		if (!bridged) {
			fprintf(stderr, "bench_gss_wrap: mech_btns did not bridge: is the latch held?\n");
			return 1;
		}
		printf("%7zu B %12.0f %12.0f %12.0f %9.1fx %13.1fx\n", sizes[i], sizes[i] / b / 1e6,
		       sizes[i] / k / 1e6, sizes[i] / m / 1e6, k / b, b / m);
		fflush(stdout);
		snprintf(what, sizeof(what),
			 "gss_wrap+unwrap throughput, bridged / krb5's encryption, %zu B", sizes[i]);
		bench_ratio("mech_btns", what, k / b);
	}
	establishment_figures(&ends, client, server);
	gss_delete_sec_context(&minor, &bi, GSS_C_NO_BUFFER);
	gss_delete_sec_context(&minor, &ba, GSS_C_NO_BUFFER);
	gss_delete_sec_context(&minor, &ki, GSS_C_NO_BUFFER);
	gss_delete_sec_context(&minor, &ka, GSS_C_NO_BUFFER);
	gss_release_cred(&minor, &bic);
	gss_release_cred(&minor, &bac);
	gss_release_cred(&minor, &kic);
	gss_release_cred(&minor, &kac);
	close(client);
	close(server);
	close(ends.listener);
	ipsec_free_pToken(ends.policy);
	return 0;
}
