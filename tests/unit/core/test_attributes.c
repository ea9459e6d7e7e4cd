/* SPDX-License-Identifier: BSD-2-Clause */
/* ipsec_get_token_attr() and ipsec_set_token_attr(): types, sizes, access. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "test_util.h"

enum kind { ITOKEN = 1, PTOKEN = 2 };
enum type { U16, STR, BYTES, ITOK, U32 };

/* What the header promises for each attribute (not read from the code). */
static const struct expected {
	uint32_t attr;
	unsigned kinds;
	enum type type;
	int writable;
} expected[] = {
	{ .attr = IPSEC_API_ATTR_auditString, .kinds = ITOKEN | PTOKEN, .type = STR,
	  .writable = 0 },
	{ .attr = IPSEC_API_ATTR_authenticationMethod, .kinds = ITOKEN, .type = U16,
	  .writable = 0 },
	{ .attr = IPSEC_API_ATTR_certificateAuthorityDN, .kinds = ITOKEN, .type = STR,
	  .writable = 0 },
	{ .attr = IPSEC_API_ATTR_certificateDN, .kinds = ITOKEN, .type = STR, .writable = 0 },
	{ .attr = IPSEC_API_ATTR_pubKeyID, .kinds = ITOKEN, .type = BYTES, .writable = 0 },
	{ .attr = IPSEC_API_ATTR_channelBinding, .kinds = ITOKEN, .type = STR, .writable = 0 },
	{ .attr = IPSEC_API_ATTR_channelBindingType, .kinds = ITOKEN, .type = U16, .writable = 0 },
	{ .attr = IPSEC_API_ATTR_channelBindingData, .kinds = ITOKEN, .type = BYTES,
	  .writable = 0 },
	{ .attr = IPSEC_API_ATTR_authMeth_NONE, .kinds = ITOKEN, .type = U16, .writable = 1 },
	{ .attr = IPSEC_API_ATTR_authMeth_BTNS, .kinds = ITOKEN, .type = U16, .writable = 1 },
	{ .attr = IPSEC_API_ATTR_authMeth_LEAPOFFAITH, .kinds = ITOKEN, .type = U16,
	  .writable = 1 },
	{ .attr = IPSEC_API_ATTR_authMeth_PRESHAREDKEY, .kinds = ITOKEN, .type = U16,
	  .writable = 1 },
	{ .attr = IPSEC_API_ATTR_authMeth_GROUPKEY, .kinds = ITOKEN, .type = U16, .writable = 1 },
	{ .attr = IPSEC_API_ATTR_authMeth_XAUTH, .kinds = ITOKEN, .type = U16, .writable = 1 },
	{ .attr = IPSEC_API_ATTR_authMeth_EAP, .kinds = ITOKEN, .type = U16, .writable = 1 },
	{ .attr = IPSEC_API_ATTR_authMeth_PKIX_TRUSTED, .kinds = ITOKEN, .type = U16,
	  .writable = 1 },
	{ .attr = IPSEC_API_ATTR_authMeth_PKIX_INLINE, .kinds = ITOKEN, .type = U16,
	  .writable = 1 },
	{ .attr = IPSEC_API_ATTR_authMeth_PKIX_OFFLINE, .kinds = ITOKEN, .type = U16,
	  .writable = 1 },
	{ .attr = IPSEC_API_ATTR_privacyProtection, .kinds = PTOKEN, .type = U16, .writable = 1 },
	{ .attr = IPSEC_API_ATTR_integrityProtection, .kinds = PTOKEN, .type = U16, .writable = 1 },
	{ .attr = IPSEC_API_ATTR_compression, .kinds = PTOKEN, .type = U16, .writable = 1 },
	{ .attr = IPSEC_API_ATTR_iToken, .kinds = PTOKEN, .type = ITOK, .writable = 1 },
	{ .attr = IPSEC_API_ATTR_policyName, .kinds = PTOKEN, .type = STR, .writable = 1 },
	{ .attr = IPSEC_API_ATTR_remote_iToken, .kinds = PTOKEN, .type = ITOK, .writable = 1 },
	{ .attr = IPSEC_API_ATTR_tunnelMode, .kinds = PTOKEN, .type = U16, .writable = 1 },
	{ .attr = IPSEC_API_ATTR_ipoptionsProtected, .kinds = PTOKEN, .type = U16, .writable = 0 },
	{ .attr = IPSEC_API_ATTR_informationString, .kinds = PTOKEN, .type = STR, .writable = 0 },
	{ .attr = IPSEC_API_ATTR_latchState, .kinds = PTOKEN, .type = U16, .writable = 0 },
	{ .attr = IPSEC_API_ATTR_reqid, .kinds = PTOKEN, .type = U32, .writable = 1 },
};

