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
#include <gssapi/gssapi_ext.h>

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
	gss_OID *hostbased;
} G;

static gss_OID_desc btns_oid = { .length = 10,
				 .elements = (void *)"\x2b\x06\x01\x04\x01\x81\xfd\x59\x01\x01" };
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
		{ .slot = &G.hostbased, .name = "GSS_C_NT_HOSTBASED_SERVICE" },
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
	if (minor != 0 && G.display_status(&tmp, minor, GSS_C_MECH_CODE, &btns_oid, &context, &text) ==
	    GSS_S_COMPLETE) {
		printf(", minor: %.*s", (int)text.length, (char *)text.value);
		G.release_buffer(&tmp, &text);
	}
	printf("\n");
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
	OM_uint32 init_major, accept_major, minor;
	OM_uint32 init_flags, accept_flags;
	gss_ctx_id_t ictx, actx;
	gss_buffer_desc first; /* the initiator's first token, kept */
	gss_cred_id_t delegated; /* what the acceptor received */
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
	G.import_name(&tmp, &name, *G.hostbased, &target);
	r->init_major = G.init(&r->minor, GSS_C_NO_CREDENTIAL, &r->ictx, target, &btns_oid,
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
	r->accept_major = G.accept(&r->minor, &r->actx, GSS_C_NO_CREDENTIAL, &r->first,
				   bindings(acb, &ab), NULL, NULL, &reply, &r->accept_flags, NULL,
				   &r->delegated);
	print_status("accept", r->accept_major, r->minor);
	if (r->accept_major != GSS_S_COMPLETE) {
		G.release_name(&tmp, &target);
		return;
	}
	r->init_major = G.init(&r->minor, GSS_C_NO_CREDENTIAL, &r->ictx, target, &btns_oid,
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
		if (major != GSS_S_COMPLETE || mech == GSS_C_NO_OID || mech->length != btns_oid.length ||
		    memcmp(mech->elements, btns_oid.elements, btns_oid.length) != 0 ||
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
	major = G.init(&minor, cred, &ctx, target, &btns_oid, GSS_C_MUTUAL_FLAG, 0,
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
	    G.encapsulate(&inner, &btns_oid, &framed) != 0) {
		print_status("krb5's first token", major, minor);
		goto out;
	}
	major = G.accept(&minor, &actx, GSS_C_NO_CREDENTIAL, &framed, GSS_C_NO_CHANNEL_BINDINGS,
			 NULL, NULL, &out, NULL, NULL, NULL);
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
	return bad;
}

static int bad_socket(void)
{
	gss_key_value_element_desc element = { .key = "btns-socket", .value = "999" };
	gss_key_value_set_desc store = { .count = 1, .elements = &element };
	gss_OID_set_desc mechs = { .count = 1, .elements = &btns_oid };
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
		again.accept_major = G.accept(&again.minor, &again.actx, GSS_C_NO_CREDENTIAL, &r.first,
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
	} else if (strcmp(c, "bad-socket") == 0) {
		bad = bad_socket();
	} else {
		fprintf(stderr, "usage: btns_bindings CASE (see the source)\n");
		return 2;
	}
	printf("%s: %s\n", c, bad ? "FAILED" : "ok");
	return bad;
}
