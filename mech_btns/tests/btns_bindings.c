/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * btns_bindings: establishes a mech_btns context between an initiator and
 * an acceptor in one process, with the channel bindings given, and checks
 * what happened.  libgssapi_krb5 is loaded with dlopen(RTLD_LOCAL), as
 * Cyrus SASL and Python load it: the case where a module that calls the
 * GSS-API by name could call itself.  Needs a KDC and a ticket for the
 * initiator (kdc.sh) and GSS_MECH_CONFIG naming the module.
 *
 *   btns_bindings CASE
 *
 * CASE is one of:
 *   bound       both ends give the same IPsec binding: established, both
 *               see GSS_C_CHANNEL_BOUND_FLAG, wrap/unwrap and MICs work
 *   mismatch    different IPsec bindings: GSS_S_BAD_BINDINGS at the acceptor
 *   unbound-acceptor  the initiator binds, the acceptor does not:
 *               GSS_S_BAD_BINDINGS at the initiator (no confirmation)
 *   plain       neither binds: established, no GSS_C_CHANNEL_BOUND_FLAG
 *   garbled     a flipped octet in the initiator's token: refused, with a
 *               minor status that gss_display_status explains
 *   truncated   the initiator's token cut short: refused
 *   replayed    the initiator's token accepted twice: the second refused
 *   bad-socket  btns-socket names no socket: the credential is refused
 *   export      a bound context exported and imported (both ends): its
 *               messages, and the bound flag, carry on
 *   delegation  the initiator delegates: the acceptor's delegated
 *               credential starts a context of its own
 *   calls       through the mechglue, on a bound context: gss_pseudo_random
 *               (both ends agree), gss_inquire_sec_context_by_oid (krb5's
 *               SASL SSF and session key), gss_export_name and its import,
 *               gss_localname, gss_wrap_iov / gss_unwrap_iov /
 *               gss_wrap_iov_length with gss_wrap / gss_unwrap, hostile IOVs
 *   not-default mech_btns is registered but no default mechanism: not in
 *               the default mechanisms, default credentials or SPNEGO's
 *               offer, and in a credential asked for by its OID
 *   foreign     krb5's own tokens: its context token framed as one of
 *               mech_btns is refused as defective, and its wrap token is
 *               refused by a mech_btns context
 * It prints what it saw, and exits 0 when the case behaved as it must.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_btns.h>
#include <gssapi/gssapi_ext.h>

#include "iov_message.h"

#define BINDING "ipsec-sa-unique-v1:0123456789abcdef0123456789abcdef"
#define OTHER "ipsec-sa-unique-v1:fedcba9876543210fedcba9876543210"

/* The GSS-API, through dlsym on a RTLD_LOCAL handle. */
static struct {
	OM_uint32 (*import_name)(OM_uint32 *, gss_buffer_t, gss_OID, gss_name_t *);
	OM_uint32 (*release_name)(OM_uint32 *, gss_name_t *);
	OM_uint32 (*init)(OM_uint32 *, gss_cred_id_t, gss_ctx_id_t *, gss_name_t, gss_OID,
			  OM_uint32, OM_uint32, gss_channel_bindings_t, gss_buffer_t, gss_OID *,
			  gss_buffer_t, OM_uint32 *, OM_uint32 *);
	OM_uint32 (*accept)(OM_uint32 *, gss_ctx_id_t *, gss_cred_id_t, gss_buffer_t,
			    gss_channel_bindings_t, gss_name_t *, gss_OID *, gss_buffer_t,
			    OM_uint32 *, OM_uint32 *, gss_cred_id_t *);
	OM_uint32 (*delete)(OM_uint32 *, gss_ctx_id_t *, gss_buffer_t);
	OM_uint32 (*wrap)(OM_uint32 *, gss_ctx_id_t, int, gss_qop_t, gss_buffer_t, int *,
			  gss_buffer_t);
	OM_uint32 (*unwrap)(OM_uint32 *, gss_ctx_id_t, gss_buffer_t, gss_buffer_t, int *,
			    gss_qop_t *);
	OM_uint32 (*get_mic)(OM_uint32 *, gss_ctx_id_t, gss_qop_t, gss_buffer_t, gss_buffer_t);
	OM_uint32 (*verify_mic)(OM_uint32 *, gss_ctx_id_t, gss_buffer_t, gss_buffer_t, gss_qop_t *);
	OM_uint32 (*release_buffer)(OM_uint32 *, gss_buffer_t);
	OM_uint32 (*display_status)(OM_uint32 *, OM_uint32, int, gss_OID, OM_uint32 *,
				    gss_buffer_t);
	OM_uint32 (*acquire_cred_from)(OM_uint32 *, gss_name_t, OM_uint32, gss_OID_set,
				       gss_cred_usage_t, gss_const_key_value_set_t,
				       gss_cred_id_t *, gss_OID_set *, OM_uint32 *);
	OM_uint32 (*release_cred)(OM_uint32 *, gss_cred_id_t *);
	OM_uint32 (*export_ctx)(OM_uint32 *, gss_ctx_id_t *, gss_buffer_t);
	OM_uint32 (*import_ctx)(OM_uint32 *, gss_buffer_t, gss_ctx_id_t *);
	OM_uint32 (*inquire_context)(OM_uint32 *, gss_ctx_id_t, gss_name_t *, gss_name_t *,
				     OM_uint32 *, gss_OID *, OM_uint32 *, int *, int *);
	OM_uint32 (*encapsulate)(gss_const_buffer_t, gss_const_OID, gss_buffer_t);
	OM_uint32 (*decapsulate)(gss_const_buffer_t, gss_const_OID, gss_buffer_t);
	OM_uint32 (*indicate_mechs)(OM_uint32 *, gss_OID_set *);
	OM_uint32 (*indicate_mechs_by_attrs)(OM_uint32 *, gss_const_OID_set, gss_const_OID_set,
					     gss_const_OID_set, gss_OID_set *);
	OM_uint32 (*inquire_attrs_for_mech)(OM_uint32 *, gss_const_OID, gss_OID_set *,
					    gss_OID_set *);
	OM_uint32 (*test_oid_set_member)(OM_uint32 *, gss_OID, gss_OID_set, int *);
	OM_uint32 (*release_oid_set)(OM_uint32 *, gss_OID_set *);
	OM_uint32 (*pseudo_random)(OM_uint32 *, gss_ctx_id_t, int, const gss_buffer_t, ssize_t,
				   gss_buffer_t);
	OM_uint32 (*inquire_by_oid)(OM_uint32 *, const gss_ctx_id_t, const gss_OID,
				    gss_buffer_set_t *);
	OM_uint32 (*release_buffer_set)(OM_uint32 *, gss_buffer_set_t *);
	OM_uint32 (*export_name)(OM_uint32 *, const gss_name_t, gss_buffer_t);
	OM_uint32 (*compare_name)(OM_uint32 *, gss_name_t, gss_name_t, int *);
	OM_uint32 (*display_name)(OM_uint32 *, gss_name_t, gss_buffer_t, gss_OID *);
	OM_uint32 (*localname)(OM_uint32 *, const gss_name_t, gss_const_OID, gss_buffer_t);
	OM_uint32 (*wrap_iov)(OM_uint32 *, gss_ctx_id_t, int, gss_qop_t, int *,
			      gss_iov_buffer_desc *, int);
	OM_uint32 (*unwrap_iov)(OM_uint32 *, gss_ctx_id_t, int *, gss_qop_t *,
				gss_iov_buffer_desc *, int);
	OM_uint32 (*wrap_iov_length)(OM_uint32 *, gss_ctx_id_t, int, gss_qop_t, int *,
				     gss_iov_buffer_desc *, int);
	OM_uint32 (*release_iov_buffer)(OM_uint32 *, gss_iov_buffer_desc *, int);
	gss_OID *hostbased;
	gss_OID *export_type;
	gss_OID *sasl_ssf;
	gss_OID *session_key;
	gss_const_OID *not_default;
} G;

