/* SPDX-License-Identifier: BSD-2-Clause */
/* create, free, dup and cmp of both kinds of token. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "test_util.h"

static struct ipsecapi_selector tcp_selector(uint16_t dport)
{
	struct ipsecapi_selector s;

	memset(&s, 0, sizeof(s));
	s.family = AF_INET;
	s.proto = IPPROTO_TCP;
	s.src_prefixlen = 32;
	s.dst_prefixlen = 32;
	s.src_port = 40000;
	s.dst_port = dport;
	inet_pton(AF_INET, "192.0.2.1", s.src);
	inet_pton(AF_INET, "192.0.2.2", s.dst);
	return s;
}

/* A pToken as the backend would report a latched, protected connection. */
static ipsec_pToken_t connection_ptoken(void)
{
	ipsec_pToken_t p = ipsec_create_pToken();
	ipsec_iToken_t peer = make_peer("CN=server"), self = make_peer("CN=client");
	struct ipsecapi_selector sel = tcp_selector(443);

	assert_non_null(p);
	fill_u16(p, IPSEC_API_ATTR_privacyProtection, IPSEC_API_ATTR_LEVEL_HIGH);
	fill_u16(p, IPSEC_API_ATTR_integrityProtection, IPSEC_API_ATTR_LEVEL_HIGH);
	fill_u16(p, IPSEC_API_ATTR_compression, IPSEC_API_ATTR_DISABLE);
	fill_u16(p, IPSEC_API_ATTR_tunnelMode, IPSEC_API_ATTR_DISABLE);
	fill_u16(p, IPSEC_API_ATTR_ipoptionsProtected, IPSEC_API_ATTR_DISABLE);
	fill_u16(p, IPSEC_API_ATTR_latchState, IPSEC_API_LATCH_ESTABLISHED);
	fill_str(p, IPSEC_API_ATTR_auditString, "esp transport aes-gcm-256 192.0.2.1 > 192.0.2.2");
	fill_str(p, IPSEC_API_ATTR_informationString, "Encrypted and authenticated");
	fill_str(p, IPSEC_API_ATTR_policyName, "secure");
	fill_str(peer, IPSEC_API_ATTR_channelBinding, "ipsec-unique:AAAA");
	fill_u16(peer, IPSEC_API_ATTR_channelBindingType, IPSEC_API_CB_UNIQUE);
	fill_bytes(peer, IPSEC_API_ATTR_channelBindingData, "\x01\x02\x03", 3);
	assert_int_equal(ipsec_set_token_attr(p, IPSEC_API_ATTR_iToken, sizeof(peer), &peer), 0);
	assert_int_equal(ipsec_set_token_attr(p, IPSEC_API_ATTR_remote_iToken, sizeof(self), &self), 0);
	assert_int_equal(ipsecapi_ptoken_set_selector(p, &sel), 0);
	ipsec_free_iToken(peer);
	ipsec_free_iToken(self);
	return p;
}

static char *get_string(const void *token, uint32_t attr)
{
	void *val = NULL;
	uint32_t len = 0;

	assert_int_equal(ipsec_get_token_attr(token, attr, &len, &val), 0);
	return val;
}

static ipsec_iToken_t get_itoken(ipsec_pToken_t p, uint32_t attr)
{
	ipsec_iToken_t it = NULL;
	void *val = &it;
	uint32_t len = sizeof(it);

	assert_int_equal(ipsec_get_token_attr(p, attr, &len, &val), 0);
	return it;
}

static void create_gives_distinct_tokens_and_free_takes_null(void **state)
{
	ipsec_pToken_t a = ipsec_create_pToken(), b = ipsec_create_pToken();
	ipsec_iToken_t c = ipsec_create_iToken();

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_ptr_not_equal(a, b);
	assert_int_equal(ipsec_free_pToken(NULL), 0);
	assert_int_equal(ipsec_free_iToken(NULL), 0);
	assert_int_equal(ipsec_free_pToken(a), 0);
	assert_int_equal(ipsec_free_pToken(b), 0);
	assert_int_equal(ipsec_free_iToken(c), 0);
}

static void free_refuses_the_other_kind(void **state)
{
	ipsec_pToken_t p = ipsec_create_pToken();
	ipsec_iToken_t it = ipsec_create_iToken();

	(void)state;
	assert_fails(ipsec_free_iToken((ipsec_iToken_t)p), EINVAL, "ipsec_free_iToken",
		     "a pToken was given where an iToken is needed");
	assert_fails(ipsec_free_pToken((ipsec_pToken_t)it), EINVAL, "ipsec_free_pToken",
		     "an iToken was given where a pToken is needed");
	/* Both are intact. */
	assert_int_equal(set_u16(p, IPSEC_API_ATTR_compression, IPSEC_API_ATTR_ENABLE), 0);
	assert_int_equal(set_u16(it, IPSEC_API_ATTR_authMeth_EAP, IPSEC_API_ATTR_ENABLE), 0);
	assert_int_equal(ipsec_free_pToken(p), 0);
	assert_int_equal(ipsec_free_iToken(it), 0);
}

