/* SPDX-License-Identifier: BSD-2-Clause */
/* Decoding of XFRM netlink messages, on messages built as the kernel does. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "xfrm_build.h"
#include "xfrm_msg.h"

static uint8_t buf[8192];
static const uint8_t key20[20] = { 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19,
				   0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23 };
static const uint8_t key32[32] = { 0xa0, 0xa1, 0xa2 };

static void gcm_sa_is_read(void **state)
{
	struct xfrm_usersa_info info;
	struct ipsecapi_xfrm_msg msg;

	(void)state;
	xb_sa_info(&info, 0x1234);
	assert_int_equal(ipsecapi_xfrm_parse(xb_newsa_gcm(buf, &info, key20, 160, 128), false, &msg), 0);
	assert_int_equal(msg.event, IPSECAPI_XFRM_SA_NEW);
	assert_int_equal(ntohl(msg.sa.info.id.spi), 0x1234);
	assert_int_equal(msg.sa.info.reqid, 7);
	assert_true(msg.sa.aead.present);
	assert_string_equal(msg.sa.aead.name, "rfc4106(gcm(aes))");
	assert_int_equal(msg.sa.aead.key_bits, 160);
	assert_int_equal(msg.sa.aead.icv_bits, 128);
	assert_false(msg.sa.crypt.present);
	assert_false(msg.sa.auth.present);
	/* Without keep_keys, no key leaves the parser. */
	assert_null(msg.sa.keys.bytes);
	assert_int_equal(msg.sa.keys.len, 0);
	ipsecapi_xfrm_msg_clear(&msg);

	assert_int_equal(ipsecapi_xfrm_parse(xb_newsa_gcm(buf, &info, key20, 160, 128), true, &msg), 0);
	assert_int_equal(msg.sa.keys.len, 20);
	assert_memory_equal(msg.sa.keys.bytes, key20, 20);
	ipsecapi_xfrm_msg_clear(&msg);
	assert_null(msg.sa.keys.bytes);
}

static void cbc_hmac_sa_prefers_the_truncated_mac(void **state)
{
	struct xfrm_usersa_info info;
	struct ipsecapi_xfrm_msg msg;
	uint8_t keys[48];

	(void)state;
	xb_sa_info(&info, 0x99);
	assert_int_equal(ipsecapi_xfrm_parse(xb_newsa_cbc_hmac(buf, &info, key20, 128, key32, 256, 128),
					     true, &msg), 0);
	assert_string_equal(msg.sa.crypt.name, "cbc(aes)");
	assert_int_equal(msg.sa.crypt.key_bits, 128);
	assert_string_equal(msg.sa.auth.name, "hmac(sha256)");
	assert_int_equal(msg.sa.auth.key_bits, 256);
	assert_int_equal(msg.sa.auth.icv_bits, 128);
	/* The encryption key first, then the MAC key. */
	memcpy(keys, key20, 16);
	memcpy(keys + 16, key32, 32);
	assert_int_equal(msg.sa.keys.len, 48);
	assert_memory_equal(msg.sa.keys.bytes, keys, 48);
	ipsecapi_xfrm_msg_clear(&msg);
}

static void delete_and_expire_carry_the_sa(void **state)
{
	struct xfrm_usersa_info info;
	struct ipsecapi_xfrm_msg msg;

	(void)state;
	xb_sa_info(&info, 0x77);
	assert_int_equal(ipsecapi_xfrm_parse(xb_delsa(buf, &info), false, &msg), 0);
	assert_int_equal(msg.event, IPSECAPI_XFRM_SA_DEL);
	assert_int_equal(ntohl(msg.sa.info.id.spi), 0x77);
	assert_string_equal(msg.sa.crypt.name, "cbc(aes)");
	ipsecapi_xfrm_msg_clear(&msg);

	assert_int_equal(ipsecapi_xfrm_parse(xb_expire(buf, &info, 1), false, &msg), 0);
	assert_int_equal(msg.event, IPSECAPI_XFRM_SA_EXPIRE);
	assert_true(msg.hard);
	assert_int_equal(msg.sa.info.reqid, 7);
	ipsecapi_xfrm_msg_clear(&msg);
	assert_int_equal(ipsecapi_xfrm_parse(xb_expire(buf, &info, 0), false, &msg), 0);
	assert_false(msg.hard);
	ipsecapi_xfrm_msg_clear(&msg);
}

static void policy_and_acquire_carry_templates(void **state)
{
	struct xfrm_userpolicy_info info;
	struct ipsecapi_xfrm_msg msg;

	(void)state;
	xb_policy_info(&info, XFRM_POLICY_OUT);
	assert_int_equal(ipsecapi_xfrm_parse(xb_newpolicy(buf, &info, 2, 42), false, &msg), 0);
	assert_int_equal(msg.event, IPSECAPI_XFRM_POL_NEW);
	assert_int_equal(msg.policy.info.dir, XFRM_POLICY_OUT);
	assert_int_equal(msg.policy.ntmpl, 2);
	assert_int_equal(msg.policy.tmpl[1].reqid, 42);
	assert_int_equal(msg.policy.type, XFRM_POLICY_TYPE_MAIN);
	ipsecapi_xfrm_msg_clear(&msg);

	assert_int_equal(ipsecapi_xfrm_parse(xb_acquire(buf, 555), false, &msg), 0);
	assert_int_equal(msg.event, IPSECAPI_XFRM_ACQUIRE);
	assert_int_equal(msg.policy.ntmpl, 1);
	assert_int_equal(msg.policy.tmpl[0].reqid, 555);
	assert_int_equal(msg.acquire.sel.prefixlen_d, 32);
	ipsecapi_xfrm_msg_clear(&msg);
}

