/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Credentials: krb5's, acquired through the mechglue, and the socket of
 * the connection they are for (the credential-store key btns-socket).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gssapi/gssapi_btns.h>
#include <gssapi/gssapi_krb5.h>

#include "cred.h"
#include "minor.h"

/* The descriptor that text names, duplicated, or -1 if it names no open
 * socket. */
static int socket_named(const char *text)
{
	char *end;
	long fd;
	int type;
	socklen_t len = sizeof(type);

	errno = 0;
	fd = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || fd < 0 || fd > 0x7fffffff ||
	    getsockopt((int)fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0) {
		return -1;
	}
	return fcntl((int)fd, F_DUPFD_CLOEXEC, 0);
}

/* An empty credential: no krb5 credential, no socket; NULL with *minor
 * set. */
static struct btns_cred *cred_new(OM_uint32 *minor)
{
	struct btns_cred *cred = calloc(1, sizeof(*cred));

	if (cred == NULL) {
		*minor = BTNS_ERR_NO_MEMORY;
		return NULL;
	}
	cred->socket = -1;
	if (btns_glue_load(&cred->glue) != 0) {
		free(cred);
		*minor = BTNS_ERR_NO_KRB5;
		return NULL;
	}
	return cred;
}

OM_uint32 btns_acquire_cred(OM_uint32 *minor, gss_name_t desired_name, OM_uint32 time_req,
			    gss_cred_usage_t usage, gss_const_key_value_set_t store,
			    gss_cred_id_t *out, OM_uint32 *time_rec)
{
	gss_OID_set_desc krb5_only = { .count = 1, .elements = (gss_OID)gss_mech_krb5 };
	gss_key_value_element_desc *rest = NULL;
	gss_key_value_set_desc krb5_store = { .count = 0, .elements = NULL };
	struct btns_cred *cred = cred_new(minor);
	OM_uint32 major, i;

	*out = GSS_C_NO_CREDENTIAL;
	if (cred == NULL) {
		return GSS_S_FAILURE;
	}
	/* Our key is ours; krb5 gets the others (ccache, keytab ...). */
	if (store != GSS_C_NO_CRED_STORE && store->count > 0) {
		rest = calloc(store->count, sizeof(*rest));
		if (rest == NULL) {
			free(cred);
			*minor = BTNS_ERR_NO_MEMORY;
			return GSS_S_FAILURE;
		}
		for (i = 0; i < store->count; i++) {
			if (strcmp(store->elements[i].key, GSS_BTNS_CRED_STORE_SOCKET) != 0) {
				rest[krb5_store.count++] = store->elements[i];
				continue;
			}
			if (cred->socket >= 0) {
				close(cred->socket); /* the last one counts */
			}
			cred->socket = socket_named(store->elements[i].value);
			if (cred->socket < 0) {
				free(rest);
				free(cred);
				*minor = BTNS_ERR_BAD_CRED_STORE;
				return GSS_S_FAILURE;
			}
		}
		krb5_store.elements = rest;
	}
	major = cred->glue.acquire_cred_from(minor, desired_name, time_req, &krb5_only, usage,
					     krb5_store.count > 0 ? &krb5_store : GSS_C_NO_CRED_STORE,
					     &cred->krb5, NULL, time_rec);
	free(rest);
	if (GSS_ERROR(major)) {
		btns_cred_free(cred);
		return major;
	}
	*out = (gss_cred_id_t)cred;
	return GSS_S_COMPLETE;
}

OM_uint32 btns_cred_around(OM_uint32 *minor, gss_cred_id_t krb5, gss_cred_id_t *out)
{
	struct btns_cred *cred = cred_new(minor);

	*out = GSS_C_NO_CREDENTIAL;
	if (cred == NULL) {
		return GSS_S_FAILURE;
	}
	cred->krb5 = krb5;
	*out = (gss_cred_id_t)cred;
	return GSS_S_COMPLETE;
}

void btns_cred_free(struct btns_cred *cred)
{
	OM_uint32 minor;

	if (cred == NULL) {
		return;
	}
	if (cred->krb5 != GSS_C_NO_CREDENTIAL) {
		cred->glue.release_cred(&minor, &cred->krb5);
	}
	if (cred->socket >= 0) {
		close(cred->socket);
	}
	free(cred);
}