static void dup_is_deep(void **state)
{
	ipsec_pToken_t p = connection_ptoken(), copy = NULL;
	ipsec_iToken_t peer;
	char *s;

	(void)state;
	assert_int_equal(ipsec_dup_pToken(&p, &copy), 0);
	assert_non_null(copy);
	assert_ptr_not_equal(copy, p);
	assert_int_equal(ipsec_cmp_pToken(p, copy), 0);
	ipsec_free_pToken(p);

	/* Everything survives the original, the nested iTokens included. */
	assert_int_equal(get_u16(copy, IPSEC_API_ATTR_privacyProtection), IPSEC_API_ATTR_LEVEL_HIGH);
	assert_int_equal(get_u16(copy, IPSEC_API_ATTR_latchState), IPSEC_API_LATCH_ESTABLISHED);
	s = get_string(copy, IPSEC_API_ATTR_auditString);
	assert_string_equal(s, "esp transport aes-gcm-256 192.0.2.1 > 192.0.2.2");
	free(s);
	s = get_string(copy, IPSEC_API_ATTR_informationString);
	assert_string_equal(s, "Encrypted and authenticated");
	free(s);
	peer = get_itoken(copy, IPSEC_API_ATTR_iToken);
	s = get_string(peer, IPSEC_API_ATTR_certificateDN);
	assert_string_equal(s, "CN=server");
	free(s);
	s = get_string(peer, IPSEC_API_ATTR_channelBinding);
	assert_string_equal(s, "ipsec-unique:AAAA");
	free(s);
	ipsec_free_iToken(peer);
	peer = get_itoken(copy, IPSEC_API_ATTR_remote_iToken);
	s = get_string(peer, IPSEC_API_ATTR_certificateDN);
	assert_string_equal(s, "CN=client");
	free(s);
	ipsec_free_iToken(peer);
	ipsec_free_pToken(copy);
}

static void dup_copies_are_independent(void **state)
{
	ipsec_pToken_t p = ipsec_create_pToken(), copy = NULL;
	ipsec_iToken_t it = ipsec_create_iToken(), it_copy = NULL;

	(void)state;
	assert_int_equal(set_str(p, IPSEC_API_ATTR_policyName, "one"), 0);
	assert_int_equal(ipsec_dup_pToken(&p, &copy), 0);
	assert_int_equal(set_str(copy, IPSEC_API_ATTR_policyName, "two"), 0);
	assert_int_equal(set_u16(copy, IPSEC_API_ATTR_tunnelMode, IPSEC_API_ATTR_ENABLE), 0);
	assert_int_equal(get_u16(p, IPSEC_API_ATTR_tunnelMode), IPSEC_API_ATTR_ANY);
	assert_int_not_equal(ipsec_cmp_pToken(p, copy), 0);

	assert_int_equal(ipsec_dup_iToken(it, &it_copy), 0);
	assert_int_equal(set_u16(it_copy, IPSEC_API_ATTR_authMeth_XAUTH, IPSEC_API_ATTR_DISABLE), 0);
	assert_int_equal(get_u16(it, IPSEC_API_ATTR_authMeth_XAUTH), IPSEC_API_ATTR_ANY);
	ipsec_free_pToken(p);
	ipsec_free_pToken(copy);
	ipsec_free_iToken(it);
	ipsec_free_iToken(it_copy);
}

static void dup_refuses_bad_arguments(void **state)
{
	ipsec_pToken_t p = ipsec_create_pToken(), none = NULL;
	ipsec_pToken_t out = (ipsec_pToken_t)&out; /* must stay as it is */
	ipsec_iToken_t it = ipsec_create_iToken(), it_out = NULL;

	(void)state;
	assert_fails(ipsec_dup_pToken(NULL, &out), EINVAL, "ipsec_dup_pToken", "p is NULL");
	assert_fails(ipsec_dup_pToken(&none, &out), EINVAL, "ipsec_dup_pToken", "NULL");
	assert_fails(ipsec_dup_pToken(&p, NULL), EINVAL, "ipsec_dup_pToken", "no place for the copy");
	assert_fails(ipsec_dup_pToken((ipsec_pToken_t *)&it, &out), EINVAL, "ipsec_dup_pToken",
		     "an iToken was given where a pToken is needed");
	assert_ptr_equal(out, &out);
	assert_fails(ipsec_dup_iToken(NULL, &it_out), EINVAL, "ipsec_dup_iToken", "NULL");
	assert_fails(ipsec_dup_iToken(it, NULL), EINVAL, "ipsec_dup_iToken", "no place");
	assert_null(it_out);
	ipsec_free_pToken(p);
	ipsec_free_iToken(it);
}

