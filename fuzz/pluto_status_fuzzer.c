/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: what pluto_status.c reads from whack's output (pluto's,
 * or whatever answers at the whack path) and what pluto_lineage.c reads
 * back from a lineage record.  The first octet chooses which (even:
 * whack's status, odd: a record).  Beyond "no crash": each Child SA read
 * is found again by its SPIs; the lineages taken in from a status hold
 * only what it lists, each Child SA of it among them (from nothing known,
 * each in its IKE SA's lineage); and what a record parse accepts, the
 * format writes and parses again to the same table.
 */
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pluto_lineage.h"
#include "pluto_status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Format, then parse: the same table. */
static void check_round_trip(const struct ipsecapi_pluto_lineages *t)
{
	struct ipsecapi_pluto_lineages again;
	size_t len, i;
	char *text = ipsecapi_pluto_lineages_format(t, &len);

	if (text == NULL || ipsecapi_pluto_lineages_parse(text, len, &again) != 0 ||
	    again.process.pid != t->process.pid || again.process.start != t->process.start ||
	    again.n != t->n) {
		abort();
	}
	for (i = 0; i < t->n; i++) {
		if (again.entries[i].kind != t->entries[i].kind ||
		    again.entries[i].serial != t->entries[i].serial ||
		    again.entries[i].lineage != t->entries[i].lineage) {
			abort();
		}
	}
	free(text);
	ipsecapi_pluto_lineages_free(&again);
}

/* t after observing st (from_nothing: on an empty table). */
static void check_observed(const struct ipsecapi_pluto_lineages *t,
			   const struct ipsecapi_pluto_status *st, bool from_nothing)
{
	const struct ipsecapi_pluto_lineage_entry *child, *ike;
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (!ipsecapi_pluto_status_lists(st, t->entries[i].kind == 'i', t->entries[i].serial)) {
			abort();
		}
	}
	for (i = 0; i < st->nchildren; i++) {
		child = ipsecapi_pluto_lineage_entry(t, 'c', st->children[i].serial);
		ike = ipsecapi_pluto_lineage_entry(t, 'i', st->children[i].ike_serial);
		if (child == NULL || ike == NULL ||
		    ipsecapi_pluto_lineage_of(t, child->serial) != child->lineage) {
			abort();
		}
		if (from_nothing && (child->lineage == 0 || child->lineage != ike->lineage)) {
			abort();
		}
	}
	check_round_trip(t);
}

static void read_status(const char *text, size_t len)
{
	/* What capture 5's lineages were, and a Child SA (#2) that is gone. */
	static const char record[] =
		"pluto 4242 1000\ni 1 1\nc 2 1\ni 4 1\nc 3 1\nc 5 1\ni 6 6\nc 7 6\n";
	struct ipsecapi_pluto_lineages empty, known;
	struct ipsecapi_pluto_status st;
	char why[256];
	size_t i;

	if (ipsecapi_pluto_status_parse(text, len, &st, why, sizeof(why)) != 0) {
		return;
	}
	for (i = 0; i < st.nchildren; i++) {
		const struct ipsecapi_pluto_child *c = &st.children[i];
		const struct ipsecapi_pluto_child *found =
			ipsecapi_pluto_child_of(&st, c->proto, c->spi_out, c->spi_in);

		if (c->serial == 0 || c->ike_serial == 0 ||
		    (c->proto != IPPROTO_ESP && c->proto != IPPROTO_AH) || found == NULL ||
		    found->spi_out != c->spi_out || found->spi_in != c->spi_in) {
			abort();
		}
		(void)ipsecapi_pluto_conn_of(&st, c->conn);
	}
	for (i = 0; i < st.nconns; i++) {
		if (ipsecapi_pluto_conn_of(&st, st.conns[i].name) != &st.conns[i]) {
			abort();
		}
	}
	memset(&empty, 0, sizeof(empty));
	empty.process.pid = 4242;
	empty.process.start = 1000;
	if (ipsecapi_pluto_lineages_parse(record, sizeof(record) - 1, &known) != 0 ||
	    ipsecapi_pluto_lineages_observe(&empty, &st) != 0 ||
	    ipsecapi_pluto_lineages_observe(&known, &st) != 0) {
		abort();
	}
	check_observed(&empty, &st, true);
	check_observed(&known, &st, false);
	ipsecapi_pluto_lineages_free(&empty);
	ipsecapi_pluto_lineages_free(&known);
	ipsecapi_pluto_status_free(&st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipsecapi_pluto_lineages t;

	if (size == 0) {
		return 0;
	}
	if ((data[0] & 1) == 0) {
		read_status((const char *)data + 1, size - 1);
	} else if (ipsecapi_pluto_lineages_parse((const char *)data + 1, size - 1, &t) == 0) {
		check_round_trip(&t);
		ipsecapi_pluto_lineages_free(&t);
	}
	return 0;
}
