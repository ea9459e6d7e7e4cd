/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libreswan's pluto as the key manager (pluto*.c), on what pluto 4.10
 * said to `whack --status` in the test VM (unit/km/pluto/status-*.txt:
 * the connection up, a Child SA rekey, an IKE SA rekey, a second Child
 * SA, a new IKE SA from a restarted peer).  The values expected here were
 * read from those captures.  whack itself is stood in for by small shell
 * scripts, and this process stands in for pluto (its pid file and start
 * time); pluto itself answers in the VM (interop-tests/lib/pluto.sh).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "charon.h"
#include "km.h"
#include "pluto.h"
#include "pluto_lineage.h"
#include "pluto_process.h"
#include "pluto_status.h"
#include "pluto_whack.h"
#include "test_util.h"

#define CAPTURES 5

static const char *const capture_files[CAPTURES] = {
	"status-1-null-up.txt",      "status-2-child-rekey.txt",    "status-3-ike-rekey.txt",
	"status-4-second-child.txt", "status-5-new-ike-from-b.txt",
};

struct want_child {
	unsigned long serial, ike;
	uint32_t out, in;
};

/* What each capture lists, as its "#N:" lines say. */
static const struct want_status {
	struct want_child children[3];
	size_t nchildren;
	unsigned long ikes[2];
	size_t nikes;
} captured[CAPTURES] = {
	{ { { 2, 1, 0xdc9241be, 0x560a6b04 } }, 1, { 1 }, 1 },
	{ { { 3, 1, 0xb77ca0df, 0xae53b65e } }, 1, { 1 }, 1 },
	{ { { 3, 4, 0xb77ca0df, 0xae53b65e } }, 1, { 4 }, 1 },
	{ { { 3, 4, 0xb77ca0df, 0xae53b65e }, { 5, 4, 0x8222753d, 0x8aabee2e } }, 2, { 4 }, 1 },
	{ { { 3, 4, 0xb77ca0df, 0xae53b65e },
	    { 5, 4, 0x8222753d, 0x8aabee2e },
	    { 7, 6, 0xab41589e, 0xa9a78f7f } },
	  3,
	  { 4, 6 },
	  2 },
};

/* snprintf that fails the test rather than cut a path or a script short. */
__attribute__((format(printf, 3, 4))) static void print_to(char *buf, size_t size,
							   const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < size);
}

static const char *capture_path(int n, char *buf, size_t size)
{
	print_to(buf, size, "%s/%s", PLUTO_FIXTURES, capture_files[n - 1]);
	return buf;
}

