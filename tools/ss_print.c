/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ss_escape.h"
#include "ss_print.h"

/* "-" stands for a value the socket does not have, so that every row has
 * one word per column. */
#define NONE "-"

static const char *const header[] = { "Netid",	   "Local-Address:Port", "Peer-Address:Port",
				      "Uid",	   "Inode",		 "Privacy",
				      "Integrity", "Mode",		 "Latch",
				      "Auth",	   "Binding",		 "Process",
				      "Details" };

size_t ss_text_columns(bool processes)
{
	return sizeof(header) / sizeof(header[0]) - (processes ? 0 : 1);
}

int ss_text_header(struct ss_table *t, bool processes)
{
	size_t i;

	for (i = 0; i < sizeof(header) / sizeof(header[0]); i++) {
		bool shown = processes || strcmp(header[i], "Process") != 0;

		if (shown && ss_table_add(t, header[i]) != 0) {
			return -1;
		}
	}
	return 0;
}

static char *endpoint(uint16_t family, const char *address, uint16_t port)
{
	char *s = NULL;

	if (asprintf(&s, family == AF_INET6 ? "[%s]:%u" : "%s:%u", address, (unsigned)port) < 0) {
		return NULL;
	}
	return s;
}

static char *number(unsigned long v)
{
	char *s = NULL;

	return asprintf(&s, "%lu", v) < 0 ? NULL : s;
}

/* Appends " name=value" (value quoted when quote) to *details. */
static int append(char **details, const char *name, const char *value, bool quote)
{
	char *quoted = quote ? ss_quoted(value) : NULL, *longer = NULL;
	int rc;

	if (quote && quoted == NULL) {
		return -1;
	}
	rc = asprintf(&longer, "%s%s%s=%s", *details != NULL ? *details : "",
		      *details != NULL ? " " : "", name, quote ? quoted : value);
	free(quoted);
	if (rc < 0) {
		return -1;
	}
	free(*details);
	*details = longer;
	return 0;
}

/* users:(("name",pid=N,fd=M),...), as ss -p prints it, the name quoted
 * as any text is. */
static char *users(const struct ss_holders *holders)
{
	char *s = strdup("users:("), *longer, *name;
	size_t i;
	int rc;

	for (i = 0; s != NULL && i < holders->n; i++) {
		name = ss_quoted(holders->v[i].name);
		rc = name == NULL ? -1 :
				    asprintf(&longer, "%s%s(%s,pid=%d,fd=%d)", s, i > 0 ? "," : "",
					     name, holders->v[i].pid, holders->v[i].fd);
		free(name);
		free(s);
		s = rc < 0 ? NULL : longer;
	}
	if (s != NULL && asprintf(&longer, "%s)", s) >= 0) {
		free(s);
		return longer;
	}
	free(s);
	return NULL;
}

static char *details(const struct ss_report *r)
{
	char *s = NULL;

	if (r->error != NULL) {
		return append(&s, "error", r->error, true) == 0 ? s : NULL;
	}
	if ((r->unauthenticated && append(&s, "unauthenticated", "yes", false) != 0) ||
	    (r->identity != NULL && append(&s, "identity", r->identity, true) != 0) ||
	    (r->information != NULL && append(&s, "information", r->information, true) != 0)) {
		free(s);
		return NULL;
	}
	return s != NULL ? s : strdup(NONE);
}

static const char *or_none(const char *value)
{
	return value != NULL ? value : NONE;
}

int ss_text_row(struct ss_table *t, const struct ss_report *r, const struct ss_holders *holders)
{
	const char *cells[] = { or_none(r->privacy), or_none(r->integrity), or_none(r->mode),
				or_none(r->latch),   or_none(r->authentication),
				or_none(r->binding) };
	size_t i;

	if (ss_table_add(t, r->proto) != 0 ||
	    ss_table_add_owned(t, endpoint(r->family, r->local, r->local_port)) != 0 ||
	    ss_table_add_owned(t, endpoint(r->family, r->peer, r->peer_port)) != 0 ||
	    ss_table_add_owned(t, number(r->uid)) != 0 ||
	    ss_table_add_owned(t, number(r->inode)) != 0) {
		return -1;
	}
	for (i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
		if (ss_table_add(t, cells[i]) != 0) {
			return -1;
		}
	}
	if (holders->shown &&
	    ss_table_add_owned(t, holders->n > 0 ? users(holders) : strdup(NONE)) != 0) {
		return -1;
	}
	return ss_table_add_owned(t, details(r));
}

static void json_endpoint(struct ss_json *j, const char *key, const char *address,
			  uint16_t port)
{
	ss_json_open(j, key, '{');
	ss_json_string(j, "address", address);
	ss_json_number(j, "port", port);
	ss_json_close(j);
}

static void json_optional(struct ss_json *j, const char *key, const char *value)
{
	if (value != NULL) {
		ss_json_string(j, key, value);
	}
}

static void json_protection(struct ss_json *j, const struct ss_report *r)
{
	ss_json_bool(j, "protected", r->is_protected);
	json_optional(j, "privacy", r->privacy);
	json_optional(j, "integrity", r->integrity);
	json_optional(j, "mode", r->mode);
	json_optional(j, "latch", r->latch);
	if (r->has_peer) {
		json_optional(j, "authentication", r->authentication);
		/* Only where the method is known: false claims a method. */
		if (r->authentication != NULL) {
			ss_json_bool(j, "unauthenticated", r->unauthenticated);
		}
		json_optional(j, "binding", r->binding);
		json_optional(j, "identity", r->identity);
	}
	json_optional(j, "information", r->information);
}

void ss_json_report(struct ss_json *j, const struct ss_report *r,
		    const struct ss_holders *holders)
{
	size_t i;

	ss_json_open(j, NULL, '{');
	ss_json_string(j, "proto", r->proto);
	json_endpoint(j, "local", r->local, r->local_port);
	json_endpoint(j, "peer", r->peer, r->peer_port);
	ss_json_number(j, "uid", r->uid);
	ss_json_number(j, "inode", r->inode);
	if (holders->shown) {
		ss_json_open(j, "processes", '[');
		for (i = 0; i < holders->n; i++) {
			ss_json_open(j, NULL, '{');
			ss_json_string(j, "name", holders->v[i].name);
			ss_json_number(j, "pid", (uint64_t)holders->v[i].pid);
			ss_json_number(j, "fd", (uint64_t)holders->v[i].fd);
			ss_json_close(j);
		}
		ss_json_close(j);
	}
	if (r->error != NULL) {
		ss_json_string(j, "error", r->error);
	} else {
		json_protection(j, r);
	}
	ss_json_close(j);
}
