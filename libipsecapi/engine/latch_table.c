/* SPDX-License-Identifier: BSD-2-Clause */
/* The connections a latch watch follows (latch_table.h). */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ipsecapi.h"
#include "core.h"
#include "kernel.h"
#include "latch_table.h"
#include "socket_query.h"

void ipsecapi_latch_table_clear(struct ipsecapi_latch_table *t)
{
	free(t->e);
	memset(t, 0, sizeof(*t));
}

/* The facts of socket fd now (latching a protected connection), or of
 * the flow (latching nothing, read from view) when fd is -1. */
static int facts_now(int fd, const struct ipsecapi_flow *flow, struct ipsecapi_kernel_view *view,
		     struct ipsecapi_latch_facts *facts, const char *fn)
{
	return fd >= 0 ? ipsecapi_socket_latch_facts(fd, IPSECAPI_LATCH_IF_DUE, facts, fn)
		       : ipsecapi_flow_latch_facts(view, flow, facts, fn);
}

/* e's new facts: its state (news if it changed) and what its guard would
 * repeat. */
static void take_facts(struct ipsecapi_latch_entry *e, const struct ipsecapi_latch_facts *f)
{
	ipsecapi_latch_entry_set(e, f->state);
	e->guarded = f->own && ipsecapi_guard_of(&f->out, &f->in, &e->guard);
}

int ipsecapi_latch_entry_of(int fd, struct ipsecapi_latch_entry *e, const char *fn)
{
	struct ipsecapi_latch_facts f;

	memset(e, 0, sizeof(*e));
	e->fd = fd;
	if (ipsecapi_flow_from_fd(fd, &e->flow, fn) != 0 || facts_now(fd, NULL, NULL, &f, fn) != 0) {
		return -1;
	}
	take_facts(e, &f);
	e->news = true;
	return 0;
}

int ipsecapi_latch_table_add(struct ipsecapi_latch_table *t, const struct ipsecapi_latch_entry *e,
			     const char *fn)
{
	struct ipsecapi_latch_entry *room = ipsecapi_array_room(t->e, t->n, &t->cap, sizeof(*e));

	if (room == NULL) {
		return ipsecapi_fail(ENOMEM, fn, "no memory to watch one more socket");
	}
	t->e = room;
	t->e[t->n++] = *e;
	return 0;
}

struct ipsecapi_latch_entry *ipsecapi_latch_table_by_fd(struct ipsecapi_latch_table *t, int fd)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->e[i].fd == fd) {
			return &t->e[i];
		}
	}
	return NULL;
}

struct ipsecapi_latch_entry *ipsecapi_latch_table_by_tag(struct ipsecapi_latch_table *t,
							 uint32_t tag)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->e[i].tag == tag) {
			return &t->e[i];
		}
	}
	return NULL;
}

void ipsecapi_latch_table_remove(struct ipsecapi_latch_table *t, struct ipsecapi_latch_entry *e)
{
	*e = t->e[--t->n];
}

void ipsecapi_latch_entry_set(struct ipsecapi_latch_entry *e, uint16_t state)
{
	e->dirty = false;
	if (state != e->state) {
		e->state = state;
		e->news = true;
	}
}

void ipsecapi_latch_table_all_dirty(struct ipsecapi_latch_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		t->e[i].dirty = t->e[i].state != IPSEC_API_LATCH_CLOSED;
	}
}

void ipsecapi_latch_table_dirty(struct ipsecapi_latch_table *t, uint64_t cookie)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->e[i].flow.cookie == cookie && t->e[i].state != IPSEC_API_LATCH_CLOSED) {
			t->e[i].dirty = true;
		}
	}
}

bool ipsecapi_latch_entry_needs_guard(const struct ipsecapi_latch_entry *e)
{
	return e->guarded && e->flow.proto == IPPROTO_TCP && e->state != IPSEC_API_LATCH_CLOSED;
}

int ipsecapi_latch_table_guard(const struct ipsecapi_latch_table *t, uint64_t cookie,
			       const char *fn)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < t->n; i++) {
		const struct ipsecapi_latch_entry *e = &t->e[i];

		if (e->flow.cookie == cookie && ipsecapi_latch_entry_needs_guard(e) &&
		    ipsecapi_after_close_guard(&e->flow, &e->guard, fn) != 0) {
			rc = -1;
		}
	}
	return rc;
}

void ipsecapi_latch_table_destroyed(struct ipsecapi_latch_table *t, uint64_t cookie)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->e[i].flow.cookie == cookie) {
			ipsecapi_latch_entry_set(&t->e[i], IPSEC_API_LATCH_CLOSED);
		}
	}
}

static bool is_latched(uint16_t state)
{
	return state == IPSEC_API_LATCH_ESTABLISHED || state == IPSEC_API_LATCH_BROKEN;
}

bool ipsecapi_latch_entry_fd_holds(const struct ipsecapi_latch_entry *e)
{
	uint64_t cookie = 0;
	socklen_t len = sizeof(cookie);

	return getsockopt(e->fd, SOL_SOCKET, SO_COOKIE, &cookie, &len) == 0 &&
	       cookie == e->flow.cookie;
}

static int refresh_by_fd(struct ipsecapi_latch_entry *e, const char *fn)
{
	struct ipsecapi_latch_facts f;

	if (!ipsecapi_latch_entry_fd_holds(e)) {
		ipsecapi_latch_entry_set(e, IPSEC_API_LATCH_CLOSED);
		return 0;
	}
	if (facts_now(e->fd, NULL, NULL, &f, fn) != 0) {
		if (errno != ENOTCONN) {
			return -1;
		}
		ipsecapi_latch_entry_set(e, IPSEC_API_LATCH_CLOSED);
		return 0;
	}
	take_facts(e, &f);
	return 0;
}

static int refresh_by_flow(struct ipsecapi_latch_entry *e, struct ipsecapi_kernel_view *view,
			   const char *fn)
{
	struct ipsecapi_latch_facts f;

	if (facts_now(-1, &e->flow, view, &f, fn) != 0) {
		return -1;
	}
	/* A latch is kept with its socket's policies, which go with it. */
	if (is_latched(e->state) && !is_latched(f.state)) {
		ipsecapi_latch_entry_set(e, IPSEC_API_LATCH_CLOSED);
		return 0;
	}
	take_facts(e, &f);
	return 0;
}

int ipsecapi_latch_table_refresh(struct ipsecapi_latch_table *t, bool by_flow,
				 struct ipsecapi_kernel_view *view, const char *fn)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		struct ipsecapi_latch_entry *e = &t->e[i];

		if (e->dirty && (by_flow ? refresh_by_flow(e, view, fn) : refresh_by_fd(e, fn)) != 0) {
			return -1;
		}
	}
	return 0;
}

struct ipsecapi_latch_entry *ipsecapi_latch_table_news(struct ipsecapi_latch_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->e[i].news) {
			return &t->e[i];
		}
	}
	return NULL;
}

void ipsecapi_latch_table_reported(struct ipsecapi_latch_table *t, struct ipsecapi_latch_entry *e)
{
	e->news = false;
	if (e->state == IPSEC_API_LATCH_CLOSED) {
		ipsecapi_latch_table_remove(t, e);
	}
}