/* The file at path, whole and NUL-terminated; the caller frees it. */
static char *file_text(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	char *text;
	long size;

	if (f == NULL) {
		fail_msg("%s: %s", path, strerror(errno));
	}
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	assert_true(size >= 0);
	rewind(f);
	text = malloc((size_t)size + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
	text[size] = '\0';
	fclose(f);
	*len = (size_t)size;
	return text;
}

/* Capture n (1 to 5). */
static char *capture_text(int n, size_t *len)
{
	char path[4096];

	return file_text(capture_path(n, path, sizeof(path)), len);
}

static void parse_text(const char *text, size_t len, struct ipsecapi_pluto_status *st)
{
	char why[256] = "";

	if (ipsecapi_pluto_status_parse(text, len, st, why, sizeof(why)) != 0) {
		fail_msg("whack's status refused: %s (%s)", why, strerror(errno));
	}
}

static void parse_capture(int n, struct ipsecapi_pluto_status *st)
{
	size_t len;
	char *text = capture_text(n, &len);

	parse_text(text, len, st);
	free(text);
}

static const struct ipsecapi_pluto_child *child_numbered(const struct ipsecapi_pluto_status *st,
							 unsigned long serial)
{
	size_t i;

	for (i = 0; i < st->nchildren; i++) {
		if (st->children[i].serial == serial) {
			return &st->children[i];
		}
	}
	return NULL;
}

static bool ike_listed(const struct ipsecapi_pluto_status *st, unsigned long serial)
{
	size_t i;

	for (i = 0; i < st->nikes; i++) {
		if (st->ikes[i] == serial) {
			return true;
		}
	}
	return false;
}

static void each_capture_lists_its_sas(void **state)
{
	struct ipsecapi_pluto_status st;
	const struct ipsecapi_pluto_conn *conn;
	int n;
	size_t i;

	(void)state;
	for (n = 1; n <= CAPTURES; n++) {
		const struct want_status *w = &captured[n - 1];

		parse_capture(n, &st);
		assert_int_equal(st.nchildren, w->nchildren);
		for (i = 0; i < w->nchildren; i++) {
			const struct want_child *wc = &w->children[i];
			const struct ipsecapi_pluto_child *c = child_numbered(&st, wc->serial);

			assert_non_null(c);
			assert_int_equal(c->ike_serial, wc->ike);
			assert_int_equal(c->proto, IPPROTO_ESP);
			assert_int_equal(c->spi_out, wc->out);
			assert_int_equal(c->spi_in, wc->in);
			assert_string_equal(c->peer, "192.0.2.2");
			assert_string_equal(c->me, "192.0.2.1");
			assert_string_equal(c->conn, "\"btns\"");
			assert_ptr_equal(ipsecapi_pluto_child_of(&st, IPPROTO_ESP, wc->out, wc->in),
					 c);
			/* the pair is the Child SA's both ways round, of its protocol */
			assert_null(ipsecapi_pluto_child_of(&st, IPPROTO_ESP, wc->in, wc->out));
			assert_null(ipsecapi_pluto_child_of(&st, IPPROTO_AH, wc->out, wc->in));
		}
		assert_int_equal(st.nikes, w->nikes);
		for (i = 0; i < w->nikes; i++) {
			assert_true(ike_listed(&st, w->ikes[i]));
		}
		assert_int_equal(st.nconns, 1);
		conn = ipsecapi_pluto_conn_of(&st, "\"btns\"");
		assert_non_null(conn);
		assert_string_equal(conn->name, "\"btns\"");
		assert_string_equal(conn->their_auth, "null");
		assert_string_equal(conn->their_id, "ID_NULL");
		assert_null(ipsecapi_pluto_conn_of(&st, "btns"));
		ipsecapi_pluto_status_free(&st);
		assert_int_equal(st.nchildren, 0);
	}
}

/* A responder's connection (right=%any) has instances, which whack names
 * "name"[N] followed by the peer's address, or " ...address" when
 * opportunistic: on the SA line too. */
static void instances_are_named_without_their_address(void **state)
{
	static const char text[] =
		"000 \"btns\"[1] 192.0.2.2:   our auth:null, their auth:null, our autheap:none, "
		"their autheap:none;\n"
		"000 \"btns\"[1] 192.0.2.2:   our idtype: ID_NULL; our id=ID_NULL; their idtype: "
		"ID_NULL; their id=ID_NULL\n"
		"000 #1: \"btns\"[1] 192.0.2.2:500 STATE_V2_ESTABLISHED_IKE_SA (established IKE "
		"SA); REKEY in 28198s; REPLACE in 28797s; newest; idle;\n"
		"000 #2: \"btns\"[1] 192.0.2.2:500 STATE_V2_ESTABLISHED_CHILD_SA (established "
		"Child SA); REKEY in 28241s; REPLACE in 28797s; newest; eroute owner; IKE SA #1; "
		"idle;\n"
		"000 #2: \"btns\"[1] 192.0.2.2 esp.dc9241be@192.0.2.2 esp.560a6b04@192.0.2.1 "
		"Traffic: ESPin=0B ESPout=0B ESPmax=2^63B \n"
		"000 #4: \"private\"[2] ...192.0.2.3:500 STATE_V2_ESTABLISHED_CHILD_SA "
		"(established Child SA); IKE SA #3; idle;\n"
		"000 #4: \"private\"[2] ...192.0.2.3 esp.c0000004@192.0.2.3 esp.c0000014@192.0.2.1 "
		"Traffic: ESPin=0B ESPout=0B ESPmax=2^63B \n";
	const struct ipsecapi_pluto_child *c;
	struct ipsecapi_pluto_status st;

	(void)state;
	parse_text(text, sizeof(text) - 1, &st);
	assert_int_equal(st.nchildren, 2);
	c = ipsecapi_pluto_child_of(&st, IPPROTO_ESP, 0xdc9241be, 0x560a6b04);
	assert_non_null(c);
	assert_int_equal(c->serial, 2);
	assert_int_equal(c->ike_serial, 1);
	assert_string_equal(c->conn, "\"btns\"[1]");
	assert_string_equal(c->peer, "192.0.2.2");
	assert_string_equal(ipsecapi_pluto_conn_of(&st, c->conn)->their_auth, "null");
	c = ipsecapi_pluto_child_of(&st, IPPROTO_ESP, 0xc0000004, 0xc0000014);
	assert_non_null(c);
	assert_string_equal(c->conn, "\"private\"[2]");
	assert_string_equal(c->peer, "192.0.2.3");
	ipsecapi_pluto_status_free(&st);
}

/* Refused as not whack's status, with the line named, and nothing kept. */
static void assert_refused(const char *text, size_t len, const char *line)
{
	struct ipsecapi_pluto_status st;
	char why[256] = "";

	errno = 0;
	assert_int_equal(ipsecapi_pluto_status_parse(text, len, &st, why, sizeof(why)), -1);
	assert_int_equal(errno, EBADMSG);
	if (strstr(why, line) == NULL) {
		fail_msg("\"%s\" does not name %s", why, line);
	}
	assert_int_equal(st.nchildren, 0);
	assert_int_equal(st.nikes, 0);
	assert_int_equal(st.nconns, 0);
	assert_null(st.children);
}

static void assert_refused_text(const char *text, const char *line)
{
	assert_refused(text, strlen(text), line);
}

static void malformed_status(void **state)
{
	static const char nul[] =
		"000 #1: \"btns\":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA); idle;\n"
		"000 \"btns\":   our idtype: ID_NULL; our id=ID_NULL; their idtype: ID_NULL; their "
		"id=ID_\0NULL\n";
	char long_conn[512], long_state[512], name[301];
	char *capture, *traffic;
	size_t len;

	(void)state;
	assert_refused_text("000 Connection list:\nConnection list:\n", "line 2 of");
	assert_refused_text("000 State Information\n00\n", "line 2 of");
	assert_refused_text("000 #2: \"btns\":500 STATE_V2_ESTABLISHED_CHILD_SA (established Child "
			    "SA); newest; eroute owner; IKE SA #x; idle;\n",
			    "line 1 of");
	assert_refused_text("000 #: \"btns\":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE "
			    "SA);\n",
			    "line 1 of");
	assert_refused_text("000 #2: \"btns\" esp.zz9241be@192.0.2.2 esp.560a6b04@192.0.2.1 "
			    "Traffic: ESPin=0B\n",
			    "line 1 of");
	assert_refused(nul, sizeof(nul) - 1, "line 2 of");

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	print_to(long_conn, sizeof(long_conn),
		 "000  \n000 \"%s\":   our auth:null, their auth:null, our autheap:none;\n", name);
	assert_refused_text(long_conn, "line 2 of");
	print_to(long_state, sizeof(long_state),
		 "000 #2: \"%s\" esp.dc9241be@192.0.2.2 esp.560a6b04@192.0.2.1 Traffic: ESPin=0B\n",
		 name);
	assert_refused_text(long_state, "line 1 of");

	/* A real capture with the reply code of its SA line (line 120) gone. */
	capture = capture_text(1, &len);
	traffic = strstr(capture, "000 #2: \"btns\" esp.");
	assert_non_null(traffic);
	memmove(traffic, traffic + 4, strlen(traffic + 4) + 1);
	assert_refused_text(capture, "line 120 of");
	free(capture);
}

static void empty_status_lists_nothing(void **state)
{
	static const char blank[] = "000  \n\n000 Connection list:\n000  \n";
	struct ipsecapi_pluto_status st;

	(void)state;
	parse_text("", 0, &st);
	assert_int_equal(st.nchildren, 0);
	assert_int_equal(st.nikes, 0);
	assert_int_equal(st.nconns, 0);
	assert_null(ipsecapi_pluto_child_of(&st, IPPROTO_ESP, 0xdc9241be, 0x560a6b04));
	ipsecapi_pluto_status_free(&st);
	parse_text(blank, strlen(blank), &st);
	assert_int_equal(st.nchildren + st.nikes + st.nconns, 0);
	ipsecapi_pluto_status_free(&st);
}

/* A Child SA is its state line (its IKE SA) and its SA line (its SPIs):
 * with one of them only, it is not taken. */
static void half_listed_children_are_dropped(void **state)
{
	static const char text[] =
		"000 #1: \"btns\":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA); idle;\n"
		"000 #2: \"btns\":500 STATE_V2_ESTABLISHED_CHILD_SA (established Child SA); REKEY "
		"in 28241s; newest; eroute owner; IKE SA #1; idle;\n"
		"000 #3: \"btns\" esp.b77ca0df@192.0.2.2 esp.ae53b65e@192.0.2.1 Traffic: ESPin=0B "
		"ESPout=0B ESPmax=2^63B \n";
	struct ipsecapi_pluto_status st;

	(void)state;
	parse_text(text, sizeof(text) - 1, &st);
	assert_int_equal(st.nchildren, 0);
	assert_null(ipsecapi_pluto_child_of(&st, IPPROTO_ESP, 0xb77ca0df, 0xae53b65e));
	assert_int_equal(st.nikes, 1);
	assert_int_equal(st.ikes[0], 1);
	ipsecapi_pluto_status_free(&st);
}

static void assert_method(const char *their_auth, uint16_t method)
{
	const char *name = NULL;

	assert_int_equal(ipsecapi_pluto_auth_method(their_auth, &name), method);
	assert_non_null(name);
	assert_true(name[0] != '\0');
}

static void auth_methods(void **state)
{
	(void)state;
	assert_method("null", IPSEC_API_ATTR_authMeth_BTNS);
	assert_method("secret", IPSEC_API_ATTR_authMeth_PRESHAREDKEY);
	assert_method("rsasig", IPSEC_API_ATTR_authMeth_PKIX_TRUSTED);
	assert_method("ecdsa", IPSEC_API_ATTR_authMeth_PKIX_TRUSTED);
	assert_method("eaponly", IPSEC_API_ATTR_authMeth_EAP);
	assert_method("never", 0);
	/* several allowed: the weakest, which a peer may have used */
	assert_method("RSASIG+AUTH_NULL", IPSEC_API_ATTR_authMeth_BTNS);
	assert_method("PSK+RSASIG", IPSEC_API_ATTR_authMeth_PRESHAREDKEY);
	assert_method("", 0);
	assert_method("kerberos", 0);
	assert_method("nullish", 0); /* words, not parts of words */
}

static bool has_entry(const struct ipsecapi_pluto_lineages *t, char kind, unsigned long serial)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->entries[i].kind == kind && t->entries[i].serial == serial) {
			return true;
		}
	}
	return false;
}

