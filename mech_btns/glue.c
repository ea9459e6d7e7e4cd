/* SPDX-License-Identifier: BSD-2-Clause */
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "glue.h"

#define LIBGSSAPI "libgssapi_krb5.so.2"

static int resolve(struct btns_glue *glue)
{
	static const struct {
		size_t offset;
		const char *name;
	} entries[] = {
#define ENTRY(field, symbol) { .offset = offsetof(struct btns_glue, field), .name = symbol }
		ENTRY(acquire_cred_from, "gss_acquire_cred_from"),
		ENTRY(release_cred, "gss_release_cred"),
		ENTRY(init_sec_context, "gss_init_sec_context"),
		ENTRY(accept_sec_context, "gss_accept_sec_context"),
		ENTRY(delete_sec_context, "gss_delete_sec_context"),
		ENTRY(context_time, "gss_context_time"),
		ENTRY(inquire_context, "gss_inquire_context"),
		ENTRY(wrap, "gss_wrap"),
		ENTRY(unwrap, "gss_unwrap"),
		ENTRY(get_mic, "gss_get_mic"),
		ENTRY(verify_mic, "gss_verify_mic"),
		ENTRY(wrap_size_limit, "gss_wrap_size_limit"),
		ENTRY(export_sec_context, "gss_export_sec_context"),
		ENTRY(import_sec_context, "gss_import_sec_context"),
		ENTRY(import_name, "gss_import_name"),
		ENTRY(release_name, "gss_release_name"),
		ENTRY(display_name, "gss_display_name"),
		ENTRY(compare_name, "gss_compare_name"),
		ENTRY(duplicate_name, "gss_duplicate_name"),
		ENTRY(display_status, "gss_display_status"),
		ENTRY(inquire_cred, "gss_inquire_cred"),
		ENTRY(pseudo_random, "gss_pseudo_random"),
		ENTRY(inquire_sec_context_by_oid, "gss_inquire_sec_context_by_oid"),
		ENTRY(wrap_iov, "gss_wrap_iov"),
		ENTRY(unwrap_iov, "gss_unwrap_iov"),
		ENTRY(wrap_iov_length, "gss_wrap_iov_length"),
		ENTRY(canonicalize_name, "gss_canonicalize_name"),
		ENTRY(export_name, "gss_export_name"),
		ENTRY(localname, "gss_localname"),
#undef ENTRY
	};
	/* Loaded already: the mechglue is what loads this module.  The
	 * reference is kept, so the functions stay valid. */
	void *lib = dlopen(LIBGSSAPI, RTLD_NOW | RTLD_NOLOAD);
	size_t i;

	memset(glue, 0, sizeof(*glue));
	if (lib == NULL) {
		lib = dlopen(LIBGSSAPI, RTLD_NOW | RTLD_LOCAL);
	}
	if (lib == NULL) {
		return -1;
	}
	for (i = 0; i < sizeof(entries) / sizeof(entries[0]); i++) {
		void *f = dlsym(lib, entries[i].name);

		if (f == NULL) {
			return -1;
		}
		memcpy((char *)glue + entries[i].offset, &f, sizeof(f));
	}
	return 0;
}

/*
 * The lookups cost some thirty symbol searches, once per process: every
 * call of the module needs them, and the answers cannot change while the
 * module is loaded (it holds a reference to libgssapi_krb5).  Written once
 * under pthread_once, read-only afterwards.
 */
static struct btns_glue resolved;
static int resolve_result = -1;
static pthread_once_t resolve_once = PTHREAD_ONCE_INIT;

static void resolve_all(void)
{
	resolve_result = resolve(&resolved);
}

int btns_glue_load(struct btns_glue *glue)
{
	if (pthread_once(&resolve_once, resolve_all) != 0 || resolve_result != 0) {
		memset(glue, 0, sizeof(*glue));
		return -1;
	}
	*glue = resolved;
	return 0;
}