/* Each change to p, made on a fresh copy of the reference connection. */
typedef void (*mutation)(ipsec_pToken_t p);

static void change_privacy(ipsec_pToken_t p)
{
	fill_u16(p, IPSEC_API_ATTR_privacyProtection, IPSEC_API_ATTR_LEVEL_MEDIUM);
}
static void change_integrity(ipsec_pToken_t p)
{
	fill_u16(p, IPSEC_API_ATTR_integrityProtection, IPSEC_API_ATTR_ENABLE);
}
static void change_compression(ipsec_pToken_t p)
{
	fill_u16(p, IPSEC_API_ATTR_compression, IPSEC_API_ATTR_ANY);
}
static void change_tunnel_mode(ipsec_pToken_t p)
{
	fill_u16(p, IPSEC_API_ATTR_tunnelMode, IPSEC_API_ATTR_ENABLE);
}
static void change_ipoptions(ipsec_pToken_t p)
{
	fill_u16(p, IPSEC_API_ATTR_ipoptionsProtected, IPSEC_API_ATTR_ENABLE);
}
static void change_latch(ipsec_pToken_t p)
{
	fill_u16(p, IPSEC_API_ATTR_latchState, IPSEC_API_LATCH_BROKEN);
}
static void change_policy_name(ipsec_pToken_t p)
{
	fill_str(p, IPSEC_API_ATTR_policyName, "secure2");
}
static void change_selector_port(ipsec_pToken_t p)
{
	struct ipsecapi_selector s = tcp_selector(444);

	assert_int_equal(ipsecapi_ptoken_set_selector(p, &s), 0);
}
static void change_selector_address(ipsec_pToken_t p)
{
	struct ipsecapi_selector s = tcp_selector(443);

	s.dst[3] = 3;
	assert_int_equal(ipsecapi_ptoken_set_selector(p, &s), 0);
}
static void change_peer(ipsec_pToken_t p, uint32_t attr, const char *dn, uint32_t field, uint16_t v)
{
	ipsec_iToken_t it = make_peer(dn);

	if (field != 0) {
		fill_u16(it, field, v);
	}
	assert_int_equal(ipsec_set_token_attr(p, attr, sizeof(it), &it), 0);
	ipsec_free_iToken(it);
}
static void change_peer_dn(ipsec_pToken_t p)
{
	change_peer(p, IPSEC_API_ATTR_iToken, "CN=mallory", 0, 0);
}
static void change_peer_method(ipsec_pToken_t p)
{
	change_peer(p, IPSEC_API_ATTR_iToken, "CN=server", IPSEC_API_ATTR_authenticationMethod,
		    IPSEC_API_ATTR_authMeth_BTNS);
}
static void change_peer_demand(ipsec_pToken_t p)
{
	change_peer(p, IPSEC_API_ATTR_iToken, "CN=server", IPSEC_API_ATTR_authMeth_EAP,
		    IPSEC_API_ATTR_DISABLE);
}
static void change_peer_key(ipsec_pToken_t p)
{
	ipsec_iToken_t it = make_peer("CN=server");

	fill_bytes(it, IPSEC_API_ATTR_pubKeyID, "other key", 9);
	assert_int_equal(ipsec_set_token_attr(p, IPSEC_API_ATTR_iToken, sizeof(it), &it), 0);
	ipsec_free_iToken(it);
}
static void change_local_identity(ipsec_pToken_t p)
{
	change_peer(p, IPSEC_API_ATTR_remote_iToken, "CN=someone-else", 0, 0);
}

static void cmp_sees_every_protection_property(void **state)
{
	static const mutation mutations[] = {
		change_privacy, change_integrity, change_compression, change_tunnel_mode,
		change_ipoptions, change_latch, change_policy_name, change_selector_port,
		change_selector_address, change_peer_dn, change_peer_method, change_peer_demand,
		change_peer_key, change_local_identity,
	};
	ipsec_pToken_t ref = connection_ptoken();
	size_t i;

	(void)state;
	assert_int_equal(ipsec_cmp_pToken(ref, ref), 0);
	for (i = 0; i < sizeof(mutations) / sizeof(mutations[0]); i++) {
		ipsec_pToken_t p = connection_ptoken();

		assert_int_equal(ipsec_cmp_pToken(ref, p), 0);
		mutations[i](p);
		assert_int_equal(ipsec_cmp_pToken(ref, p), 1);
		assert_int_equal(ipsec_cmp_pToken(p, ref), 1);
		ipsec_free_pToken(p);
	}
	ipsec_free_pToken(ref);
}