#define NEXPECTED (sizeof(expected) / sizeof(expected[0]))

struct tokens {
	ipsec_iToken_t it;
	ipsec_pToken_t p;
};

static int setup(void **state)
{
	struct tokens *t = calloc(1, sizeof(*t));

	t->it = ipsec_create_iToken();
	t->p = ipsec_create_pToken();
	*state = t;
	return t->it != NULL && t->p != NULL ? 0 : -1;
}

static int teardown(void **state)
{
	struct tokens *t = *state;

	assert_int_equal(ipsec_free_iToken(t->it), 0);
	assert_int_equal(ipsec_free_pToken(t->p), 0);
	free(t);
	return 0;
}

static void *token_of(struct tokens *t, unsigned kind)
{
	return kind == ITOKEN ? (void *)t->it : (void *)t->p;
}

/* A valid value of an attribute, for the tests that only need one. */
static void valid_value(const struct expected *e, uint16_t *u16, const void **val,
			uint32_t *len, ipsec_iToken_t *it)
{
	static const char text[] = "text";
	static const uint32_t u32 = 100;

	switch (e->type) {
	case U16:
		*u16 = e->attr == IPSEC_API_ATTR_authenticationMethod ? IPSEC_API_ATTR_authMeth_BTNS
		     : e->attr == IPSEC_API_ATTR_latchState ? IPSEC_API_LATCH_ESTABLISHED
		     : e->attr == IPSEC_API_ATTR_channelBindingType ? IPSEC_API_CB_UNIQUE
		     : IPSEC_API_ATTR_ENABLE;
		*val = u16;
		*len = sizeof(*u16);
		break;
	case STR:
	case BYTES:
		*val = text;
		*len = sizeof(text);
		break;
	case ITOK:
		*val = it;
		*len = sizeof(*it);
		break;
	case U32:
		*val = &u32;
		*len = sizeof(u32);
		break;
	}
}

static void fresh_tokens_read_any_or_enoent(void **state)
{
	struct tokens *t = *state;
	size_t i;
	unsigned k;

	for (i = 0; i < NEXPECTED; i++) {
		for (k = ITOKEN; k <= PTOKEN; k++) {
			uint32_t len = 0;
			void *val = NULL;

			if (!(expected[i].kinds & k)) {
				continue;
			}
			if (expected[i].type == U16 && expected[i].writable) {
				assert_int_equal(get_u16(token_of(t, k), expected[i].attr),
						 IPSEC_API_ATTR_ANY);
			} else {
				assert_fails(ipsec_get_token_attr(token_of(t, k), expected[i].attr,
								  &len, &val),
					     ENOENT, "ipsec_get_token_attr",
					     ipsec_constant_name(expected[i].attr));
				assert_null(val);
			}
		}
	}
}

