/* SPDX-License-Identifier: BSD-2-Clause */
/* The engine's view of the kernel's XFRM state (kernel_view.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core.h"
#include "kernel_view.h"

struct ipsecapi_kernel_view {
	struct ipsecapi_nl *nl; /* a live view's; NULL for a snapshot */
	struct ipsecapi_xfrm_policy *policies;
	size_t npolicies, policies_cap;
	struct ipsecapi_xfrm_sa *sas;
	size_t nsas, sas_cap;
};

int ipsecapi_view_open_live(struct ipsecapi_kernel_view **out, const char *fn)
{
	struct ipsecapi_kernel_view *view = calloc(1, sizeof(*view));

	if (view == NULL) {
		return ipsecapi_fail(ENOMEM, fn, "no memory for a view of the kernel");
	}
	if (ipsecapi_nl_open(&view->nl, fn) != 0) {
		free(view);
		return -1;
	}
	*out = view;
	return 0;
}

static int no_room(const char *fn)
{
	return ipsecapi_fail(ENOMEM, fn, "no memory for a copy of the kernel's XFRM state");
}

struct loading {
	struct ipsecapi_kernel_view *view;
	const char *fn;
};

static int keep_policy(const struct ipsecapi_xfrm_policy *pol, void *data)
{
	struct loading *l = data;
	struct ipsecapi_kernel_view *v = l->view;
	struct ipsecapi_xfrm_policy *room =
		ipsecapi_array_room(v->policies, v->npolicies, &v->policies_cap, sizeof(*pol));

	if (room == NULL) {
		return no_room(l->fn);
	}
	v->policies = room;
	v->policies[v->npolicies++] = *pol;
	return 0;
}

static int keep_sa(const struct ipsecapi_xfrm_sa *sa, void *data)
{
	struct loading *l = data;
	struct ipsecapi_kernel_view *v = l->view;
	struct ipsecapi_xfrm_sa *room = ipsecapi_array_room(v->sas, v->nsas, &v->sas_cap, sizeof(*sa));

	if (room == NULL) {
		return no_room(l->fn);
	}
	v->sas = room;
	v->sas[v->nsas] = *sa;
	v->sas[v->nsas].keys.bytes = NULL; /* dumped without */
	v->sas[v->nsas].keys.len = 0;
	v->nsas++;
	return 0;
}

int ipsecapi_view_open_snapshot(struct ipsecapi_kernel_view **out, const char *fn)
{
	struct ipsecapi_kernel_view *view = calloc(1, sizeof(*view));
	struct ipsecapi_nl *nl = NULL;
	struct loading l = { .view = view, .fn = fn };
	int rc = -1;

	if (view == NULL) {
		return ipsecapi_fail(ENOMEM, fn, "no memory for a view of the kernel");
	}
	if (ipsecapi_nl_open(&nl, fn) == 0 && ipsecapi_xfrm_policies(nl, keep_policy, &l, fn) == 0 &&
	    ipsecapi_xfrm_sas_all(nl, keep_sa, &l, fn) == 0) {
		rc = 0;
	}
	ipsecapi_nl_close(nl);
	if (rc != 0) {
		ipsecapi_view_close(view);
		return -1;
	}
	*out = view;
	return 0;
}

int ipsecapi_view_open_fixed(struct ipsecapi_kernel_view **out,
			     const struct ipsecapi_xfrm_policy *policies, size_t npolicies,
			     const struct ipsecapi_xfrm_sa *sas, size_t nsas, const char *fn)
{
	struct ipsecapi_kernel_view *view = calloc(1, sizeof(*view));
	struct loading l = { .view = view, .fn = fn };
	size_t i;

	if (view == NULL) {
		return ipsecapi_fail(ENOMEM, fn, "no memory for a view of the kernel");
	}
	for (i = 0; i < npolicies; i++) {
		if (keep_policy(&policies[i], &l) != 0) {
			goto fail;
		}
	}
	for (i = 0; i < nsas; i++) {
		if (keep_sa(&sas[i], &l) != 0) {
			goto fail;
		}
	}
	*out = view;
	return 0;
fail:
	ipsecapi_view_close(view);
	return -1;
}

void ipsecapi_view_close(struct ipsecapi_kernel_view *view)
{
	int err = errno;

	if (view == NULL) {
		return;
	}
	ipsecapi_nl_close(view->nl);
	free(view->policies);
	free(view->sas);
	free(view);
	errno = err;
}

int ipsecapi_view_fd(const struct ipsecapi_kernel_view *view)
{
	return view->nl != NULL ? ipsecapi_nl_fd(view->nl) : -1;
}

int ipsecapi_view_policies(struct ipsecapi_kernel_view *view, ipsecapi_policy_fn each, void *data,
			   const char *fn)
{
	size_t i;
	int rc;

	if (view->nl != NULL) {
		return ipsecapi_xfrm_policies(view->nl, each, data, fn);
	}
	for (i = 0; i < view->npolicies; i++) {
		if ((rc = each(&view->policies[i], data)) != 0) {
			return rc;
		}
	}
	return 0;
}

int ipsecapi_view_sas(struct ipsecapi_kernel_view *view, uint16_t family, const xfrm_address_t *src,
		      const xfrm_address_t *dst, uint8_t proto, bool keep_keys, ipsecapi_sa_fn each,
		      void *data, const char *fn)
{
	size_t alen = family == AF_INET ? 4 : 16, i;
	int rc;

	if (view->nl != NULL) {
		return ipsecapi_xfrm_sas_between(view->nl, family, src, dst, proto, keep_keys, each,
						 data, fn);
	}
	if (keep_keys) {
		return ipsecapi_fail(EINVAL, fn, "a snapshot of the kernel's SAs holds no keys");
	}
	for (i = 0; i < view->nsas; i++) {
		const struct ipsecapi_xfrm_sa *sa = &view->sas[i];

		if (sa->info.family != family || (proto != 0 && sa->info.id.proto != proto) ||
		    memcmp(&sa->info.id.daddr, dst, alen) != 0 ||
		    (src != NULL && memcmp(&sa->info.saddr, src, alen) != 0)) {
			continue;
		}
		if ((rc = each(sa, data)) != 0) {
			return rc;
		}
	}
	return 0;
}