static void observe_capture(struct ipsecapi_pluto_lineages *t, int n)
{
	struct ipsecapi_pluto_status st;

	parse_capture(n, &st);
	assert_int_equal(ipsecapi_pluto_lineages_observe(t, &st), 0);
	ipsecapi_pluto_status_free(&st);
}

static void observe_text(struct ipsecapi_pluto_lineages *t, const char *text)
{
	struct ipsecapi_pluto_status st;

	parse_text(text, strlen(text), &st);
	assert_int_equal(ipsecapi_pluto_lineages_observe(t, &st), 0);
	ipsecapi_pluto_status_free(&st);
}

/* Each step pluto took in the VM keeps the lineage of IKE SA #1; the new
 * IKE SA from the restarted peer starts its own. */
static void lineages_follow_the_captures(void **state)
{
	struct ipsecapi_pluto_lineages t;

	(void)state;
	memset(&t, 0, sizeof(t));
	observe_capture(&t, 1);
	assert_int_equal(ipsecapi_pluto_lineage_of(&t, 2), 1);
	observe_capture(&t, 2); /* Child SA rekey: #3 under #1 */
	assert_int_equal(ipsecapi_pluto_lineage_of(&t, 3), 1);
	assert_int_equal(ipsecapi_pluto_lineage_of(&t, 2), 0); /* gone */
	observe_capture(&t, 3); /* IKE SA rekey: #3 moved to #4 */
	assert_int_equal(ipsecapi_pluto_lineage_of(&t, 3), 1);
	assert_false(has_entry(&t, 'i', 1));
	assert_true(has_entry(&t, 'i', 4));
	observe_capture(&t, 4); /* #5 under #4 */
	assert_int_equal(ipsecapi_pluto_lineage_of(&t, 3), 1);
	assert_int_equal(ipsecapi_pluto_lineage_of(&t, 5), 1);
	observe_capture(&t, 5); /* #7 under the new #6 */
	assert_int_equal(ipsecapi_pluto_lineage_of(&t, 7), 6);
	assert_int_equal(ipsecapi_pluto_lineage_of(&t, 3), 1);
	assert_int_equal(ipsecapi_pluto_lineage_of(&t, 5), 1);
	assert_int_equal(ipsecapi_pluto_lineage_of(&t, 99), 0);
	ipsecapi_pluto_lineages_free(&t);
}

/* Where the steps were not seen one by one, the successor is taken for a
 * new IKE SA: a new lineage, never the old one. */
static void a_gap_starts_a_new_lineage(void **state)
{
	struct ipsecapi_pluto_lineages t;

	(void)state;
	memset(&t, 0, sizeof(t));
	observe_capture(&t, 1);
	observe_text(&t, "000 #10: \"btns\":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE "
			 "SA); idle;\n"
			 "000 #9: \"btns\":500 STATE_V2_ESTABLISHED_CHILD_SA (established Child "
			 "SA); IKE SA #10; idle;\n"
			 "000 #9: \"btns\" esp.c0000009@192.0.2.2 esp.c0000019@192.0.2.1 Traffic: "
			 "ESPin=0B ESPout=0B ESPmax=2^63B \n");
	assert_int_not_equal(ipsecapi_pluto_lineage_of(&t, 9), 1);
	assert_int_not_equal(ipsecapi_pluto_lineage_of(&t, 9), 0);
	ipsecapi_pluto_lineages_free(&t);

	/* The captures' own gap: both rekeys between two looks. */
	memset(&t, 0, sizeof(t));
	observe_capture(&t, 1);
	observe_capture(&t, 3);
	assert_int_not_equal(ipsecapi_pluto_lineage_of(&t, 3), 1);
	assert_int_not_equal(ipsecapi_pluto_lineage_of(&t, 3), 0);
	ipsecapi_pluto_lineages_free(&t);
}

/* A known Child SA under a known IKE SA of another lineage is no step
 * pluto takes: its lineage cannot be told. */
static void a_conflict_tells_no_lineage(void **state)
{
	static const char record[] = "pluto 100 200\ni 1 1\nc 2 1\ni 6 6\nc 7 6\n";
	struct ipsecapi_pluto_lineages t;

	(void)state;
	assert_int_equal(ipsecapi_pluto_lineages_parse(record, sizeof(record) - 1, &t), 0);
	observe_text(&t, "000 #6: \"btns\":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA); "
			 "idle;\n"
			 "000 #2: \"btns\":500 STATE_V2_ESTABLISHED_CHILD_SA (established Child "
			 "SA); IKE SA #6; idle;\n"
			 "000 #2: \"btns\" esp.dc9241be@192.0.2.2 esp.560a6b04@192.0.2.1 Traffic: "
			 "ESPin=0B ESPout=0B ESPmax=2^63B \n");
	assert_int_equal(ipsecapi_pluto_lineage_of(&t, 2), 0);
	ipsecapi_pluto_lineages_free(&t);
}

static void lineage_records_round_trip(void **state)
{
	static const char record[] = "pluto 1234 5678\ni 4 1\nc 3 1\nc 5 1\ni 6 6\nc 7 6\nc 9 0\n";
	static const char no_sa[] = "pluto 1 2\n", shared[] = "pluto 1 2\ni 3 3\nc 3 3\n";
	struct ipsecapi_pluto_lineages t, again;
	size_t len, i;
	char *text;

	(void)state;
	assert_int_equal(ipsecapi_pluto_lineages_parse(record, sizeof(record) - 1, &t), 0);
	assert_int_equal(t.process.pid, 1234);
	assert_int_equal(t.process.start, 5678);
	assert_int_equal(t.n, 6);
	assert_int_equal(t.entries[0].kind, 'i');
	assert_int_equal(t.entries[0].serial, 4);
	assert_int_equal(t.entries[0].lineage, 1);
	assert_int_equal(ipsecapi_pluto_lineage_of(&t, 5), 1);
	assert_int_equal(ipsecapi_pluto_lineage_of(&t, 7), 6);
	assert_int_equal(ipsecapi_pluto_lineage_of(&t, 9), 0);
	assert_int_equal(ipsecapi_pluto_lineage_of(&t, 4), 0); /* an IKE SA, not a Child SA */
	text = ipsecapi_pluto_lineages_format(&t, &len);
	assert_non_null(text);
	assert_int_equal(len, sizeof(record) - 1);
	assert_memory_equal(text, record, len);
	assert_int_equal(ipsecapi_pluto_lineages_parse(text, len, &again), 0);
	assert_int_equal(again.process.pid, t.process.pid);
	assert_int_equal(again.process.start, t.process.start);
	assert_int_equal(again.n, t.n);
	for (i = 0; i < t.n; i++) {
		assert_int_equal(again.entries[i].kind, t.entries[i].kind);
		assert_int_equal(again.entries[i].serial, t.entries[i].serial);
		assert_int_equal(again.entries[i].lineage, t.entries[i].lineage);
	}
	free(text);
	ipsecapi_pluto_lineages_free(&again);
	ipsecapi_pluto_lineages_free(&t);

	/* a pluto with no SA yet; an IKE SA and a Child SA may share a serial */
	assert_int_equal(ipsecapi_pluto_lineages_parse(no_sa, strlen(no_sa), &t), 0);
	assert_int_equal(t.n, 0);
	ipsecapi_pluto_lineages_free(&t);
	assert_int_equal(ipsecapi_pluto_lineages_parse(shared, strlen(shared), &t), 0);
	assert_int_equal(t.n, 2);
	ipsecapi_pluto_lineages_free(&t);
}

