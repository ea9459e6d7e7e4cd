/* SPDX-License-Identifier: BSD-2-Clause */
/* The census of the sockets' marked policies (policy_census.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "policy_census.h"

void ipsecapi_census_start(struct ipsecapi_census *c, uint64_t own, const uint64_t *wanted,
			   size_t nwanted)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	c->kept_cookie[c->nkept++] = own;
	for (i = 0; i < nwanted && c->nkept < IPSECAPI_CENSUS_KEPT; i++) {
		c->kept_cookie[c->nkept++] = wanted[i];
	}
}

/* FNV-1a over what a policy demands of the kernel. */
static uint64_t digest(uint64_t h, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t i;

	for (i = 0; i < len; i++) {
		h = (h ^ p[i]) * 0x100000001b3ull;
	}
	return h;
}

static uint64_t demands_of(const struct ipsecapi_xfrm_policy *pol)
{
	uint64_t h = digest(0xcbf29ce484222325ull, &pol->info.action, sizeof(pol->info.action));
	uint32_t i;

	h = digest(h, &pol->ntmpl, sizeof(pol->ntmpl));
	for (i = 0; i < pol->ntmpl; i++) {
		const struct xfrm_user_tmpl *t = &pol->tmpl[i];

		h = digest(h, &t->id, sizeof(t->id));
		h = digest(h, &t->saddr, sizeof(t->saddr));
		h = digest(h, &t->family, sizeof(t->family));
		h = digest(h, &t->reqid, sizeof(t->reqid));
		h = digest(h, &t->mode, sizeof(t->mode));
		h = digest(h, &t->optional, sizeof(t->optional));
	}
	return h;
}

static void keep_policy(struct ipsecapi_census *c, uint64_t cookie, uint8_t dir,
			const struct ipsecapi_xfrm_policy *pol)
{
	size_t i;

	for (i = 0; i < c->nkept; i++) {
		/* The dump lists the newest first. */
		if (c->kept_cookie[i] == cookie && !c->kept_found[i][dir]) {
			c->kept_found[i][dir] = true;
			c->kept[i][dir] = *pol;
			c->kept[i][dir].info.dir = dir;
		}
	}
}

void ipsecapi_census_offer(struct ipsecapi_census *c, const struct ipsecapi_xfrm_policy *pol)
{
	struct ipsecapi_census_group *g;
	struct ipsecapi_owner owner;
	uint8_t dir;

	if (pol->info.dir < XFRM_POLICY_MAX) {
		return;
	}
	c->any_socket_policy = true;
	if (c->failed || !ipsecapi_socket_policy_owner(pol, &owner)) {
		return;
	}
	dir = (uint8_t)(pol->info.dir - XFRM_POLICY_MAX);
	keep_policy(c, owner.cookie, dir, pol);
	g = ipsecapi_array_room(c->groups, c->ngroups, &c->cap, sizeof(*g));
	if (g == NULL) {
		c->failed = true;
		return;
	}
	c->groups = g;
	/* One entry per policy for now; finish() folds each owner's. */
	g = &c->groups[c->ngroups++];
	memset(g, 0, sizeof(*g));
	g->owner = owner;
	g->copies[dir] = 1;
	g->demands[dir] = demands_of(pol);
}

static int by_cookie(const void *a, const void *b)
{
	uint64_t x = ((const struct ipsecapi_census_group *)a)->owner.cookie;
	uint64_t y = ((const struct ipsecapi_census_group *)b)->owner.cookie;

	return x < y ? -1 : x > y;
}

/* Folds entry e into group g of the same owner. */
static void fold(struct ipsecapi_census_group *g, const struct ipsecapi_census_group *e)
{
	uint8_t dir;

	for (dir = 0; dir < 2; dir++) {
		if (e->copies[dir] == 0) {
			continue;
		}
		if (g->copies[dir] != 0 && g->demands[dir] != e->demands[dir]) {
			g->differs[dir] = true;
		}
		if (g->copies[dir] == 0) {
			g->demands[dir] = e->demands[dir];
		}
		g->copies[dir] += e->copies[dir];
	}
	if (g->owner.port == 0) {
		g->owner.port = e->owner.port;
	}
}

int ipsecapi_census_finish(struct ipsecapi_census *c, const char *fn)
{
	size_t i, n = 0;

	if (c->failed) {
		return ipsecapi_fail(ENOMEM, fn, "no memory for the sockets' IPsec policies");
	}
	/* qsort() and bsearch() take no NULL array, even an empty one. */
	if (c->ngroups > 1) {
		if (c->ngroups == 0) {
		return 0;
	}
	qsort(c->groups, c->ngroups, sizeof(*c->groups), by_cookie);
	}
	for (i = 0; i < c->ngroups; i++) {
		if (n > 0 && c->groups[n - 1].owner.cookie == c->groups[i].owner.cookie) {
			fold(&c->groups[n - 1], &c->groups[i]);
		} else {
			c->groups[n++] = c->groups[i];
		}
	}
	c->ngroups = n;
	return 0;
}

const struct ipsecapi_xfrm_policy *ipsecapi_census_kept(const struct ipsecapi_census *c,
							uint64_t cookie, uint8_t dir)
{
	size_t i;

	for (i = 0; i < c->nkept; i++) {
		if (c->kept_cookie[i] == cookie && c->kept_found[i][dir]) {
			return &c->kept[i][dir];
		}
	}
	return NULL;
}

const struct ipsecapi_census_group *ipsecapi_census_group(const struct ipsecapi_census *c,
							  uint64_t cookie)
{
	struct ipsecapi_census_group key;

	memset(&key, 0, sizeof(key));
	key.owner.cookie = cookie;
	return c->ngroups > 0 ? bsearch(&key, c->groups, c->ngroups, sizeof(*c->groups), by_cookie)
			      : NULL;
}

void ipsecapi_census_clear(struct ipsecapi_census *c)
{
	free(c->groups);
	memset(c, 0, sizeof(*c));
}