static gss_OID_desc krb5_oid = { .length = 9,
				 .elements = (void *)"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02" };

static void load_gssapi(void)
{
	void *lib = dlopen("libgssapi_krb5.so.2", RTLD_NOW | RTLD_LOCAL);
	struct {
		void *slot;
		const char *name;
	} table[] = {
		{ .slot = &G.import_name, .name = "gss_import_name" },
		{ .slot = &G.release_name, .name = "gss_release_name" },
		{ .slot = &G.init, .name = "gss_init_sec_context" },
		{ .slot = &G.accept, .name = "gss_accept_sec_context" },
		{ .slot = &G.delete, .name = "gss_delete_sec_context" },
		{ .slot = &G.wrap, .name = "gss_wrap" },
		{ .slot = &G.unwrap, .name = "gss_unwrap" },
		{ .slot = &G.get_mic, .name = "gss_get_mic" },
		{ .slot = &G.verify_mic, .name = "gss_verify_mic" },
		{ .slot = &G.release_buffer, .name = "gss_release_buffer" },
		{ .slot = &G.display_status, .name = "gss_display_status" },
		{ .slot = &G.acquire_cred_from, .name = "gss_acquire_cred_from" },
		{ .slot = &G.release_cred, .name = "gss_release_cred" },
		{ .slot = &G.export_ctx, .name = "gss_export_sec_context" },
		{ .slot = &G.import_ctx, .name = "gss_import_sec_context" },
		{ .slot = &G.inquire_context, .name = "gss_inquire_context" },
		{ .slot = &G.encapsulate, .name = "gss_encapsulate_token" },
		{ .slot = &G.decapsulate, .name = "gss_decapsulate_token" },
		{ .slot = &G.indicate_mechs, .name = "gss_indicate_mechs" },
		{ .slot = &G.indicate_mechs_by_attrs, .name = "gss_indicate_mechs_by_attrs" },
		{ .slot = &G.inquire_attrs_for_mech, .name = "gss_inquire_attrs_for_mech" },
		{ .slot = &G.test_oid_set_member, .name = "gss_test_oid_set_member" },
		{ .slot = &G.release_oid_set, .name = "gss_release_oid_set" },
		{ .slot = &G.pseudo_random, .name = "gss_pseudo_random" },
		{ .slot = &G.inquire_by_oid, .name = "gss_inquire_sec_context_by_oid" },
		{ .slot = &G.release_buffer_set, .name = "gss_release_buffer_set" },
		{ .slot = &G.export_name, .name = "gss_export_name" },
		{ .slot = &G.compare_name, .name = "gss_compare_name" },
		{ .slot = &G.display_name, .name = "gss_display_name" },
		{ .slot = &G.localname, .name = "gss_localname" },
		{ .slot = &G.wrap_iov, .name = "gss_wrap_iov" },
		{ .slot = &G.unwrap_iov, .name = "gss_unwrap_iov" },
		{ .slot = &G.wrap_iov_length, .name = "gss_wrap_iov_length" },
		{ .slot = &G.release_iov_buffer, .name = "gss_release_iov_buffer" },
		{ .slot = &G.hostbased, .name = "GSS_C_NT_HOSTBASED_SERVICE" },
		{ .slot = &G.export_type, .name = "GSS_C_NT_EXPORT_NAME" },
		{ .slot = &G.sasl_ssf, .name = "GSS_C_SEC_CONTEXT_SASL_SSF" },
		{ .slot = &G.session_key, .name = "GSS_C_INQ_SSPI_SESSION_KEY" },
		{ .slot = &G.not_default, .name = "GSS_C_MA_NOT_DFLT_MECH" },
	};
	size_t i;

	if (lib == NULL) {
		fprintf(stderr, "btns_bindings: %s\n", dlerror());
		exit(2);
	}
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		void *f = dlsym(lib, table[i].name);

		if (f == NULL) {
			fprintf(stderr, "btns_bindings: no %s\n", table[i].name);
			exit(2);
		}
		memcpy(table[i].slot, &f, sizeof(f));
	}
}