static void read_only_attributes_refuse_set(void **state)
{
	struct tokens *t = *state;
	ipsec_iToken_t it = ipsec_create_iToken();
	size_t i;
	unsigned k;

	for (i = 0; i < NEXPECTED; i++) {
		for (k = ITOKEN; k <= PTOKEN; k++) {
			const struct expected *e = &expected[i];
			const void *val = NULL;
			uint32_t len = 0, got_len = 0;
			void *got = NULL;
			uint16_t u16;

			if (!(e->kinds & k) || e->writable) {
				continue;
			}
			valid_value(e, &u16, &val, &len, &it);
			assert_fails(ipsec_set_token_attr(token_of(t, k), e->attr, len, val),
				     EPERM, "ipsec_set_token_attr", "read-only");
			/* The backend can fill it; a caller still cannot change it. */
			assert_int_equal(ipsecapi_token_fill(token_of(t, k), e->attr, len, val), 0);
			assert_fails(ipsec_set_token_attr(token_of(t, k), e->attr, len, val),
				     EPERM, "ipsec_set_token_attr", ipsec_constant_name(e->attr));
			assert_int_equal(ipsec_get_token_attr(token_of(t, k), e->attr, &got_len, &got), 0);
			assert_int_equal(got_len, len);
			assert_memory_equal(got, val, len);
			free(got);
		}
	}
	ipsec_free_iToken(it);
}

static void writable_values_follow_their_domain(void **state)
{
	static const uint16_t levels[] = {
		IPSEC_API_ATTR_LEVEL_LOW, IPSEC_API_ATTR_LEVEL_MEDIUM, IPSEC_API_ATTR_LEVEL_HIGH,
	};
	static const uint16_t never[] = {
		0, 1, 0x0200, 0x0207, IPSEC_API_ATTR_authMeth_BTNS, IPSEC_API_LATCH_BROKEN,
		IPSEC_API_CB_UNIQUE, IPSEC_API_ATTR_privacyProtection, 0xffff,
	};
	struct tokens *t = *state;
	size_t i, j;

	for (i = 0; i < NEXPECTED; i++) {
		const struct expected *e = &expected[i];
		void *token = token_of(t, e->kinds);
		int takes_levels = e->attr == IPSEC_API_ATTR_privacyProtection ||
				   e->attr == IPSEC_API_ATTR_integrityProtection;

		if (e->type != U16 || !e->writable) {
			continue;
		}
		assert_int_equal(set_u16(token, e->attr, IPSEC_API_ATTR_DISABLE), 0);
		assert_int_equal(get_u16(token, e->attr), IPSEC_API_ATTR_DISABLE);
		assert_int_equal(set_u16(token, e->attr, IPSEC_API_ATTR_ENABLE), 0);
		assert_int_equal(get_u16(token, e->attr), IPSEC_API_ATTR_ENABLE);
		for (j = 0; j < 3; j++) {
			if (takes_levels) {
				assert_int_equal(set_u16(token, e->attr, levels[j]), 0);
				assert_int_equal(get_u16(token, e->attr), levels[j]);
			} else {
				assert_fails(set_u16(token, e->attr, levels[j]), EINVAL,
					     "ipsec_set_token_attr", "cannot be LEVEL_");
				assert_int_equal(get_u16(token, e->attr), IPSEC_API_ATTR_ENABLE);
			}
		}
		for (j = 0; j < sizeof(never) / sizeof(never[0]); j++) {
			uint16_t before = get_u16(token, e->attr);

			assert_fails(set_u16(token, e->attr, never[j]), EINVAL,
				     "ipsec_set_token_attr", "cannot be");
			assert_int_equal(get_u16(token, e->attr), before);
		}
		assert_int_equal(set_u16(token, e->attr, IPSEC_API_ATTR_ANY), 0);
		assert_int_equal(get_u16(token, e->attr), IPSEC_API_ATTR_ANY);
	}
}

