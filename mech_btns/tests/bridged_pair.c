/* SPDX-License-Identifier: BSD-2-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_btns.h>

#include "bridged_pair.h"
#include "context.h"

void try_establish(bool bound, struct pair *p)
{
	struct gss_channel_bindings_struct cb;
	gss_buffer_desc name = { .length = strlen("host@localhost"),
				 .value = (void *)"host@localhost" };
	gss_buffer_desc first = GSS_C_EMPTY_BUFFER, reply = GSS_C_EMPTY_BUFFER;
	gss_buffer_desc nothing = GSS_C_EMPTY_BUFFER;
	gss_name_t target = GSS_C_NO_NAME;
	OM_uint32 tmp;

	memset(p, 0, sizeof(*p));
	memset(&cb, 0, sizeof(cb));
	cb.application_data.value = (void *)BINDING;
	cb.application_data.length = strlen(BINDING);
	assert_int_equal(gss_import_name(&tmp, &name, GSS_C_NT_HOSTBASED_SERVICE, &target),
			 GSS_S_COMPLETE);
	p->init_major = btns_init_sec_context(&p->minor, GSS_C_NO_CREDENTIAL, &p->init, target,
					      GSS_BTNS_MECHANISM, GSS_C_MUTUAL_FLAG, 0,
					      bound ? &cb : GSS_C_NO_CHANNEL_BINDINGS,
					      GSS_C_NO_BUFFER, NULL, &first, NULL, NULL);
	assert_int_equal(p->init_major, GSS_S_CONTINUE_NEEDED);
	p->accept_major = btns_accept_sec_context(&p->minor, &p->accept, GSS_C_NO_CREDENTIAL,
						  &first, bound ? &cb : GSS_C_NO_CHANNEL_BINDINGS,
						  NULL, NULL, &reply, NULL, NULL, NULL);
	if (p->accept_major == GSS_S_COMPLETE) {
		p->init_major = btns_init_sec_context(&p->minor, GSS_C_NO_CREDENTIAL, &p->init,
						      target, GSS_BTNS_MECHANISM, 0, 0,
						      GSS_C_NO_CHANNEL_BINDINGS, &reply, NULL,
						      &nothing, NULL, NULL);
	}
	gss_release_buffer(&tmp, &first);
	gss_release_buffer(&tmp, &reply);
	gss_release_buffer(&tmp, &nothing);
	gss_release_name(&tmp, &target);
}

void establish_pair(bool bound, struct pair *p)
{
	try_establish(bound, p);
	assert_int_equal(p->accept_major, GSS_S_COMPLETE);
	assert_int_equal(p->init_major, GSS_S_COMPLETE);
	assert_int_equal(ctx_of(p->init)->bridged, bound);
	assert_int_equal(ctx_of(p->accept)->bridged, bound);
}

void free_pair(struct pair *p)
{
	btns_ctx_free(ctx_of(p->init));
	btns_ctx_free(ctx_of(p->accept));
	p->init = p->accept = GSS_C_NO_CONTEXT;
}