static void print_status(const char *what, OM_uint32 major, OM_uint32 minor)
{
	OM_uint32 tmp, context = 0;
	gss_buffer_desc text;

	printf("%s: major 0x%x", what, (unsigned)major);
	if (minor != 0 && G.display_status(&tmp, minor, GSS_C_MECH_CODE, GSS_BTNS_MECHANISM,
					   &context, &text) == GSS_S_COMPLETE) {
		printf(", minor: %.*s", (int)text.length, (char *)text.value);
		G.release_buffer(&tmp, &text);
	}
	printf("\n");
}

static int is_btns(const gss_OID mech)
{
	return mech != GSS_C_NO_OID && mech->length == GSS_BTNS_MECHANISM->length &&
	       memcmp(mech->elements, GSS_BTNS_MECHANISM->elements, mech->length) == 0;
}

/* An acceptor's credential for mech_btns, asked for by its OID: it is not
 * a default mechanism, so the mechglue accepts none of its tokens without
 * one. */
static gss_cred_id_t btns_acceptor(void)
{
	gss_OID_set_desc mechs = { .count = 1, .elements = GSS_BTNS_MECHANISM };
	gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
	OM_uint32 major, minor;

	major = G.acquire_cred_from(&minor, GSS_C_NO_NAME, 0, &mechs, GSS_C_ACCEPT,
				    GSS_C_NO_CRED_STORE, &cred, NULL, NULL);
	if (major != GSS_S_COMPLETE) {
		print_status("acquire_cred_from (acceptor)", major, minor);
		exit(1);
	}
	return cred;
}

static gss_channel_bindings_t bindings(const char *data, struct gss_channel_bindings_struct *cb)
{
	if (data == NULL) {
		return GSS_C_NO_CHANNEL_BINDINGS;
	}
	memset(cb, 0, sizeof(*cb));
	cb->application_data.value = (void *)data;
	cb->application_data.length = strlen(data);
	return cb;
}

struct run {
	gss_cred_id_t acceptor; /* acquired for mech_btns by its OID */
	OM_uint32 init_major, accept_major, minor;
	OM_uint32 init_flags, accept_flags;
	gss_ctx_id_t ictx, actx;
	gss_buffer_desc first; /* the initiator's first token, kept */
	gss_cred_id_t delegated; /* what the acceptor received */
	gss_name_t source;       /* the initiator, as the acceptor names it */
};

/* One establishment: icb and acb are the bindings' data (NULL: none);
 * damage, if set, changes the first token before the acceptor sees it;
 * flags are asked for beside mutual authentication and sequencing. */
static void establish_context_with_flags(const char *icb, const char *acb,
					 void (*damage)(gss_buffer_t), OM_uint32 flags,
					 struct run *r)
{
	struct gss_channel_bindings_struct ib, ab;
	gss_buffer_desc name = { .length = strlen("host@localhost"),
				 .value = (void *)"host@localhost" };
	gss_buffer_desc reply = GSS_C_EMPTY_BUFFER, empty = GSS_C_EMPTY_BUFFER;
	gss_name_t target;
	OM_uint32 tmp;

	memset(r, 0, sizeof(*r));
	r->acceptor = btns_acceptor();
	G.import_name(&tmp, &name, *G.hostbased, &target);
	r->init_major = G.init(&r->minor, GSS_C_NO_CREDENTIAL, &r->ictx, target, GSS_BTNS_MECHANISM,
			       GSS_C_MUTUAL_FLAG | GSS_C_REPLAY_FLAG | GSS_C_SEQUENCE_FLAG | flags, 0,
			       bindings(icb, &ib), GSS_C_NO_BUFFER, NULL, &r->first,
			       &r->init_flags, NULL);
	if (r->init_major != GSS_S_CONTINUE_NEEDED) {
		print_status("init", r->init_major, r->minor);
		G.release_name(&tmp, &target);
		return;
	}
	if (damage != NULL) {
		damage(&r->first);
	}
	r->accept_major = G.accept(&r->minor, &r->actx, r->acceptor, &r->first,
				   bindings(acb, &ab), &r->source, NULL, &reply, &r->accept_flags,
				   NULL, &r->delegated);
	print_status("accept", r->accept_major, r->minor);
	if (r->accept_major != GSS_S_COMPLETE) {
		G.release_name(&tmp, &target);
		return;
	}
	r->init_major = G.init(&r->minor, GSS_C_NO_CREDENTIAL, &r->ictx, target, GSS_BTNS_MECHANISM,
			       0, 0, GSS_C_NO_CHANNEL_BINDINGS, &reply, NULL, &empty,
			       &r->init_flags, NULL);
	print_status("init", r->init_major, r->minor);
	G.release_name(&tmp, &target);
	G.release_buffer(&tmp, &reply);
	G.release_buffer(&tmp, &empty);
}

static void establish_context(const char *icb, const char *acb, void (*damage)(gss_buffer_t),
			      struct run *r)
{
	establish_context_with_flags(icb, acb, damage, 0, r);
}

static void release_run(struct run *r)
{
	OM_uint32 tmp;

	G.release_cred(&tmp, &r->delegated);
	G.release_cred(&tmp, &r->acceptor);
	G.release_name(&tmp, &r->source);
	G.delete(&tmp, &r->ictx, GSS_C_NO_BUFFER);
	G.delete(&tmp, &r->actx, GSS_C_NO_BUFFER);
	G.release_buffer(&tmp, &r->first);
}