static void read_only_u16_values_are_checked(void **state)
{
	struct tokens *t = *state;
	uint16_t v;

	v = IPSEC_API_ATTR_ENABLE; /* not an authentication method */
	assert_int_equal(ipsecapi_token_fill(t->it, IPSEC_API_ATTR_authenticationMethod, 2, &v), -1);
	assert_int_equal(errno, EINVAL);
	v = IPSEC_API_ATTR_ANY; /* the latch has a state, never "any" */
	assert_int_equal(ipsecapi_token_fill(t->p, IPSEC_API_ATTR_latchState, 2, &v), -1);
	v = IPSEC_API_ATTR_ANY; /* a fact, not a demand */
	assert_int_equal(ipsecapi_token_fill(t->p, IPSEC_API_ATTR_ipoptionsProtected, 2, &v), -1);
	v = IPSEC_API_LATCH_LISTENER;
	assert_int_equal(ipsecapi_token_fill(t->it, IPSEC_API_ATTR_channelBindingType, 2, &v), -1);
	v = IPSEC_API_CB_END_POINT;
	assert_int_equal(ipsecapi_token_fill(t->it, IPSEC_API_ATTR_channelBindingType, 2, &v), 0);
	assert_int_equal(get_u16(t->it, IPSEC_API_ATTR_channelBindingType), IPSEC_API_CB_END_POINT);
	assert_int_equal(get_u16(t->it, IPSEC_API_ATTR_channelBindingType), IPSEC_API_CB_END_POINT);
	v = IPSEC_API_LATCH_BROKEN;
	assert_int_equal(ipsecapi_token_fill(t->p, IPSEC_API_ATTR_latchState, 2, &v), 0);
	assert_int_equal(get_u16(t->p, IPSEC_API_ATTR_latchState), IPSEC_API_LATCH_BROKEN);
}

static void u16_needs_two_octets(void **state)
{
	struct tokens *t = *state;
	uint32_t four = IPSEC_API_ATTR_ENABLE;
	uint8_t one = 1;

	assert_int_equal(set_u16(t->p, IPSEC_API_ATTR_privacyProtection, IPSEC_API_ATTR_LEVEL_LOW), 0);
	assert_fails(ipsec_set_token_attr(t->p, IPSEC_API_ATTR_privacyProtection, 4, &four),
		     EINVAL, "ipsec_set_token_attr", "2-octet");
	assert_fails(ipsec_set_token_attr(t->p, IPSEC_API_ATTR_privacyProtection, 1, &one),
		     EINVAL, "ipsec_set_token_attr", "2-octet");
	assert_fails(ipsec_set_token_attr(t->p, IPSEC_API_ATTR_privacyProtection, 0, &one),
		     EINVAL, "ipsec_set_token_attr", "2-octet");
	assert_int_equal(get_u16(t->p, IPSEC_API_ATTR_privacyProtection), IPSEC_API_ATTR_LEVEL_LOW);
}

