/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * strongSwan's VICI wire format (src/libcharon/plugins/vici/README.md in
 * strongSwan), written here from its documentation: the packets on the
 * charon.vici socket and the messages they carry.
 *
 * A packet: length (4 octets, network order; at most
 * IPSECAPI_VICI_MAX_PACKET), then type (1 octet) and, for the named types
 * (CMD_REQUEST, EVENT_REGISTER, EVENT_UNREGISTER, EVENT), a name (1 octet
 * of length, then the name); CMD_REQUEST, CMD_RESPONSE and EVENT then
 * carry a message.  A message is a run of elements:
 *   SECTION_START name, SECTION_END,
 *   KEY_VALUE name, value (2 octets of length, network order, then it),
 *   LIST_START name, LIST_ITEM value, LIST_END.
 * Every value is a string of octets; a section's elements are its keys,
 * lists and sections.
 *
 * The parser is strict: elements nest properly, a list holds only items,
 * depth and size are bounded, names have no NUL.  Values keep their
 * octets; the library's getters refuse values with a NUL in them.
 */
#ifndef IPSECAPI_VICI_MSG_H
#define IPSECAPI_VICI_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IPSECAPI_VICI_MAX_PACKET (512u * 1024u)
#define IPSECAPI_VICI_MAX_DEPTH 16

enum ipsecapi_vici_type {
	IPSECAPI_VICI_CMD_REQUEST = 0,
	IPSECAPI_VICI_CMD_RESPONSE = 1,
	IPSECAPI_VICI_CMD_UNKNOWN = 2,
	IPSECAPI_VICI_EVENT_REGISTER = 3,
	IPSECAPI_VICI_EVENT_UNREGISTER = 4,
	IPSECAPI_VICI_EVENT_CONFIRM = 5,
	IPSECAPI_VICI_EVENT_UNKNOWN = 6,
	IPSECAPI_VICI_EVENT = 7,
};

enum ipsecapi_vici_element {
	IPSECAPI_VICI_SECTION_START = 1,
	IPSECAPI_VICI_SECTION_END = 2,
	IPSECAPI_VICI_KEY_VALUE = 3,
	IPSECAPI_VICI_LIST_START = 4,
	IPSECAPI_VICI_LIST_ITEM = 5,
	IPSECAPI_VICI_LIST_END = 6,
};

/* One entry of a section: a key with its value, a list with its items, or
 * a section with its entries. */
struct ipsecapi_vici_entry {
	char *name;
	uint8_t kind; /* IPSECAPI_VICI_KEY_VALUE, _LIST_START or _SECTION_START */
	struct ipsecapi_vici_value {
		uint8_t *data; /* NUL-terminated after len octets */
		size_t len;
	} value;                         /* KEY_VALUE */
	struct ipsecapi_vici_value *items; /* LIST_START */
	size_t nitems;
	struct ipsecapi_vici_section *section; /* SECTION_START */
};

struct ipsecapi_vici_section {
	struct ipsecapi_vici_entry *entries;
	size_t n;
};

/* One packet's payload (without its length). */
struct ipsecapi_vici_packet {
	uint8_t type;                          /* enum ipsecapi_vici_type */
	char name[256];                        /* the named types; "" else */
	struct ipsecapi_vici_section *message; /* CMD_REQUEST, CMD_RESPONSE, EVENT */
};

/* Reads a packet's payload of len octets.  0 and *p (which
 * ipsecapi_vici_packet_clear() releases), or -1 with errno (EBADMSG,
 * ENOMEM) and the reason recorded for fn. */
int ipsecapi_vici_parse(const uint8_t *buf, size_t len, struct ipsecapi_vici_packet *p,
			const char *fn);
void ipsecapi_vici_packet_clear(struct ipsecapi_vici_packet *p);

/* The entry of s named name of kind kind, or NULL. */
const struct ipsecapi_vici_entry *ipsecapi_vici_find(const struct ipsecapi_vici_section *s,
						     const char *name, uint8_t kind);
/* The value of key name in s, as a string, or NULL if there is none or it
 * has a NUL in it. */
const char *ipsecapi_vici_get(const struct ipsecapi_vici_section *s, const char *name);
/* The section name in s, or NULL. */
const struct ipsecapi_vici_section *ipsecapi_vici_sub(const struct ipsecapi_vici_section *s,
						      const char *name);

/*
 * Writing a packet: a buffer that grows, into which the elements go in
 * order.  Each call returns 0, or -1 with the reason recorded for fn
 * (E2BIG past IPSECAPI_VICI_MAX_PACKET, EINVAL for a name too long or
 * elements out of order, ENOMEM); after a failure the writer only fails.
 */
struct ipsecapi_vici_writer {
	uint8_t *buf; /* the whole packet, length included */
	size_t len, cap;
	int depth;
	bool in_list, failed;
	const char *fn;
};

int ipsecapi_vici_begin(struct ipsecapi_vici_writer *w, uint8_t type, const char *name,
			const char *fn);
int ipsecapi_vici_section_start(struct ipsecapi_vici_writer *w, const char *name);
int ipsecapi_vici_section_end(struct ipsecapi_vici_writer *w);
int ipsecapi_vici_key_value(struct ipsecapi_vici_writer *w, const char *name, const void *value,
			    size_t len);
int ipsecapi_vici_list_start(struct ipsecapi_vici_writer *w, const char *name);
int ipsecapi_vici_list_item(struct ipsecapi_vici_writer *w, const void *value, size_t len);
int ipsecapi_vici_list_end(struct ipsecapi_vici_writer *w);
/* The entries of section s, in order (a parsed message written again
 * comes out as it came in: the format has one encoding). */
int ipsecapi_vici_write_entries(struct ipsecapi_vici_writer *w,
				const struct ipsecapi_vici_section *s);
/* The packet, its length field set: 0, or -1 for unclosed sections or
 * lists, or an earlier failure. */
int ipsecapi_vici_finish(struct ipsecapi_vici_writer *w);
void ipsecapi_vici_writer_clear(struct ipsecapi_vici_writer *w);

#endif