static void assert_record_refused(const char *text, size_t len)
{
	struct ipsecapi_pluto_lineages t;

	errno = 0;
	if (ipsecapi_pluto_lineages_parse(text, len, &t) != -1) {
		fail_msg("record \"%.*s\" taken", (int)len, text);
	}
	assert_int_equal(errno, EBADMSG);
	assert_int_equal(t.n, 0);
	assert_null(t.entries);
}

static void malformed_lineage_records(void **state)
{
	static const char *const bad[] = {
		"",
		"\n",
		"i 4 1\nc 3 1\n",                 /* no "pluto" line */
		"pluto 1\n",                      /* no start time */
		"pluto 0 2\n",                    /* no process */
		"pluto 1 2 3\n",                  /* trailing junk */
		"plato 1 2\n",                    /* not a record */
		"pluto 1 2\nx 3 1\n",             /* kind */
		"pluto 1 2\nC 3 1\n",             /* kind */
		"pluto 1 2\nc 0 1\n",             /* serial 0 */
		"pluto 1 2\nc 3 1\nc 3 1\n",      /* duplicate */
		"pluto 1 2\nc 3 1\ni 4 1\nc 3 4\n", /* duplicate, another lineage */
		"pluto 1 2\nc 3 1 junk\n",        /* trailing junk */
		"pluto 1 2\nc 3\n",               /* no lineage */
		"pluto 1 2\nc three 1\n",         /* not a number */
	};
	static const char nul[] = "pluto 1 2\nc 3 1\0\ni 4 1\n";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_record_refused(bad[i], strlen(bad[i]));
	}
	assert_record_refused(nul, sizeof(nul) - 1);
}

/* A scratch directory of the test's own, removed at its end. */
struct scratch {
	char dir[64];
};