static void get_follows_the_draft_buffer_rules(void **state)
{
	static const char name[] = "secure";
	struct tokens *t = *state;
	char buf[16];
	void *val;
	uint32_t len;

	assert_int_equal(set_str(t->p, IPSEC_API_ATTR_policyName, name), 0);

	/* attr_val == NULL: the size only. */
	len = 0;
	assert_int_equal(ipsec_get_token_attr(t->p, IPSEC_API_ATTR_policyName, &len, NULL), 0);
	assert_int_equal(len, sizeof(name));

	/* *attr_val == NULL: a malloc()ed copy. */
	val = NULL;
	len = 0;
	assert_int_equal(ipsec_get_token_attr(t->p, IPSEC_API_ATTR_policyName, &len, &val), 0);
	assert_non_null(val);
	assert_int_equal(len, sizeof(name));
	assert_string_equal(val, name);
	free(val);

	/* A larger buffer: filled, *attr_len becomes the value's size. */
	memset(buf, 'x', sizeof(buf));
	val = buf;
	len = sizeof(buf);
	assert_int_equal(ipsec_get_token_attr(t->p, IPSEC_API_ATTR_policyName, &len, &val), 0);
	assert_ptr_equal(val, buf);
	assert_int_equal(len, sizeof(name));
	assert_string_equal(buf, name);
	assert_int_equal(buf[sizeof(name)], 'x');

	/* An exact buffer. */
	val = buf;
	len = sizeof(name);
	assert_int_equal(ipsec_get_token_attr(t->p, IPSEC_API_ATTR_policyName, &len, &val), 0);
	assert_int_equal(len, sizeof(name));

	/* Too small: ERANGE, the size needed, the buffer untouched. */
	memset(buf, 'x', sizeof(buf));
	val = buf;
	len = sizeof(name) - 1;
	assert_fails(ipsec_get_token_attr(t->p, IPSEC_API_ATTR_policyName, &len, &val),
		     ERANGE, "ipsec_get_token_attr", "are needed");
	assert_int_equal(len, sizeof(name));
	assert_ptr_equal(val, buf);
	assert_int_equal(buf[0], 'x');

	/* A 2-octet value in a 1-octet buffer. */
	val = buf;
	len = 1;
	assert_fails(ipsec_get_token_attr(t->p, IPSEC_API_ATTR_compression, &len, &val),
		     ERANGE, "ipsec_get_token_attr", "2 are needed");
	assert_int_equal(len, 2);

	/* No attr_len. */
	val = NULL;
	assert_fails(ipsec_get_token_attr(t->p, IPSEC_API_ATTR_policyName, NULL, &val),
		     EINVAL, "ipsec_get_token_attr", "no length argument");
	assert_null(val);
	/* Before anything else: an unset attribute gives the same. */
	assert_fails(ipsec_get_token_attr(t->p, IPSEC_API_ATTR_auditString, NULL, &val),
		     EINVAL, "ipsec_get_token_attr", "no length argument");
}

static void strings_are_nul_terminated_and_bounded(void **state)
{
	struct tokens *t = *state;
	char *big = malloc(IPSEC_API_ATTR_MAX_LEN + 1);
	uint32_t len = 0;

	assert_non_null(big);
	assert_int_equal(set_str(t->p, IPSEC_API_ATTR_policyName, "before"), 0);
	assert_fails(ipsec_set_token_attr(t->p, IPSEC_API_ATTR_policyName, 3, "abc"),
		     EINVAL, "ipsec_set_token_attr", "only NUL is its last octet");
	assert_fails(ipsec_set_token_attr(t->p, IPSEC_API_ATTR_policyName, 4, "a\0b"),
		     EINVAL, "ipsec_set_token_attr", "only NUL is its last octet");
	assert_fails(ipsec_set_token_attr(t->p, IPSEC_API_ATTR_policyName, 0, ""),
		     EINVAL, "ipsec_set_token_attr", "outside 1..65535");
	assert_fails(ipsec_set_token_attr(t->p, IPSEC_API_ATTR_policyName, 5, NULL),
		     EINVAL, "ipsec_set_token_attr", "no value");

	memset(big, 'a', IPSEC_API_ATTR_MAX_LEN + 1);
	big[IPSEC_API_ATTR_MAX_LEN] = '\0';
	assert_fails(ipsec_set_token_attr(t->p, IPSEC_API_ATTR_policyName,
					  IPSEC_API_ATTR_MAX_LEN + 1, big),
		     EINVAL, "ipsec_set_token_attr", "outside 1..65535");
	assert_int_equal(ipsec_get_token_attr(t->p, IPSEC_API_ATTR_policyName, &len, NULL), 0);
	assert_int_equal(len, sizeof("before"));

	big[IPSEC_API_ATTR_MAX_LEN - 1] = '\0';
	assert_int_equal(ipsec_set_token_attr(t->p, IPSEC_API_ATTR_policyName,
					      IPSEC_API_ATTR_MAX_LEN, big), 0);
	assert_int_equal(ipsec_get_token_attr(t->p, IPSEC_API_ATTR_policyName, &len, NULL), 0);
	assert_int_equal(len, IPSEC_API_ATTR_MAX_LEN);

	assert_int_equal(set_str(t->p, IPSEC_API_ATTR_policyName, ""), 0);
	assert_int_equal(ipsec_get_token_attr(t->p, IPSEC_API_ATTR_policyName, &len, NULL), 0);
	assert_int_equal(len, 1);
	free(big);
}