/* wrap, unwrap and MICs both ways; 0 if all worked. */
static int messages(struct run *r)
{
	gss_buffer_desc msg = { .length = 5, .value = (void *)"hello" }, token, back, mic;
	OM_uint32 major, minor, tmp;
	int conf = 0;

	major = G.wrap(&minor, r->ictx, 1, GSS_C_QOP_DEFAULT, &msg, &conf, &token);
	if (major != GSS_S_COMPLETE || conf != 1) {
		print_status("wrap", major, minor);
		return 1;
	}
	major = G.unwrap(&minor, r->actx, &token, &back, &conf, NULL);
	G.release_buffer(&tmp, &token);
	if (major != GSS_S_COMPLETE || back.length != 5 || memcmp(back.value, "hello", 5) != 0) {
		print_status("unwrap", major, minor);
		return 1;
	}
	G.release_buffer(&tmp, &back);
	major = G.get_mic(&minor, r->actx, GSS_C_QOP_DEFAULT, &msg, &mic);
	if (major == GSS_S_COMPLETE) {
		major = G.verify_mic(&minor, r->ictx, &msg, &mic, NULL);
		G.release_buffer(&tmp, &mic);
	}
	if (major != GSS_S_COMPLETE) {
		print_status("mic", major, minor);
		return 1;
	}
	printf("wrap, unwrap and MICs work (conf_state %d)\n", conf);
	return 0;
}

static void flip(gss_buffer_t t)
{
	((unsigned char *)t->value)[t->length / 2] ^= 0x40;
}

static void cut(gss_buffer_t t)
{
	t->length -= 10;
}

/* Both ends exported and imported again; 0 if they go on as before. */
static int export_both(struct run *r)
{
	gss_ctx_id_t *ends[2] = { &r->ictx, &r->actx };
	gss_buffer_desc token;
	OM_uint32 major, minor, tmp, flags = 0;
	gss_OID mech = GSS_C_NO_OID;
	int i;

	for (i = 0; i < 2; i++) {
		major = G.export_ctx(&minor, ends[i], &token);
		if (major != GSS_S_COMPLETE || *ends[i] != GSS_C_NO_CONTEXT) {
			print_status("export", major, minor);
			return 1;
		}
		major = G.import_ctx(&minor, &token, ends[i]);
		G.release_buffer(&tmp, &token);
		if (major != GSS_S_COMPLETE) {
			print_status("import", major, minor);
			return 1;
		}
		major = G.inquire_context(&minor, *ends[i], NULL, NULL, NULL, &mech, &flags, NULL, NULL);
		if (major != GSS_S_COMPLETE || !is_btns(mech) ||
		    !(flags & GSS_C_CHANNEL_BOUND_FLAG)) {
			print_status("inquire_context after import", major, minor);
			return 1;
		}
	}
	printf("both ends exported and imported\n");
	return messages(r);
}

/* A delegated credential serves as the initiator's: 0 if a context of the
 * module starts with it (krb5 gets a service ticket with the forwarded
 * ticket-granting ticket). */
static int initiate_with(gss_cred_id_t cred)
{
	gss_buffer_desc name = { .length = strlen("host@localhost"),
				 .value = (void *)"host@localhost" };
	gss_buffer_desc token = GSS_C_EMPTY_BUFFER;
	gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
	gss_name_t target;
	OM_uint32 major, minor, tmp;

	G.import_name(&tmp, &name, *G.hostbased, &target);
	major = G.init(&minor, cred, &ctx, target, GSS_BTNS_MECHANISM, GSS_C_MUTUAL_FLAG, 0,
		       GSS_C_NO_CHANNEL_BINDINGS, GSS_C_NO_BUFFER, NULL, &token, NULL, NULL);
	print_status("init with the delegated credential", major, minor);
	G.release_buffer(&tmp, &token);
	G.delete(&tmp, &ctx, GSS_C_NO_BUFFER);
	G.release_name(&tmp, &target);
	return major == GSS_S_CONTINUE_NEEDED ? 0 : 1;
}

/* krb5's tokens where mech_btns's are due: 0 if all are refused. */
static int foreign_tokens(void)
{
	gss_buffer_desc name = { .length = strlen("host@localhost"),
				 .value = (void *)"host@localhost" };
	gss_buffer_desc msg = { .length = 5, .value = (void *)"hello" };
	gss_buffer_desc k_first = GSS_C_EMPTY_BUFFER, inner = GSS_C_EMPTY_BUFFER;
	gss_buffer_desc framed = GSS_C_EMPTY_BUFFER, wrapped = GSS_C_EMPTY_BUFFER;
	gss_buffer_desc out = GSS_C_EMPTY_BUFFER, reply = GSS_C_EMPTY_BUFFER;
	gss_ctx_id_t k_init = GSS_C_NO_CONTEXT, k_accept = GSS_C_NO_CONTEXT;
	gss_ctx_id_t actx = GSS_C_NO_CONTEXT;
	gss_cred_id_t acceptor = btns_acceptor();
	gss_name_t target;
	struct run r;
	OM_uint32 major, minor, tmp;
	int bad = 1;

	/* A krb5 context of its own, whose first token is kept. */
	G.import_name(&tmp, &name, *G.hostbased, &target);
	major = G.init(&minor, GSS_C_NO_CREDENTIAL, &k_init, target, &krb5_oid, GSS_C_MUTUAL_FLAG,
		       0, GSS_C_NO_CHANNEL_BINDINGS, GSS_C_NO_BUFFER, NULL, &k_first, NULL, NULL);
	G.release_name(&tmp, &target);
	if (major != GSS_S_CONTINUE_NEEDED || G.decapsulate(&k_first, &krb5_oid, &inner) != 0 ||
	    G.encapsulate(&inner, GSS_BTNS_MECHANISM, &framed) != 0) {
		print_status("krb5's first token", major, minor);
		goto out;
	}
	major = G.accept(&minor, &actx, acceptor, &framed, GSS_C_NO_CHANNEL_BINDINGS, NULL, NULL,
			 &out, NULL, NULL, NULL);
	print_status("accept of krb5's token framed as mech_btns's", major, minor);
	if (major != GSS_S_DEFECTIVE_TOKEN) {
		goto out;
	}
	G.release_buffer(&tmp, &out);
	/* krb5's context completed, and its wrap token given to a mech_btns
	 * context. */
	major = G.accept(&minor, &k_accept, GSS_C_NO_CREDENTIAL, &k_first,
			 GSS_C_NO_CHANNEL_BINDINGS, NULL, NULL, &reply, NULL, NULL, NULL);
	if (major != GSS_S_COMPLETE ||
	    G.wrap(&minor, k_accept, 1, GSS_C_QOP_DEFAULT, &msg, NULL, &wrapped) != GSS_S_COMPLETE) {
		print_status("krb5's context", major, minor);
		goto out;
	}
	establish_context(BINDING, BINDING, NULL, &r);
	if (r.init_major == GSS_S_COMPLETE) {
		major = G.unwrap(&minor, r.ictx, &wrapped, &out, NULL, NULL);
		print_status("mech_btns's unwrap of krb5's wrap token", major, minor);
		bad = !GSS_ERROR(major);
	}
	release_run(&r);
out:
	G.release_buffer(&tmp, &out);
	G.release_buffer(&tmp, &reply);
	G.release_buffer(&tmp, &wrapped);
	G.release_buffer(&tmp, &framed);
	G.release_buffer(&tmp, &inner);
	G.release_buffer(&tmp, &k_first);
	G.delete(&tmp, &k_init, GSS_C_NO_BUFFER);
	G.delete(&tmp, &k_accept, GSS_C_NO_BUFFER);
	G.delete(&tmp, &actx, GSS_C_NO_BUFFER);
	G.release_cred(&tmp, &acceptor);
	return bad;
}