static void expect_bad(struct nlmsghdr *nlh)
{
	struct ipsecapi_xfrm_msg msg;

	errno = 0;
	assert_int_equal(ipsecapi_xfrm_parse(nlh, true, &msg), -1);
	assert_int_equal(errno, EBADMSG);
	assert_null(msg.sa.keys.bytes);
}

static void malformed_messages_are_refused(void **state)
{
	struct xfrm_usersa_info info;
	struct xfrm_userpolicy_info pinfo;
	struct nlmsghdr *nlh;
	struct nlattr *attr;
	uint8_t zeros[sizeof(struct xfrm_user_tmpl)];
	uint32_t bits;

	(void)state;
	xb_sa_info(&info, 1);

	/* The header cut short. */
	nlh = xb_newsa_gcm(buf, &info, key20, 160, 128);
	nlh->nlmsg_len = NLMSG_HDRLEN + sizeof(info) - 4;
	expect_bad(nlh);

	/* A key length longer than the key octets that follow. */
	nlh = xb_newsa_gcm(buf, &info, key20, 160, 128);
	attr = (struct nlattr *)((uint8_t *)nlh + NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(info)));
	bits = 161 * 8;
	memcpy((uint8_t *)mnl_attr_get_payload(attr) + offsetof(struct xfrm_algo_aead, alg_key_len),
	       &bits, sizeof(bits));
	expect_bad(nlh);

	/* An algorithm name without its NUL. */
	nlh = xb_newsa_gcm(buf, &info, key20, 160, 128);
	attr = (struct nlattr *)((uint8_t *)nlh + NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(info)));
	memset(mnl_attr_get_payload(attr), 'A', 64);
	expect_bad(nlh);

	/* The same attribute twice. */
	nlh = xb_newsa_gcm(buf, &info, key20, 160, 128);
	mnl_attr_put_u32(nlh, XFRMA_IF_ID, 1);
	mnl_attr_put_u32(nlh, XFRMA_IF_ID, 2);
	expect_bad(nlh);

	/* An attribute that overruns the message. */
	nlh = xb_newsa_gcm(buf, &info, key20, 160, 128);
	nlh->nlmsg_len -= 8;
	expect_bad(nlh);

	/* A family that is neither IPv4 nor IPv6. */
	info.family = AF_UNIX;
	expect_bad(xb_newsa_gcm(buf, &info, key20, 160, 128));
	xb_sa_info(&info, 1);

	/* A DELSA without the SA. */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = XFRM_MSG_DELSA;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct xfrm_usersa_id));
	expect_bad(nlh);

	/* Templates: not a whole number of them, or more than the kernel's 6. */
	xb_policy_info(&pinfo, XFRM_POLICY_OUT);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = XFRM_MSG_NEWPOLICY;
	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(pinfo)), &pinfo, sizeof(pinfo));
	memset(zeros, 0, sizeof(zeros));
	mnl_attr_put(nlh, XFRMA_TMPL, sizeof(struct xfrm_user_tmpl) - 4, zeros);
	expect_bad(nlh);
	expect_bad(xb_newpolicy(buf, &pinfo, 7, 1));
}

static void other_messages_are_not_ours(void **state)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ipsecapi_xfrm_msg msg;

	(void)state;
	nlh->nlmsg_type = XFRM_MSG_NEWAE;
	assert_int_equal(ipsecapi_xfrm_parse(nlh, false, &msg), -1);
	assert_int_equal(errno, ENOTSUP);
	nlh->nlmsg_type = NLMSG_ERROR;
	assert_int_equal(ipsecapi_xfrm_parse(nlh, false, &msg), -1);
	assert_int_equal(errno, ENOTSUP);
}

static void unknown_attributes_are_skipped(void **state)
{
	struct xfrm_usersa_info info;
	struct ipsecapi_xfrm_msg msg;
	struct nlmsghdr *nlh;

	(void)state;
	xb_sa_info(&info, 5);
	nlh = xb_newsa_gcm(buf, &info, key20, 160, 128);
	mnl_attr_put_u32(nlh, XFRMA_MAX + 1, 1); /* a newer kernel's XFRMA_SA_DIR */
	mnl_attr_put_u32(nlh, XFRMA_MAX + 5, 1);
	assert_int_equal(ipsecapi_xfrm_parse(nlh, false, &msg), 0);
	assert_true(msg.sa.aead.present);
	ipsecapi_xfrm_msg_clear(&msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gcm_sa_is_read),
		cmocka_unit_test(cbc_hmac_sa_prefers_the_truncated_mac),
		cmocka_unit_test(delete_and_expire_carry_the_sa),
		cmocka_unit_test(policy_and_acquire_carry_templates),
		cmocka_unit_test(malformed_messages_are_refused),
		cmocka_unit_test(other_messages_are_not_ours),
		cmocka_unit_test(unknown_attributes_are_skipped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
