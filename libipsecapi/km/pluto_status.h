/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What libreswan's pluto says of itself in `whack --status` (the text of
 * libreswan 4.x; there is no machine-readable interface), as far as a key
 * manager needs it:
 *
 *   000 "btns":   our auth:null, their auth:null, our autheap:none, ...
 *   000 "btns":   our idtype: ID_NULL; our id=ID_NULL; their idtype: ID_NULL; their id=ID_NULL
 *   000 #1: "btns":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA); ...
 *   000 #2: "btns":500 STATE_V2_ESTABLISHED_CHILD_SA (...); ... IKE SA #1; idle;
 *   000 #2: "btns" esp.2d9969f8@192.0.2.2 esp.9bded3fc@192.0.2.1 Traffic: ...
 *
 * A connection is named as whack names it, "name" and an instance's
 * [serial]; the rest of whack's name for an instance (its addresses) is
 * left out.  Lines that say nothing of these are skipped.
 */
#ifndef IPSECAPI_PLUTO_STATUS_H
#define IPSECAPI_PLUTO_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IPSECAPI_PLUTO_NAME_LEN 256

/* An established Child SA (IPsec SA). */
struct ipsecapi_pluto_child {
	unsigned long serial;     /* #N */
	unsigned long ike_serial; /* the IKE SA it is under now */
	char conn[IPSECAPI_PLUTO_NAME_LEN];
	uint8_t proto;            /* IPPROTO_ESP or IPPROTO_AH: the SPIs' */
	uint32_t spi_out, spi_in; /* host order */
	char peer[64], me[64];    /* the SAs' destinations, as whack writes them */
};

struct ipsecapi_pluto_conn {
	char name[IPSECAPI_PLUTO_NAME_LEN];
	char their_auth[64]; /* "null", "secret", "rsasig", "RSASIG+NULL", ... */
	char their_id[256];  /* "ID_NULL", "@b.btns.test", ... */
};

struct ipsecapi_pluto_status {
	struct ipsecapi_pluto_child *children;
	size_t nchildren;
	unsigned long *ikes; /* the established IKE SAs */
	size_t nikes;
	struct ipsecapi_pluto_conn *conns;
	size_t nconns;
};

/* Reads whack's text (len bytes, not NUL-terminated).  0, or -1 with
 * errno ENOMEM, or EBADMSG when the text is not whack's status (then
 * *why says which line).  *st is empty on failure; free it with
 * ipsecapi_pluto_status_free() on success. */
int ipsecapi_pluto_status_parse(const char *text, size_t len, struct ipsecapi_pluto_status *st,
				char *why, size_t why_size);
void ipsecapi_pluto_status_free(struct ipsecapi_pluto_status *st);

/* The child whose SPIs (host order) are these, or NULL. */
const struct ipsecapi_pluto_child *ipsecapi_pluto_child_of(const struct ipsecapi_pluto_status *st,
							   uint8_t proto, uint32_t spi_out,
							   uint32_t spi_in);
/* Whether st lists IKE SA serial (an established one, or one a Child SA
 * is under) or, when !ike, Child SA serial. */
bool ipsecapi_pluto_status_lists(const struct ipsecapi_pluto_status *st, bool ike,
				 unsigned long serial);
const struct ipsecapi_pluto_conn *ipsecapi_pluto_conn_of(const struct ipsecapi_pluto_status *st,
							 const char *name);

#endif