/* gss_pseudo_random at both ends: the same octets for the same input,
 * others for another; 0 if so. */
static int same_prf(struct run *r)
{
	gss_buffer_desc label = { .length = 4, .value = (void *)"test" };
	gss_buffer_desc other = { .length = 5, .value = (void *)"other" };
	gss_buffer_desc a = GSS_C_EMPTY_BUFFER, b = GSS_C_EMPTY_BUFFER, c = GSS_C_EMPTY_BUFFER;
	OM_uint32 ma, mb, mc, minor, tmp;
	int bad;

	ma = G.pseudo_random(&minor, r->ictx, GSS_C_PRF_KEY_FULL, &label, 44, &a);
	mb = G.pseudo_random(&minor, r->actx, GSS_C_PRF_KEY_FULL, &label, 44, &b);
	mc = G.pseudo_random(&minor, r->actx, GSS_C_PRF_KEY_FULL, &other, 44, &c);
	bad = ma != GSS_S_COMPLETE || mb != GSS_S_COMPLETE || mc != GSS_S_COMPLETE ||
	      a.length != 44 || b.length != 44 || c.length != 44 ||
	      memcmp(a.value, b.value, 44) != 0 || memcmp(a.value, c.value, 44) == 0;
	printf("pseudo_random: majors 0x%x 0x%x 0x%x, both ends agree: %d\n", (unsigned)ma,
	       (unsigned)mb, (unsigned)mc, !bad);
	G.release_buffer(&tmp, &a);
	G.release_buffer(&tmp, &b);
	G.release_buffer(&tmp, &c);
	return bad;
}

/* The one buffer that inquire_sec_context_by_oid gives for oid at ctx,
 * copied into out (at most len octets): its length, or -1. */
static long inquired(gss_ctx_id_t ctx, gss_OID oid, void *out, size_t len)
{
	gss_buffer_set_t set = GSS_C_NO_BUFFER_SET;
	OM_uint32 major, minor, tmp;
	long n = -1;

	major = G.inquire_by_oid(&minor, ctx, oid, &set);
	if (major != GSS_S_COMPLETE) {
		print_status("inquire_sec_context_by_oid", major, minor);
	} else if (set != GSS_C_NO_BUFFER_SET && set->count >= 1 &&
		   set->elements[0].length <= len) {
		memcpy(out, set->elements[0].value, set->elements[0].length);
		n = (long)set->elements[0].length;
	}
	G.release_buffer_set(&tmp, &set);
	return n;
}

/* Unbridged, the SASL SSF is krb5's: the key size of the session key's
 * enctype, aes256-cts-hmac-sha1-96 (256) from the test KDC, four octets
 * in network order; the session key (another question) is krb5's, the
 * same at both ends; 0 if so. */
static int krb5_answers(struct run *r)
{
	unsigned char ssf[4], ikey[64], akey[64];
	long n = inquired(r->ictx, *G.sasl_ssf, ssf, sizeof(ssf));
	long ni = inquired(r->ictx, *G.session_key, ikey, sizeof(ikey));
	long na = inquired(r->actx, *G.session_key, akey, sizeof(akey));
	unsigned long value = n == 4 ? (unsigned long)ssf[0] << 24 | (unsigned long)ssf[1] << 16 |
					       (unsigned long)ssf[2] << 8 | ssf[3]
				     : 0;

	printf("SASL SSF: %lu (%ld octets); session keys: %ld and %ld octets\n", value, n, ni, na);
	return n != 4 || value != 256 || ni != 32 || na != ni || memcmp(ikey, akey, 32) != 0;
}

/* The acceptor's name of the initiator: exported as mech_btns's, imported
 * again as the same name; its local name is krb5's for the principal; 0 if
 * so. */
static int names(struct run *r)
{
	static const char head[] = "\x04\x01\x00\x0c\x06\x0a";
	static const char principal[] = "user@TEST.REALM";
	gss_buffer_desc token = GSS_C_EMPTY_BUFFER, local = GSS_C_EMPTY_BUFFER;
	gss_buffer_desc shown = GSS_C_EMPTY_BUFFER;
	gss_name_t back = GSS_C_NO_NAME;
	OM_uint32 major, minor, tmp;
	size_t plen = sizeof(principal) - 1, hlen = sizeof(head) - 1;
	int same = 0, bad = 1;

	major = G.export_name(&minor, r->source, &token);
	if (major != GSS_S_COMPLETE) {
		print_status("export_name", major, minor);
		goto out;
	}
	/* RFC 2743 3.2: the header, mech_btns's OID, the length, krb5's body. */
	if (token.length != hlen + 10 + 4 + plen || memcmp(token.value, head, hlen) != 0 ||
	    memcmp((char *)token.value + hlen, GSS_BTNS_MECHANISM->elements, 10) != 0 ||
	    memcmp((char *)token.value + hlen + 14, principal, plen) != 0) {
		printf("export_name: not mech_btns's token of %s\n", principal);
		goto out;
	}
	major = G.import_name(&minor, &token, *G.export_type, &back);
	if (major == GSS_S_COMPLETE) {
		major = G.compare_name(&minor, back, r->source, &same);
	}
	if (major == GSS_S_COMPLETE) {
		major = G.display_name(&minor, back, &shown, NULL);
	}
	if (major != GSS_S_COMPLETE || !same || shown.length != plen ||
	    memcmp(shown.value, principal, plen) != 0) {
		print_status("import_name of the exported name", major, minor);
		goto out;
	}
	major = G.localname(&minor, r->source, GSS_BTNS_MECHANISM, &local);
	printf("exported and imported: %.*s; local name: %.*s\n", (int)shown.length,
	       (char *)shown.value, (int)local.length, local.value ? (char *)local.value : "");
	bad = major != GSS_S_COMPLETE || local.length != 4 || memcmp(local.value, "user", 4) != 0;
out:
	G.release_buffer(&tmp, &token);
	G.release_buffer(&tmp, &local);
	G.release_buffer(&tmp, &shown);
	G.release_name(&tmp, &back);
	return bad;
}