static int make_scratch(void **state)
{
	struct scratch *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	print_to(s->dir, sizeof(s->dir), "/tmp/test_pluto.XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	*state = s;
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static int remove_scratch(void **state)
{
	struct scratch *s = *state;

	nftw(s->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(s);
	return 0;
}

static const char *path_in(const struct scratch *s, const char *name, char *buf, size_t size)
{
	print_to(buf, size, "%s/%s", s->dir, name);
	return buf;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	size_t len = strlen(text);

	if (fd < 0) {
		fail_msg("%s: %s", path, strerror(errno));
	}
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

/* The process of pid as pluto would be found: through a pid file in dir. */
static void process_numbered(const char *dir, pid_t pid, struct ipsecapi_pluto_process *p)
{
	char path[4096], text[32], why[256] = "";

	print_to(path, sizeof(path), "%s/pluto.pid", dir);
	print_to(text, sizeof(text), "%lld\n", (long long)pid);
	write_file(path, text, 0644);
	if (ipsecapi_pluto_process_of(dir, p, why, sizeof(why)) != 0) {
		fail_msg("process %lld: %s", (long long)pid, why);
	}
	assert_int_equal(p->pid, pid);
	assert_true(p->start != 0);
}

static void process_of_a_run_directory(void **state)
{
	struct scratch *s = *state;
	static const char *const junk[] = { "", "\n", "12abc\n", "-5\n", "0\n", "1 2\n",
					    "99999999999999999999999\n" };
	struct ipsecapi_pluto_process p;
	char path[4096], why[256];
	size_t i;

	process_numbered(s->dir, getpid(), &p);
	assert_true(ipsecapi_pluto_process_alive(getpid(), p.start));
	assert_false(ipsecapi_pluto_process_alive(getpid(), p.start + 1));
	assert_false(ipsecapi_pluto_process_alive(getpid(), 0));

	why[0] = '\0';
	assert_int_equal(ipsecapi_pluto_process_of("/nonexistent/pluto", &p, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "pluto does not run at /nonexistent/pluto"));

	path_in(s, "pluto.pid", path, sizeof(path));
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		write_file(path, junk[i], 0644);
		why[0] = '\0';
		assert_int_equal(ipsecapi_pluto_process_of(s->dir, &p, why, sizeof(why)), -1);
		if (strstr(why, "holds no process number") == NULL) {
			fail_msg("pid file \"%s\": %s", junk[i], why);
		}
	}

	write_file(path, "2147483646\n", 0644); /* above any pid_max */
	why[0] = '\0';
	assert_int_equal(ipsecapi_pluto_process_of(s->dir, &p, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "is gone"));
	assert_false(ipsecapi_pluto_process_alive(2147483646, 1));
}

static void update_or_fail(const char *dir, const struct ipsecapi_pluto_process *p, int capture,
			   unsigned long child, unsigned long want)
{
	struct ipsecapi_pluto_status st;
	unsigned long lineage = 12345;
	char why[512] = "";

	parse_capture(capture, &st);
	if (ipsecapi_pluto_lineage_update(dir, p, &st, child, &lineage, why, sizeof(why)) != 0) {
		fail_msg("capture %d: %s", capture, why);
	}
	ipsecapi_pluto_status_free(&st);
	assert_int_equal(lineage, want);
}

/* The record stays from one call to the next, one per pluto process. */
static void lineage_update_keeps_the_record(void **state)
{
	struct scratch *s = *state;
	struct ipsecapi_pluto_process self, later;
	struct ipsecapi_pluto_lineages t;
	char dir[4096], record[4200], text[4096];
	struct stat st;
	ssize_t got;
	int fd;

	process_numbered(s->dir, getpid(), &self);
	path_in(s, "lineages", dir, sizeof(dir));
	update_or_fail(dir, &self, 1, 2, 1);
	update_or_fail(dir, &self, 2, 3, 1);
	/* without the record, #3 under #4 would be a lineage of its own */
	update_or_fail(dir, &self, 3, 3, 1);
	update_or_fail(dir, &self, 4, 5, 1);
	update_or_fail(dir, &self, 5, 7, 6);
	update_or_fail(dir, &self, 5, 3, 1);

	assert_int_equal(lstat(dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0700);
	print_to(record, sizeof(record), "%s/%lld-%llu", dir, (long long)self.pid, self.start);
	fd = open(record, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	got = read(fd, text, sizeof(text));
	close(fd);
	assert_true(got > 0);
	assert_int_equal(ipsecapi_pluto_lineages_parse(text, (size_t)got, &t), 0);
	assert_int_equal(t.process.pid, self.pid);
	assert_int_equal(t.process.start, self.start);
	assert_int_equal(ipsecapi_pluto_lineage_of(&t, 7), 6);
	ipsecapi_pluto_lineages_free(&t);

	/* Another pluto at the same pid learns nothing from this one's record. */
	later = self;
	later.start++;
	update_or_fail(dir, &later, 3, 3, 4);
}

/* A record that cannot be read starts over, which tells a new lineage. */
static void an_unreadable_record_starts_over(void **state)
{
	struct scratch *s = *state;
	struct ipsecapi_pluto_process self;
	char dir[4096], record[4200];

	process_numbered(s->dir, getpid(), &self);
	path_in(s, "lineages", dir, sizeof(dir));
	update_or_fail(dir, &self, 2, 3, 1);
	print_to(record, sizeof(record), "%s/%lld-%llu", dir, (long long)self.pid, self.start);
	write_file(record, "pluto 1 2\nnot a record\n", 0600);
	update_or_fail(dir, &self, 3, 3, 4);
	update_or_fail(dir, &self, 4, 5, 4); /* and is kept again from there */
}

static void assert_directory_refused(const char *dir, const struct ipsecapi_pluto_process *p)
{
	struct ipsecapi_pluto_status st;
	unsigned long lineage = 0;
	char why[512] = "";

	parse_capture(1, &st);
	assert_int_equal(ipsecapi_pluto_lineage_update(dir, p, &st, 2, &lineage, why, sizeof(why)),
			 -1);
	ipsecapi_pluto_status_free(&st);
	if (strstr(why, dir) == NULL ||
	    strstr(why, "not a directory of this user's alone") == NULL) {
		fail_msg("%s: %s", dir, why);
	}
}

/* A directory others may write to could hold a record they made. */
static void shared_lineage_directories_are_refused(void **state)
{
	struct scratch *s = *state;
	struct ipsecapi_pluto_process self;
	char dir[4096], link[4096];

	process_numbered(s->dir, getpid(), &self);
	path_in(s, "group", dir, sizeof(dir));
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(chmod(dir, 0770), 0);
	assert_directory_refused(dir, &self);
	path_in(s, "others", dir, sizeof(dir));
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(chmod(dir, 0703), 0);
	assert_directory_refused(dir, &self);
	path_in(s, "link", link, sizeof(link));
	path_in(s, "private", dir, sizeof(dir));
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(symlink(dir, link), 0);
	assert_directory_refused(link, &self);
	path_in(s, "pluto.pid", dir, sizeof(dir)); /* a file */
	assert_directory_refused(dir, &self);
}

/* Whatever errno an earlier call left does not stop the directory from
 * being made. */
static void a_lineage_directory_is_made(void **state)
{
	struct scratch *s = *state;
	struct ipsecapi_pluto_process self;
	struct ipsecapi_pluto_status st;
	unsigned long lineage = 0;
	char dir[4096], why[512] = "";
	struct stat sb;

	process_numbered(s->dir, getpid(), &self);
	parse_capture(1, &st);
	path_in(s, "fresh", dir, sizeof(dir));
	errno = EIO;
	if (ipsecapi_pluto_lineage_update(dir, &self, &st, 2, &lineage, why, sizeof(why)) != 0) {
		fail_msg("%s", why);
	}
	assert_int_equal(lineage, 1);
	path_in(s, "parent/lineages", dir, sizeof(dir)); /* /run/ipsecapi/pluto's case */
	errno = EIO;
	if (ipsecapi_pluto_lineage_update(dir, &self, &st, 2, &lineage, why, sizeof(why)) != 0) {
		fail_msg("%s", why);
	}
	assert_int_equal(lstat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0700);
	ipsecapi_pluto_status_free(&st);
}

/* A new record clears the records of pluto processes that are gone. */
static void records_of_gone_plutos_are_removed(void **state)
{
	struct scratch *s = *state;
	struct ipsecapi_pluto_process self, init;
	char dir[4096], wrong_start[4200], no_such_pid[4200], init_record[4200], notes[4200];
	char record[4200];

	process_numbered(s->dir, 1, &init);
	process_numbered(s->dir, getpid(), &self);
	path_in(s, "lineages", dir, sizeof(dir));
	assert_int_equal(mkdir(dir, 0700), 0);
	print_to(wrong_start, sizeof(wrong_start), "%s/1-%llu", dir, init.start + 1);
	print_to(no_such_pid, sizeof(no_such_pid), "%s/2147483646-1", dir);
	print_to(init_record, sizeof(init_record), "%s/1-%llu", dir, init.start);
	print_to(notes, sizeof(notes), "%s/notes", dir);
	write_file(wrong_start, "pluto 1 1\n", 0600);
	write_file(no_such_pid, "pluto 2147483646 1\n", 0600);
	write_file(init_record, "pluto 1 1\n", 0600);
	write_file(notes, "not a record's name\n", 0600);

	update_or_fail(dir, &self, 1, 2, 1);
	print_to(record, sizeof(record), "%s/%lld-%llu", dir, (long long)self.pid, self.start);
	assert_int_equal(access(record, F_OK), 0);
	assert_int_equal(access(wrong_start, F_OK), -1);
	assert_int_equal(access(no_such_pid, F_OK), -1);
	/* a process that runs keeps its record, and other files stay */
	assert_int_equal(access(init_record, F_OK), 0);
	assert_int_equal(access(notes, F_OK), 0);
}

/* A stand-in for whack: a shell script in the scratch directory. */
static const char *whack_script(const struct scratch *s, const char *name, const char *body,
				char *path, size_t size)
{
	char text[8192];

	print_to(text, sizeof(text), "#!/bin/sh\n%s\n", body);
	path_in(s, name, path, size);
	write_file(path, text, 0755);
	return path;
}

/* A stand-in for whack that prints text, and its output file. */
static const char *whack_printing(const struct scratch *s, const char *name, const char *text,
				  char *path, size_t size)
{
	char out[4096], body[4200];

	print_to(out, sizeof(out), "%s/%s.out", s->dir, name);
	write_file(out, text, 0644);
	print_to(body, sizeof(body), "exec /bin/cat '%s'", out);
	return whack_script(s, name, body, path, size);
}

/* A stand-in for whack that prints capture n. */
static const char *whack_of_capture(const struct scratch *s, int n, char *path, size_t size)
{
	char capture[4096], body[4200], name[32];

	print_to(body, sizeof(body), "exec /bin/cat '%s'",
		 capture_path(n, capture, sizeof(capture)));
	print_to(name, sizeof(name), "whack-%d", n);
	return whack_script(s, name, body, path, size);
}


static void whack_prints_the_status(void **state)
{
	struct scratch *s = *state;
	char whack[4096], args[4096], capture[4096], body[8192], why[512] = "";
	size_t len = 0, want_len, args_len;
	char *want = capture_text(1, &want_len), *text, *got_args;

	path_in(s, "args", args, sizeof(args));
	print_to(body, sizeof(body), "printf '%%s\\n' \"$@\" > '%s'\nexec /bin/cat '%s'", args,
		 capture_path(1, capture, sizeof(capture)));
	whack_script(s, "whack", body, whack, sizeof(whack));
	text = ipsecapi_pluto_whack_status(whack, "/run/pluto-test", &len, why, sizeof(why));
	if (text == NULL) {
		fail_msg("%s", why);
	}
	assert_int_equal(len, want_len);
	assert_memory_equal(text, want, len);
	assert_int_equal(text[len], '\0');
	got_args = file_text(args, &args_len);
	assert_string_equal(got_args, "--rundir\n/run/pluto-test\n--status\n");
	free(got_args);
	free(text);
	free(want);
}

static void assert_whack_fails(const char *whack, const char *needle)
{
	char why[512] = "";
	size_t len = 0;

	assert_null(ipsecapi_pluto_whack_status(whack, "/run/pluto-test", &len, why, sizeof(why)));
	if (strstr(why, needle) == NULL) {
		fail_msg("%s: \"%s\" does not say \"%s\"", whack, why, needle);
	}
}

static void whack_failures(void **state)
{
	struct scratch *s = *state;
	char whack[4096];

	/* whack's complaint, on its stderr, when pluto is not there */
	whack_script(s, "not-running",
		     "echo 'whack: Pluto is not running (no \"/run/pluto-test/pluto.ctl\")' >&2\n"
		     "exit 1",
		     whack, sizeof(whack));
	assert_whack_fails(whack, "did not answer");
	assert_whack_fails(whack, "Pluto is not running");
	assert_whack_fails(whack, "pluto at /run/pluto-test");
	whack_script(s, "killed", "echo 000 partly\nkill -9 $$", whack, sizeof(whack));
	assert_whack_fails(whack, "did not answer");

	path_in(s, "no-such-whack", whack, sizeof(whack));
	assert_whack_fails(whack, "cannot run");
	assert_whack_fails(whack, whack);
	path_in(s, "not-executable", whack, sizeof(whack));
	write_file(whack, "#!/bin/sh\necho 000\n", 0644);
	assert_whack_fails(whack, "cannot run");
}

/* whack has an empty environment, no input, and no descriptor of ours
 * but the pipe it writes to. */
static void whack_gets_nothing_of_ours(void **state)
{
	struct scratch *s = *state;
	char whack[4096], why[512] = "";
	size_t len = 0;
	char *text;
	int fd;

	assert_int_equal(setenv("BTNS_TEST_SECRET", "hunter2", 1), 0);
	fd = open("/dev/null", O_RDONLY); /* as an application's, without O_CLOEXEC */
	assert_true(fd >= 0);
	assert_int_equal(dup2(fd, 57), 57);
	close(fd);
	whack_script(s, "whack",
		     "export -p\n"
		     "if [ -e /proc/$$/fd/57 ]; then echo 'descriptor 57 inherited'; fi\n"
		     "if read line; then echo \"stdin: $line\"; else echo 'stdin: at its end'; fi\n"
		     "echo end",
		     whack, sizeof(whack));
	text = ipsecapi_pluto_whack_status(whack, "/run/pluto-test", &len, why, sizeof(why));
	close(57);
	assert_int_equal(unsetenv("BTNS_TEST_SECRET"), 0);
	if (text == NULL) {
		fail_msg("%s", why);
	}
	assert_null(strstr(text, "BTNS_TEST_SECRET"));
	assert_null(strstr(text, "hunter2"));
	assert_null(strstr(text, "descriptor 57 inherited"));
	assert_non_null(strstr(text, "stdin: at its end"));
	assert_non_null(strstr(text, "end\n"));
	free(text);
}

static void tick(int sig)
{
	(void)sig;
}

/* A whack that hangs is stopped at the deadline (5 s), also while
 * signals come that restart the calls they interrupt. */
static void whack_has_a_deadline(void **state)
{
	struct scratch *s = *state;
	struct itimerval every = { { 0, 50000 }, { 0, 50000 } }, off;
	struct sigaction restarting, old;
	struct timespec start, end;
	char whack[4096], why[512] = "";
	size_t len = 0;
	char *text;
	long ms;

	memset(&off, 0, sizeof(off));
	memset(&restarting, 0, sizeof(restarting));
	restarting.sa_handler = tick;
	restarting.sa_flags = SA_RESTART;
	sigemptyset(&restarting.sa_mask);
	whack_script(s, "hangs", "exec /bin/sleep 9", whack, sizeof(whack));
	assert_int_equal(sigaction(SIGALRM, &restarting, &old), 0);
	assert_int_equal(setitimer(ITIMER_REAL, &every, NULL), 0);
	clock_gettime(CLOCK_MONOTONIC, &start);
	text = ipsecapi_pluto_whack_status(whack, "/run/pluto-test", &len, why, sizeof(why));
	clock_gettime(CLOCK_MONOTONIC, &end);
	assert_int_equal(setitimer(ITIMER_REAL, &off, NULL), 0);
	assert_int_equal(sigaction(SIGALRM, &old, NULL), 0);
	ms = (end.tv_sec - start.tv_sec) * 1000 + (end.tv_nsec - start.tv_nsec) / 1000000;
	assert_null(text);
	assert_non_null(strstr(why, "did not finish within"));
	assert_true(ms >= 4500 && ms < 8000);
}

static void whack_says_too_much(void **state)
{
	struct scratch *s = *state;
	char whack[4096];

	whack_script(s, "endless", "exec /bin/cat /dev/zero", whack, sizeof(whack));
	assert_whack_fails(whack, "whack said more than");
}

/* pluto's host: this process as pluto, whack printing capture 1. */
static int make_pluto_host(void **state)
{
	struct ipsecapi_pluto_process self;
	struct scratch *s;
	char path[4096];

	make_scratch(state);
	s = *state;
	process_numbered(s->dir, getpid(), &self);
	assert_int_equal(setenv("IPSECAPI_PLUTO_RUNDIR", s->dir, 1), 0);
	assert_int_equal(setenv("IPSECAPI_PLUTO_LINEAGE_DIR",
				path_in(s, "lineages", path, sizeof(path)), 1),
			 0);
	assert_int_equal(setenv("IPSECAPI_PLUTO_WHACK", whack_of_capture(s, 1, path, sizeof(path)),
				1),
			 0);
	return 0;
}

static int remove_pluto_host(void **state)
{
	unsetenv("IPSECAPI_PLUTO_RUNDIR");
	unsetenv("IPSECAPI_PLUTO_LINEAGE_DIR");
	unsetenv("IPSECAPI_PLUTO_WHACK");
	unsetenv("IPSECAPI_KEY_MANAGER");
	unsetenv("IPSECAPI_VICI_SOCKET");
	return remove_scratch(state);
}

static void use_whack(const char *whack)
{
	assert_int_equal(setenv("IPSECAPI_PLUTO_WHACK", whack, 1), 0);
}

static struct ipsecapi_xfrm_sa sa_of(uint8_t proto, uint32_t spi)
{
	struct ipsecapi_xfrm_sa sa;

	memset(&sa, 0, sizeof(sa));
	sa.info.id.proto = proto;
	sa.info.id.spi = htonl(spi);
	return sa;
}

/* What pluto says of the ESP SAs out and in (SPIs in host order). */
static void peer_of_esp(uint32_t out, uint32_t in, struct ipsecapi_km_peer *kp)
{
	struct ipsecapi_xfrm_sa sa_out = sa_of(IPPROTO_ESP, out), sa_in = sa_of(IPPROTO_ESP, in);

	ipsecapi_pluto.peer_of(&sa_out, 1, &sa_in, 1, kp, "test");
}

static void assert_known(const struct ipsecapi_km_peer *kp)
{
	if (kp->status != 1) {
		fail_msg("status %d: %s", kp->status, kp->why);
	}
}

static void assert_not_answered(const struct ipsecapi_km_peer *kp, const char *needle)
{
	assert_int_equal(kp->status, -1);
	if (strstr(kp->why, needle) == NULL) {
		fail_msg("\"%s\" does not say \"%s\"", kp->why, needle);
	}
	assert_string_equal(kp->identity, "");
	assert_string_equal(kp->account, "");
	assert_int_equal(kp->auth_method, 0);
}

/* A peer under NULL authentication is its IKE SA's lineage: the same
 * identity across the rekeys, another for the restarted peer's IKE SA. */
static void a_null_peer_keeps_its_identity_across_rekeys(void **state)
{
	struct scratch *s = *state;
	struct ipsecapi_km_peer kp;
	char whack[4096], first[sizeof(kp.identity)];

	peer_of_esp(0xdc9241be, 0x560a6b04, &kp);
	assert_known(&kp);
	assert_int_equal(kp.auth_method, IPSEC_API_ATTR_authMeth_BTNS);
	assert_non_null(strstr(kp.account, "unauthenticated (RFC 7619 NULL authentication): only "
					   "a channel binding can tell who the peer is"));
	assert_true(kp.identity[0] != '\0');
	assert_non_null(strstr(kp.daemon, s->dir));
	print_to(first, sizeof(first), "%s", kp.identity);

	use_whack(whack_of_capture(s, 2, whack, sizeof(whack)));
	peer_of_esp(0xb77ca0df, 0xae53b65e, &kp);
	assert_known(&kp);
	assert_string_equal(kp.identity, first);
	use_whack(whack_of_capture(s, 3, whack, sizeof(whack)));
	peer_of_esp(0xb77ca0df, 0xae53b65e, &kp);
	assert_known(&kp);
	assert_string_equal(kp.identity, first);
	use_whack(whack_of_capture(s, 4, whack, sizeof(whack)));
	peer_of_esp(0x8222753d, 0x8aabee2e, &kp);
	assert_known(&kp);
	assert_string_equal(kp.identity, first);
	use_whack(whack_of_capture(s, 5, whack, sizeof(whack)));
	peer_of_esp(0xab41589e, 0xa9a78f7f, &kp);
	assert_known(&kp);
	assert_int_equal(kp.auth_method, IPSEC_API_ATTR_authMeth_BTNS);
	assert_string_not_equal(kp.identity, first);
	peer_of_esp(0xb77ca0df, 0xae53b65e, &kp);
	assert_known(&kp);
	assert_string_equal(kp.identity, first);
}

/* pluto knows a bundle by its ESP (or AH) SPIs, not by IPComp's CPI. */
static void the_esp_sa_of_a_bundle_is_asked_for(void **state)
{
	struct ipsecapi_xfrm_sa out[2] = { sa_of(IPPROTO_COMP, 0x1234),
					   sa_of(IPPROTO_ESP, 0xdc9241be) };
	struct ipsecapi_xfrm_sa in[2] = { sa_of(IPPROTO_COMP, 0x5678),
					  sa_of(IPPROTO_ESP, 0x560a6b04) };
	struct ipsecapi_km_peer kp;

	(void)state;
	ipsecapi_pluto.peer_of(out, 2, in, 2, &kp, "test");
	assert_known(&kp);
	assert_int_equal(kp.auth_method, IPSEC_API_ATTR_authMeth_BTNS);
}

static void sas_pluto_does_not_list(void **state)
{
	struct ipsecapi_xfrm_sa ah = sa_of(IPPROTO_AH, 0x560a6b04),
				esp = sa_of(IPPROTO_ESP, 0xdc9241be),
				comp = sa_of(IPPROTO_COMP, 0x560a6b04);
	struct ipsecapi_km_peer kp;

	(void)state;
	peer_of_esp(0x560a6b04, 0xdc9241be, &kp); /* the other way round */
	assert_int_equal(kp.status, 0);
	assert_string_equal(kp.identity, "");
	peer_of_esp(0xdc9241be, 0x12345678, &kp);
	assert_int_equal(kp.status, 0);
	peer_of_esp(0xb77ca0df, 0xae53b65e, &kp); /* capture 2's, not 1's */
	assert_int_equal(kp.status, 0);
	ipsecapi_pluto.peer_of(&esp, 1, &ah, 1, &kp, "test");
	assert_int_equal(kp.status, 0);
	ipsecapi_pluto.peer_of(&esp, 1, &comp, 1, &kp, "test");
	assert_int_equal(kp.status, 0);
	assert_string_equal(kp.identity, "");
}

static void pluto_not_answering(void **state)
{
	struct scratch *s = *state;
	struct ipsecapi_km_peer kp;
	char whack[4096], pid_file[4096];

	use_whack(whack_script(s, "not-running",
			       "echo 'whack: Pluto is not running (no \"/run/pluto/pluto.ctl\")'\n"
			       "exit 1",
			       whack, sizeof(whack)));
	peer_of_esp(0xdc9241be, 0x560a6b04, &kp);
	assert_not_answered(&kp, "did not answer");

	use_whack(whack_printing(s, "garbage", "Pluto says hello\n", whack, sizeof(whack)));
	peer_of_esp(0xdc9241be, 0x560a6b04, &kp);
	assert_not_answered(&kp, "said what cannot be read");

	path_in(s, "no-such-whack", whack, sizeof(whack));
	use_whack(whack);
	peer_of_esp(0xdc9241be, 0x560a6b04, &kp);
	assert_not_answered(&kp, "cannot run");

	use_whack(whack_of_capture(s, 1, whack, sizeof(whack)));
	assert_int_equal(unlink(path_in(s, "pluto.pid", pid_file, sizeof(pid_file))), 0);
	peer_of_esp(0xdc9241be, 0x560a6b04, &kp);
	assert_not_answered(&kp, "pluto does not run");
}

/* A peer with a name is told by it, and keeps no lineage. */
static void a_named_peer(void **state)
{
	static const char status[] =
		"000 \"psk\":   our auth:secret, their auth:secret, our autheap:none, their "
		"autheap:none;\n"
		"000 \"psk\":   our idtype: ID_FQDN; our id=@a.btns.test; their idtype: ID_FQDN; "
		"their id=@b.btns.test\n"
		"000 #8: \"psk\":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA); idle;\n"
		"000 #9: \"psk\":500 STATE_V2_ESTABLISHED_CHILD_SA (established Child SA); IKE SA "
		"#8; idle;\n"
		"000 #9: \"psk\" esp.c0000009@192.0.2.2 esp.c0000019@192.0.2.1 Traffic: ESPin=0B "
		"ESPout=0B ESPmax=2^63B \n";
	struct scratch *s = *state;
	struct ipsecapi_km_peer kp;
	char whack[4096];

	use_whack(whack_printing(s, "psk", status, whack, sizeof(whack)));
	peer_of_esp(0xc0000009, 0xc0000019, &kp);
	assert_known(&kp);
	assert_int_equal(kp.auth_method, IPSEC_API_ATTR_authMeth_PRESHAREDKEY);
	assert_non_null(strstr(kp.identity, "@b.btns.test"));
	assert_non_null(strstr(kp.account, "@b.btns.test"));
	assert_null(strstr(kp.account, "unauthenticated"));
}

static void peers_that_cannot_be_told(void **state)
{
	static const char no_conn[] =
		"000 #1: \"btns\":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA); idle;\n"
		"000 #2: \"btns\":500 STATE_V2_ESTABLISHED_CHILD_SA (established Child SA); IKE SA "
		"#1; idle;\n"
		"000 #2: \"btns\" esp.dc9241be@192.0.2.2 esp.560a6b04@192.0.2.1 Traffic: ESPin=0B "
		"ESPout=0B ESPmax=2^63B \n";
	struct scratch *s = *state;
	struct ipsecapi_pluto_process self;
	struct ipsecapi_km_peer kp;
	char whack[4096], dir[4096], record[4200], text[256];

	/* how the connection authenticates is not listed */
	use_whack(whack_printing(s, "no-conn", no_conn, whack, sizeof(whack)));
	peer_of_esp(0xdc9241be, 0x560a6b04, &kp);
	assert_not_answered(&kp, "not how its connection");

	/* a record where Child SA #2 and its IKE SA #1 are of two lineages */
	use_whack(whack_of_capture(s, 1, whack, sizeof(whack)));
	process_numbered(s->dir, getpid(), &self);
	path_in(s, "lineages", dir, sizeof(dir));
	assert_int_equal(mkdir(dir, 0700), 0);
	print_to(record, sizeof(record), "%s/%lld-%llu", dir, (long long)self.pid, self.start);
	print_to(text, sizeof(text), "pluto %lld %llu\ni 1 5\nc 2 1\n", (long long)self.pid,
		 self.start);
	write_file(record, text, 0600);
	peer_of_esp(0xdc9241be, 0x560a6b04, &kp);
	assert_not_answered(&kp, "does not tell whether it is the same peer");

	/* lineages that are not kept */
	assert_int_equal(chmod(dir, 0770), 0);
	peer_of_esp(0xdc9241be, 0x560a6b04, &kp);
	assert_not_answered(&kp, "not a directory of this user's alone");
}

static void key_manager_of_the_host(void **state)
{
	struct scratch *s = *state;
	struct ipsecapi_xfrm_sa out = sa_of(IPPROTO_ESP, 0xdc9241be),
				in = sa_of(IPPROTO_ESP, 0x560a6b04);
	const struct ipsecapi_km *km;
	struct ipsecapi_km_peer kp;
	char ctl[4096];

	assert_string_equal(ipsecapi_pluto.name, "pluto");
	assert_int_equal(setenv("IPSECAPI_KEY_MANAGER", "pluto", 1), 0);
	assert_ptr_equal(ipsecapi_km_of_host(), &ipsecapi_pluto);
	assert_int_equal(setenv("IPSECAPI_KEY_MANAGER", "charon", 1), 0);
	assert_ptr_equal(ipsecapi_km_of_host(), &ipsecapi_charon);
	/* a name not known asks no daemon at all */
	assert_int_equal(setenv("IPSECAPI_KEY_MANAGER", "bogus", 1), 0);
	km = ipsecapi_km_of_host();
	assert_ptr_not_equal(km, &ipsecapi_pluto);
	assert_ptr_not_equal(km, &ipsecapi_charon);
	km->peer_of(&out, 1, &in, 1, &kp, "test");
	assert_int_equal(kp.status, -1);
	assert_non_null(strstr(kp.why, "IPSECAPI_KEY_MANAGER"));
	assert_string_equal(kp.identity, "");

	/* unnamed: the one whose socket is there */
	assert_int_equal(unsetenv("IPSECAPI_KEY_MANAGER"), 0);
	assert_int_equal(setenv("IPSECAPI_VICI_SOCKET", "/nonexistent/charon.vici", 1), 0);
	write_file(path_in(s, "pluto.ctl", ctl, sizeof(ctl)), "", 0600);
	assert_ptr_equal(ipsecapi_km_of_host(), &ipsecapi_pluto);
	assert_int_equal(unlink(ctl), 0);
	assert_ptr_equal(ipsecapi_km_of_host(), &ipsecapi_charon);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_capture_lists_its_sas),
		cmocka_unit_test(instances_are_named_without_their_address),
		cmocka_unit_test(malformed_status),
		cmocka_unit_test(empty_status_lists_nothing),
		cmocka_unit_test(half_listed_children_are_dropped),
		cmocka_unit_test(auth_methods),
		cmocka_unit_test(lineages_follow_the_captures),
		cmocka_unit_test(a_gap_starts_a_new_lineage),
		cmocka_unit_test(a_conflict_tells_no_lineage),
		cmocka_unit_test(lineage_records_round_trip),
		cmocka_unit_test(malformed_lineage_records),
		cmocka_unit_test_setup_teardown(process_of_a_run_directory, make_scratch,
						remove_scratch),
		cmocka_unit_test_setup_teardown(lineage_update_keeps_the_record, make_scratch,
						remove_scratch),
		cmocka_unit_test_setup_teardown(an_unreadable_record_starts_over, make_scratch,
						remove_scratch),
		cmocka_unit_test_setup_teardown(shared_lineage_directories_are_refused,
						make_scratch, remove_scratch),
		cmocka_unit_test_setup_teardown(a_lineage_directory_is_made, make_scratch,
						remove_scratch),
		cmocka_unit_test_setup_teardown(records_of_gone_plutos_are_removed, make_scratch,
						remove_scratch),
		cmocka_unit_test_setup_teardown(whack_prints_the_status, make_scratch,
						remove_scratch),
		cmocka_unit_test_setup_teardown(whack_failures, make_scratch, remove_scratch),
		cmocka_unit_test_setup_teardown(whack_gets_nothing_of_ours, make_scratch,
						remove_scratch),
		cmocka_unit_test_setup_teardown(whack_has_a_deadline, make_scratch, remove_scratch),
		cmocka_unit_test_setup_teardown(whack_says_too_much, make_scratch, remove_scratch),
		cmocka_unit_test_setup_teardown(a_null_peer_keeps_its_identity_across_rekeys,
						make_pluto_host, remove_pluto_host),
		cmocka_unit_test_setup_teardown(the_esp_sa_of_a_bundle_is_asked_for,
						make_pluto_host, remove_pluto_host),
		cmocka_unit_test_setup_teardown(sas_pluto_does_not_list, make_pluto_host,
						remove_pluto_host),
		cmocka_unit_test_setup_teardown(pluto_not_answering, make_pluto_host,
						remove_pluto_host),
		cmocka_unit_test_setup_teardown(a_named_peer, make_pluto_host, remove_pluto_host),
		cmocka_unit_test_setup_teardown(peers_that_cannot_be_told, make_pluto_host,
						remove_pluto_host),
		cmocka_unit_test_setup_teardown(key_manager_of_the_host, make_pluto_host,
						remove_pluto_host),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