static void bytes_are_bounded(void **state)
{
	struct tokens *t = *state;
	uint8_t *big = calloc(1, IPSEC_API_ATTR_MAX_LEN + 1);
	uint8_t zero[3] = { 0, 0, 0 };
	uint32_t len = 0;
	void *val = NULL;

	assert_non_null(big);
	/* Bytes may hold NULs anywhere. */
	fill_bytes(t->it, IPSEC_API_ATTR_pubKeyID, zero, sizeof(zero));
	assert_int_equal(ipsecapi_token_fill(t->it, IPSEC_API_ATTR_pubKeyID, 0, zero), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ipsecapi_token_fill(t->it, IPSEC_API_ATTR_pubKeyID,
					     IPSEC_API_ATTR_MAX_LEN + 1, big), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ipsec_get_token_attr(t->it, IPSEC_API_ATTR_pubKeyID, &len, &val), 0);
	assert_int_equal(len, sizeof(zero));
	assert_memory_equal(val, zero, sizeof(zero));
	free(val);
	fill_bytes(t->it, IPSEC_API_ATTR_pubKeyID, big, IPSEC_API_ATTR_MAX_LEN);
	assert_int_equal(ipsec_get_token_attr(t->it, IPSEC_API_ATTR_pubKeyID, &len, NULL), 0);
	assert_int_equal(len, IPSEC_API_ATTR_MAX_LEN);
	free(big);
}

static void itoken_attribute_holds_a_copy(void **state)
{
	static const uint32_t attrs[] = { IPSEC_API_ATTR_iToken, IPSEC_API_ATTR_remote_iToken };
	struct tokens *t = *state;
	size_t i;

	for (i = 0; i < 2; i++) {
		ipsec_iToken_t peer = make_peer("CN=peer"), got = NULL, got2 = NULL;
		void *val = &got;
		uint32_t len = sizeof(got);

		assert_int_equal(set_u16(peer, IPSEC_API_ATTR_authMeth_BTNS, IPSEC_API_ATTR_ENABLE), 0);
		assert_int_equal(ipsec_set_token_attr(t->p, attrs[i], sizeof(peer), &peer), 0);
		/* Changing or freeing the caller's token leaves the pToken's copy. */
		assert_int_equal(set_u16(peer, IPSEC_API_ATTR_authMeth_BTNS, IPSEC_API_ATTR_DISABLE), 0);
		assert_int_equal(ipsec_free_iToken(peer), 0);

		assert_int_equal(ipsec_get_token_attr(t->p, attrs[i], &len, &val), 0);
		assert_int_equal(len, sizeof(got));
		assert_non_null(got);
		assert_int_equal(get_u16(got, IPSEC_API_ATTR_authMeth_BTNS), IPSEC_API_ATTR_ENABLE);
		assert_int_equal(get_u16(got, IPSEC_API_ATTR_authenticationMethod),
				 IPSEC_API_ATTR_authMeth_PKIX_INLINE);

		/* Each get is a new token of the caller's. */
		val = &got2;
		assert_int_equal(ipsec_get_token_attr(t->p, attrs[i], &len, &val), 0);
		assert_ptr_not_equal(got, got2);
		assert_int_equal(set_u16(got, IPSEC_API_ATTR_authMeth_EAP, IPSEC_API_ATTR_ENABLE), 0);
		assert_int_equal(get_u16(got2, IPSEC_API_ATTR_authMeth_EAP), IPSEC_API_ATTR_ANY);
		ipsec_free_iToken(got);
		ipsec_free_iToken(got2);

		/* The malloc form: a buffer holding a handle; both are the caller's. */
		val = NULL;
		assert_int_equal(ipsec_get_token_attr(t->p, attrs[i], &len, &val), 0);
		memcpy(&got, val, sizeof(got));
		free(val);
		assert_int_equal(ipsec_cmp_iToken(got, got), 0);
		ipsec_free_iToken(got);
	}
}