/* Hostile IOV buffers get an error and the minor status says so; 0 if
 * all were refused. */
static int hostile_iov(struct run *r)
{
	char text[] = "abc", two[2] = { 0, 0 }, junk[24];
	gss_iov_buffer_desc none[1] = { { .type = GSS_IOV_BUFFER_TYPE_DATA,
					  .buffer = { .length = 3, .value = text } } };
	gss_iov_buffer_desc twice[3] = {
		{ .type = GSS_IOV_BUFFER_TYPE_HEADER, .buffer = { .length = 2, .value = two } },
		{ .type = GSS_IOV_BUFFER_TYPE_HEADER, .buffer = { .length = 2, .value = two } },
		{ .type = GSS_IOV_BUFFER_TYPE_DATA, .buffer = { .length = 3, .value = text } },
	};
	gss_iov_buffer_desc forged[2] = {
		{ .type = GSS_IOV_BUFFER_TYPE_HEADER, .buffer = { .length = 24, .value = junk } },
		{ .type = GSS_IOV_BUFFER_TYPE_DATA, .buffer = { .length = 3, .value = text } },
	};
	gss_iov_buffer_desc unknown[2] = {
		{ .type = 99, .buffer = { .length = 3, .value = text } },
		{ .type = GSS_IOV_BUFFER_TYPE_HEADER, .buffer = { .length = 24, .value = junk } },
	};
	OM_uint32 m1, m2, m3, m4, m5, n1 = 0, n2 = 0, n3 = 0, n4 = 0, n5 = 0;

	memset(junk, 0x5a, sizeof(junk));
	m1 = G.unwrap_iov(&n1, r->actx, NULL, NULL, none, 1);
	m2 = G.wrap_iov(&n2, r->ictx, 1, GSS_C_QOP_DEFAULT, NULL, twice, 3);
	m3 = G.wrap_iov(&n3, r->ictx, 1, GSS_C_QOP_DEFAULT, NULL, twice + 1, 2); /* 2 octets */
	m4 = G.unwrap_iov(&n4, r->actx, NULL, NULL, forged, 2);
	m5 = G.wrap_iov_length(&n5, r->ictx, 1, GSS_C_QOP_DEFAULT, NULL, unknown, 2);
	print_status("unwrap_iov without a HEADER", m1, n1);
	print_status("wrap_iov with two HEADERs", m2, n2);
	print_status("wrap_iov with a 2-octet HEADER", m3, n3);
	print_status("unwrap_iov of a forged HEADER", m4, n4);
	print_status("wrap_iov_length with a buffer of type 99", m5, n5);
	return !GSS_ERROR(m1) || !GSS_ERROR(m2) || !GSS_ERROR(m3) || m4 != GSS_S_DEFECTIVE_TOKEN ||
	       !GSS_ERROR(m5) || n1 == 0 || n2 == 0 || n3 == 0 || n4 == 0 || n5 == 0 ||
	       strcmp(text, "abc") != 0;
}

/* Unbridged IOV messages are krb5's behind mech_btns's prefix: what
 * gss_wrap_iov makes unwraps with gss_unwrap and gss_unwrap_iov, what
 * gss_wrap makes unwraps with gss_unwrap_iov (STREAM); 0 if so. */
static int iov_messages(struct run *r)
{
	struct iov_message m, lengths;
	gss_buffer_desc token, out = GSS_C_EMPTY_BUFFER, wrapped = GSS_C_EMPTY_BUFFER;
	gss_buffer_desc msg = { .length = 9, .value = (void *)"by stream" };
	gss_iov_buffer_desc stream[2];
	OM_uint32 major, minor, tmp;
	int conf = 0, bad = 1;

	if (iov_message_init(&lengths, "iov hello") != 0) {
		return 1;
	}
	major = G.wrap_iov_length(&minor, r->ictx, 1, GSS_C_QOP_DEFAULT, NULL, lengths.iov, 4);
	printf("wrap_iov_length: header %zu, trailer %zu\n", lengths.iov[0].buffer.length,
	       lengths.iov[3].buffer.length);
	if (major != GSS_S_COMPLETE || lengths.iov[0].buffer.length <= 4) {
		print_status("wrap_iov_length", major, minor);
		return 1;
	}
	if (iov_message_init(&m, "iov hello") != 0) {
		return 1;
	}
	major = G.wrap_iov(&minor, r->ictx, 1, GSS_C_QOP_DEFAULT, &conf, m.iov, 4);
	if (major != GSS_S_COMPLETE || conf != 1 || memcmp(m.data, "iov hello", 9) == 0 ||
	    m.iov[0].buffer.length != lengths.iov[0].buffer.length) {
		print_status("wrap_iov (encrypted in place)", major, minor);
		G.release_iov_buffer(&tmp, m.iov, 4);
		return 1;
	}
	if (iov_message_joined(&m, &token) != 0) {
		G.release_iov_buffer(&tmp, m.iov, 4);
		return 1;
	}
	major = G.unwrap(&minor, r->actx, &token, &out, &conf, NULL);
	free(token.value);
	if (major != GSS_S_COMPLETE || out.length != 9 || memcmp(out.value, "iov hello", 9) != 0) {
		print_status("unwrap of wrap_iov's buffers end to end", major, minor);
		goto out;
	}
	G.release_buffer(&tmp, &out);
	/* The other way: gss_wrap's token through gss_unwrap_iov. */
	major = G.wrap(&minor, r->actx, 1, GSS_C_QOP_DEFAULT, &msg, NULL, &wrapped);
	memset(stream, 0, sizeof(stream));
	stream[0].type = GSS_IOV_BUFFER_TYPE_STREAM;
	stream[0].buffer = wrapped;
	stream[1].type = GSS_IOV_BUFFER_TYPE_DATA;
	if (major == GSS_S_COMPLETE) {
		major = G.unwrap_iov(&minor, r->ictx, &conf, NULL, stream, 2);
	}
	if (major != GSS_S_COMPLETE || stream[1].buffer.length != 9 ||
	    memcmp(stream[1].buffer.value, "by stream", 9) != 0) {
		print_status("unwrap_iov (STREAM) of wrap's token", major, minor);
		goto out;
	}
	printf("wrap_iov -> unwrap and wrap -> unwrap_iov work\n");
	bad = hostile_iov(r);
out:
	G.release_iov_buffer(&tmp, m.iov, 4);
	G.release_buffer(&tmp, &wrapped);
	G.release_buffer(&tmp, &out);
	return bad;
}