static void cmp_ignores_descriptions_and_per_sa_bindings(void **state)
{
	ipsec_pToken_t ref = connection_ptoken(), p = connection_ptoken();
	ipsec_iToken_t peer = make_peer("CN=server");

	(void)state;
	/* A rekeyed SA: new audit text, new unique channel binding. */
	fill_str(p, IPSEC_API_ATTR_auditString, "esp transport aes-gcm-256 (rekeyed 12:00)");
	fill_str(p, IPSEC_API_ATTR_informationString, "Verschlüsselt");
	fill_str(peer, IPSEC_API_ATTR_auditString, "peer re-authenticated");
	fill_str(peer, IPSEC_API_ATTR_channelBinding, "ipsec-unique:BBBB");
	fill_u16(peer, IPSEC_API_ATTR_channelBindingType, IPSEC_API_CB_END_POINT);
	fill_bytes(peer, IPSEC_API_ATTR_channelBindingData, "\x09", 1);
	assert_int_equal(ipsec_set_token_attr(p, IPSEC_API_ATTR_iToken, sizeof(peer), &peer), 0);
	assert_int_equal(ipsec_cmp_pToken(ref, p), 0);
	ipsec_free_iToken(peer);
	ipsec_free_pToken(ref);
	ipsec_free_pToken(p);
}

static void cmp_template_and_connection_differ(void **state)
{
	ipsec_pToken_t a = ipsec_create_pToken(), b = ipsec_create_pToken();
	ipsec_pToken_t conn = connection_ptoken();

	(void)state;
	/* Two empty templates ask for the same; a connection is not a template. */
	assert_int_equal(ipsec_cmp_pToken(a, b), 0);
	assert_int_equal(ipsec_cmp_pToken(a, conn), 1);
	/* An explicit ANY is the default. */
	assert_int_equal(set_u16(b, IPSEC_API_ATTR_privacyProtection, IPSEC_API_ATTR_ANY), 0);
	assert_int_equal(ipsec_cmp_pToken(a, b), 0);
	ipsec_free_pToken(a);
	ipsec_free_pToken(b);
	ipsec_free_pToken(conn);
}

static void cmp_fails_closed_on_bad_arguments(void **state)
{
	ipsec_pToken_t p = ipsec_create_pToken();
	ipsec_iToken_t it = ipsec_create_iToken();

	(void)state;
	assert_fails(ipsec_cmp_pToken(p, NULL), EINVAL, "ipsec_cmp_pToken", "NULL");
	assert_fails(ipsec_cmp_pToken(NULL, p), EINVAL, "ipsec_cmp_pToken", "NULL");
	assert_fails(ipsec_cmp_pToken(p, (ipsec_pToken_t)it), EINVAL, "ipsec_cmp_pToken",
		     "an iToken was given");
	assert_fails(ipsec_cmp_iToken(it, (ipsec_iToken_t)p), EINVAL, "ipsec_cmp_iToken",
		     "a pToken was given");
	ipsec_free_pToken(p);
	ipsec_free_iToken(it);
}

static void cmp_itoken_compares_identity(void **state)
{
	ipsec_iToken_t a = make_peer("CN=a"), b = make_peer("CN=a"), c = make_peer("CN=c");

	(void)state;
	fill_str(b, IPSEC_API_ATTR_auditString, "another description");
	assert_int_equal(ipsec_cmp_iToken(a, b), 0);
	assert_int_equal(ipsec_cmp_iToken(a, c), 1);
	fill_str(c, IPSEC_API_ATTR_certificateDN, "CN=a");
	assert_int_equal(ipsec_cmp_iToken(a, c), 0);
	fill_str(c, IPSEC_API_ATTR_certificateAuthorityDN, "CN=Other CA");
	assert_int_equal(ipsec_cmp_iToken(a, c), 1);
	ipsec_free_iToken(a);
	ipsec_free_iToken(b);
	ipsec_free_iToken(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(create_gives_distinct_tokens_and_free_takes_null),
		cmocka_unit_test(free_refuses_the_other_kind),
		cmocka_unit_test(dup_is_deep),
		cmocka_unit_test(dup_copies_are_independent),
		cmocka_unit_test(dup_refuses_bad_arguments),
		cmocka_unit_test(cmp_sees_every_protection_property),
		cmocka_unit_test(cmp_ignores_descriptions_and_per_sa_bindings),
		cmocka_unit_test(cmp_template_and_connection_differ),
		cmocka_unit_test(cmp_fails_closed_on_bad_arguments),
		cmocka_unit_test(cmp_itoken_compares_identity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