static void itoken_attribute_refuses_non_itokens(void **state)
{
	struct tokens *t = *state;
	ipsec_iToken_t none = NULL;
	ipsec_pToken_t other = ipsec_create_pToken();
	uint32_t len = 0;

	assert_fails(ipsec_set_token_attr(t->p, IPSEC_API_ATTR_iToken, sizeof(none), &none),
		     EINVAL, "ipsec_set_token_attr", "NULL");
	assert_fails(ipsec_set_token_attr(t->p, IPSEC_API_ATTR_iToken, sizeof(other), &other),
		     EINVAL, "ipsec_set_token_attr", "a pToken was given where an iToken is needed");
	assert_fails(ipsec_set_token_attr(t->p, IPSEC_API_ATTR_iToken, 4, &t->it),
		     EINVAL, "ipsec_set_token_attr", "takes an ipsec_iToken_t");
	assert_fails(ipsec_get_token_attr(t->p, IPSEC_API_ATTR_iToken, &len, NULL),
		     ENOENT, "ipsec_get_token_attr", "has no iToken");
	ipsec_free_pToken(other);
}

static void unknown_and_foreign_attributes_are_refused(void **state)
{
	static const uint32_t unknown[] = { 0, 0x0007, 0x0057, 0x010b, 0x10001, UINT32_MAX };
	struct tokens *t = *state;
	uint32_t len = 0;
	uint16_t v = IPSEC_API_ATTR_ENABLE;
	size_t i;

	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		assert_fails(ipsec_get_token_attr(t->p, unknown[i], &len, NULL), EINVAL,
			     "ipsec_get_token_attr", "is not an attribute type");
		assert_fails(ipsec_set_token_attr(t->it, unknown[i], 2, &v), EINVAL,
			     "ipsec_set_token_attr", "is not an attribute type");
	}
	/* Constants that are values, not attribute types. */
	assert_fails(ipsec_get_token_attr(t->p, IPSEC_API_ATTR_ENABLE, &len, NULL), EINVAL,
		     "ipsec_get_token_attr", "ENABLE is not an attribute of a pToken");
	for (i = 0; i < NEXPECTED; i++) {
		unsigned other = expected[i].kinds == ITOKEN ? PTOKEN
			       : expected[i].kinds == PTOKEN ? ITOKEN : 0;

		if (other == 0) {
			continue;
		}
		assert_fails(ipsec_set_token_attr(token_of(t, other), expected[i].attr, 2, &v),
			     EINVAL, "ipsec_set_token_attr", "is not an attribute of");
		assert_fails(ipsec_get_token_attr(token_of(t, other), expected[i].attr, &len, NULL),
			     EINVAL, "ipsec_get_token_attr", ipsec_constant_name(expected[i].attr));
	}
}

static void non_tokens_are_refused(void **state)
{
	uint32_t garbage[16] = { 0 };
	uint32_t len = 0;
	uint16_t v = IPSEC_API_ATTR_ENABLE;

	(void)state;
	assert_fails(ipsec_get_token_attr(NULL, IPSEC_API_ATTR_auditString, &len, NULL), EINVAL,
		     "ipsec_get_token_attr", "NULL");
	assert_fails(ipsec_set_token_attr(NULL, IPSEC_API_ATTR_tunnelMode, 2, &v), EINVAL,
		     "ipsec_set_token_attr", "NULL");
	assert_fails(ipsec_get_token_attr(garbage, IPSEC_API_ATTR_auditString, &len, NULL),
		     EINVAL, "ipsec_get_token_attr", "not an iToken or pToken");
	assert_fails(ipsec_set_token_attr(garbage, IPSEC_API_ATTR_tunnelMode, 2, &v), EINVAL,
		     "ipsec_set_token_attr", "not an iToken or pToken");
}