/* Whether set holds oid; a set that cannot be asked holds nothing. */
static int holds(gss_OID_set set, gss_OID oid)
{
	OM_uint32 minor;
	int present = 0;

	return set != GSS_C_NO_OID_SET &&
	       G.test_oid_set_member(&minor, oid, set, &present) == GSS_S_COMPLETE && present;
}

/* Whether the len octets at p hold the DER encoding of oid (tag, length,
 * octets). */
static int carries_oid(const void *p, size_t len, const gss_OID oid)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i + 2 + oid->length <= len; i++) {
		if (b[i] == 0x06 && b[i + 1] == oid->length &&
		    memcmp(b + i + 2, oid->elements, oid->length) == 0) {
			return 1;
		}
	}
	return 0;
}

/* SPNEGO's first token, with default credentials: the mechanisms it
 * offers hold krb5's OID and not mech_btns's. */
static int spnego_offers_no_btns(void)
{
	static gss_OID_desc spnego = { .length = 6,
				       .elements = (void *)"\x2b\x06\x01\x05\x05\x02" };
	gss_buffer_desc name = { .length = strlen("host@localhost"),
				 .value = (void *)"host@localhost" };
	gss_buffer_desc token = GSS_C_EMPTY_BUFFER;
	gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
	gss_name_t target;
	OM_uint32 major, minor, tmp;
	int ok;

	G.import_name(&tmp, &name, *G.hostbased, &target);
	major = G.init(&minor, GSS_C_NO_CREDENTIAL, &ctx, target, &spnego, GSS_C_MUTUAL_FLAG, 0,
		       GSS_C_NO_CHANNEL_BINDINGS, GSS_C_NO_BUFFER, NULL, &token, NULL, NULL);
	print_status("SPNEGO's first token", major, minor);
	ok = major == GSS_S_CONTINUE_NEEDED && carries_oid(token.value, token.length, &krb5_oid) &&
	     !carries_oid(token.value, token.length, GSS_BTNS_MECHANISM);
	printf("SPNEGO offers krb5: %s, mech_btns: %s\n",
	       carries_oid(token.value, token.length, &krb5_oid) ? "yes" : "no",
	       carries_oid(token.value, token.length, GSS_BTNS_MECHANISM) ? "yes" : "no");
	G.release_buffer(&tmp, &token);
	G.delete(&tmp, &ctx, GSS_C_NO_BUFFER);
	G.release_name(&tmp, &target);
	return ok ? 0 : 1;
}

/* mech_btns is registered and says it is no default mechanism: listed by
 * gss_indicate_mechs(), but left out of the default mechanisms and of
 * default credentials; a credential asked for by its OID has it. */
static int not_default(void)
{
	gss_OID_set_desc except = { .count = 1, .elements = (gss_OID)*G.not_default };
	gss_OID_set_desc btns_only = { .count = 1, .elements = GSS_BTNS_MECHANISM };
	gss_OID_set all = GSS_C_NO_OID_SET, defaults = GSS_C_NO_OID_SET, attrs = GSS_C_NO_OID_SET;
	gss_OID_set dflt_cred_mechs = GSS_C_NO_OID_SET, named_cred_mechs = GSS_C_NO_OID_SET;
	gss_cred_id_t dflt = GSS_C_NO_CREDENTIAL, named = GSS_C_NO_CREDENTIAL;
	OM_uint32 minor, tmp;
	int bad = 0;

	G.indicate_mechs(&minor, &all);
	G.indicate_mechs_by_attrs(&minor, GSS_C_NO_OID_SET, &except, GSS_C_NO_OID_SET, &defaults);
	G.inquire_attrs_for_mech(&minor, GSS_BTNS_MECHANISM, &attrs, NULL);
	G.acquire_cred_from(&minor, GSS_C_NO_NAME, 0, GSS_C_NO_OID_SET, GSS_C_INITIATE,
			    GSS_C_NO_CRED_STORE, &dflt, &dflt_cred_mechs, NULL);
	G.acquire_cred_from(&minor, GSS_C_NO_NAME, 0, &btns_only, GSS_C_INITIATE,
			    GSS_C_NO_CRED_STORE, &named, &named_cred_mechs, NULL);
	printf("gss_indicate_mechs lists mech_btns: %d\n", holds(all, GSS_BTNS_MECHANISM));
	printf("its attributes hold GSS_C_MA_NOT_DFLT_MECH: %d\n",
	       holds(attrs, (gss_OID)*G.not_default));
	printf("default mechanisms (by attributes): krb5 %d, mech_btns %d\n",
	       holds(defaults, &krb5_oid), holds(defaults, GSS_BTNS_MECHANISM));
	printf("default credential: krb5 %d, mech_btns %d\n", holds(dflt_cred_mechs, &krb5_oid),
	       holds(dflt_cred_mechs, GSS_BTNS_MECHANISM));
	printf("credential by OID: mech_btns %d\n", holds(named_cred_mechs, GSS_BTNS_MECHANISM));
	bad = !holds(all, GSS_BTNS_MECHANISM) || !holds(attrs, (gss_OID)*G.not_default) ||
	      !holds(defaults, &krb5_oid) || holds(defaults, GSS_BTNS_MECHANISM) ||
	      !holds(dflt_cred_mechs, &krb5_oid) || holds(dflt_cred_mechs, GSS_BTNS_MECHANISM) ||
	      !holds(named_cred_mechs, GSS_BTNS_MECHANISM) || spnego_offers_no_btns() != 0;
	G.release_oid_set(&tmp, &all);
	G.release_oid_set(&tmp, &defaults);
	G.release_oid_set(&tmp, &attrs);
	G.release_oid_set(&tmp, &dflt_cred_mechs);
	G.release_oid_set(&tmp, &named_cred_mechs);
	G.release_cred(&tmp, &dflt);
	G.release_cred(&tmp, &named);
	return bad;
}