static void audit_string_is_one_attribute_on_both_kinds(void **state)
{
	struct tokens *t = *state;
	char buf[64];
	void *val = buf;
	uint32_t len = sizeof(buf);

	fill_str(t->it, IPSEC_API_ATTR_auditString, "identity");
	fill_str(t->p, IPSEC_API_ATTR_auditString, "protection");
	assert_int_equal(ipsec_get_token_attr(t->it, IPSEC_API_ATTR_auditString, &len, &val), 0);
	assert_string_equal(buf, "identity");
	len = sizeof(buf);
	assert_int_equal(ipsec_get_token_attr(t->p, IPSEC_API_ATTR_auditString, &len, &val), 0);
	assert_string_equal(buf, "protection");
}

static void draft_04_spellings_reach_the_same_attributes(void **state)
{
	struct tokens *t = *state;

	assert_int_equal(set_u16(t->p, IPSEC_API_ATTR_privacyProtected, IPSEC_API_ATTR_LEVEL_HIGH), 0);
	assert_int_equal(get_u16(t->p, IPSEC_API_ATTR_privacyProtection), IPSEC_API_ATTR_LEVEL_HIGH);
	assert_int_equal(set_u16(t->it, IPSEC_API_ATTR_authMeth_LEAFOFFAITH, IPSEC_API_ATTR_ENABLE), 0);
	assert_int_equal(get_u16(t->it, IPSEC_API_ATTR_authMeth_LEAPOFFAITH), IPSEC_API_ATTR_ENABLE);
}

static void reqid_is_four_octets_and_not_compared(void **state)
{
	struct tokens *t = *state;
	ipsec_pToken_t other = ipsec_create_pToken();
	uint32_t reqid = 4242, back = 0, len = sizeof(back);
	void *val = &back;
	uint16_t two = 1;

	assert_non_null(other);
	assert_int_equal(ipsec_set_token_attr(t->p, IPSEC_API_ATTR_reqid, sizeof(reqid), &reqid), 0);
	assert_int_equal(ipsec_get_token_attr(t->p, IPSEC_API_ATTR_reqid, &len, &val), 0);
	assert_int_equal(len, 4);
	assert_int_equal(back, 4242);
	assert_fails(ipsec_set_token_attr(t->p, IPSEC_API_ATTR_reqid, sizeof(two), &two), EINVAL,
		     "ipsec_set_token_attr", "4-octet");
	assert_int_equal(ipsec_get_token_attr(t->p, IPSEC_API_ATTR_reqid, &len, &val), 0);
	assert_int_equal(back, 4242);
	/* Two connections of one protection through different key-manager
	 * connections are equivalent. */
	assert_int_equal(ipsec_cmp_pToken(t->p, other), 0);
	assert_int_equal(ipsec_free_pToken(other), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(fresh_tokens_read_any_or_enoent),
		T(read_only_attributes_refuse_set),
		T(writable_values_follow_their_domain),
		T(read_only_u16_values_are_checked),
		T(u16_needs_two_octets),
		T(reqid_is_four_octets_and_not_compared),
		T(get_follows_the_draft_buffer_rules),
		T(strings_are_nul_terminated_and_bounded),
		T(bytes_are_bounded),
		T(itoken_attribute_holds_a_copy),
		T(itoken_attribute_refuses_non_itokens),
		T(unknown_and_foreign_attributes_are_refused),
		T(non_tokens_are_refused),
		T(audit_string_is_one_attribute_on_both_kinds),
		T(draft_04_spellings_reach_the_same_attributes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