static int bad_socket(void)
{
	gss_key_value_element_desc element = { .key = GSS_BTNS_CRED_STORE_SOCKET, .value = "999" };
	gss_key_value_set_desc store = { .count = 1, .elements = &element };
	gss_OID_set_desc mechs = { .count = 1, .elements = GSS_BTNS_MECHANISM };
	gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
	OM_uint32 major, minor;

	major = G.acquire_cred_from(&minor, GSS_C_NO_NAME, 0, &mechs, GSS_C_INITIATE, &store, &cred,
				    NULL, NULL);
	print_status("acquire_cred_from", major, minor);
	if (cred != GSS_C_NO_CREDENTIAL) {
		G.release_cred(&minor, &cred);
	}
	return GSS_ERROR(major) ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *c = argc == 2 ? argv[1] : "";
	struct run r, again;
	int bad = 1;
	OM_uint32 tmp;

	load_gssapi();
	if (strcmp(c, "bound") == 0) {
		establish_context(BINDING, BINDING, NULL, &r);
		bad = r.init_major != GSS_S_COMPLETE || !(r.init_flags & GSS_C_CHANNEL_BOUND_FLAG) ||
		      !(r.accept_flags & GSS_C_CHANNEL_BOUND_FLAG) || messages(&r) != 0 ||
		      r.delegated != GSS_C_NO_CREDENTIAL; /* none asked for */
		release_run(&r);
	} else if (strcmp(c, "mismatch") == 0) {
		establish_context(BINDING, OTHER, NULL, &r);
		bad = r.accept_major != GSS_S_BAD_BINDINGS;
		release_run(&r);
	} else if (strcmp(c, "unbound-acceptor") == 0) {
		establish_context(BINDING, NULL, NULL, &r);
		bad = r.accept_major != GSS_S_COMPLETE || r.init_major != GSS_S_BAD_BINDINGS;
		release_run(&r);
	} else if (strcmp(c, "plain") == 0) {
		establish_context(NULL, NULL, NULL, &r);
		bad = r.init_major != GSS_S_COMPLETE || (r.init_flags & GSS_C_CHANNEL_BOUND_FLAG) ||
		      (r.accept_flags & GSS_C_CHANNEL_BOUND_FLAG) || messages(&r) != 0;
		release_run(&r);
	} else if (strcmp(c, "garbled") == 0 || strcmp(c, "truncated") == 0) {
		establish_context(BINDING, BINDING, c[0] == 'g' ? flip : cut, &r);
		bad = !GSS_ERROR(r.accept_major);
		release_run(&r);
	} else if (strcmp(c, "replayed") == 0) {
		establish_context(BINDING, BINDING, NULL, &r);
		memset(&again, 0, sizeof(again));
		again.accept_major = G.accept(&again.minor, &again.actx, r.acceptor, &r.first,
					      GSS_C_NO_CHANNEL_BINDINGS, NULL, NULL, &again.first,
					      NULL, NULL, NULL);
		print_status("accept of the same token", again.accept_major, again.minor);
		bad = r.init_major != GSS_S_COMPLETE || !GSS_ERROR(again.accept_major);
		G.delete(&tmp, &again.actx, GSS_C_NO_BUFFER);
		G.release_buffer(&tmp, &again.first);
		release_run(&r);
	} else if (strcmp(c, "export") == 0) {
		establish_context(BINDING, BINDING, NULL, &r);
		bad = r.init_major != GSS_S_COMPLETE || messages(&r) != 0 || export_both(&r) != 0;
		release_run(&r);
	} else if (strcmp(c, "delegation") == 0) {
		establish_context_with_flags(BINDING, BINDING, NULL, GSS_C_DELEG_FLAG, &r);
		bad = r.init_major != GSS_S_COMPLETE || !(r.accept_flags & GSS_C_DELEG_FLAG) ||
		      r.delegated == GSS_C_NO_CREDENTIAL || initiate_with(r.delegated) != 0;
		release_run(&r);
	} else if (strcmp(c, "foreign") == 0) {
		bad = foreign_tokens();
	} else if (strcmp(c, "calls") == 0) {
		establish_context(BINDING, BINDING, NULL, &r);
		bad = r.init_major != GSS_S_COMPLETE || same_prf(&r) != 0 ||
		      krb5_answers(&r) != 0 || names(&r) != 0 || iov_messages(&r) != 0;
		release_run(&r);
	} else if (strcmp(c, "not-default") == 0) {
		bad = not_default();
	} else if (strcmp(c, "bad-socket") == 0) {
		bad = bad_socket();
	} else {
		fprintf(stderr, "usage: btns_bindings CASE (see the source)\n");
		return 2;
	}
	printf("%s: %s\n", c, bad ? "FAILED" : "ok");
	return bad;
}
