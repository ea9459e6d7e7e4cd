/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The decisions behind ipsec_get_socket_pToken(), on made-up kernel state:
 * which selector covers a flow, which policy wins, which SA serves a
 * template, how strong a transform is, and the channel bindings.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <ipsecapi.h>

#include "alg_strength.h"
#include "channel_binding.h"
#include "kernel_view.h"
#include "sa_choice.h"
#include "xfrm_select.h"

static const char fn[] = "test";

static struct ipsecapi_flow tcp_flow(void)
{
	struct ipsecapi_flow f;

	memset(&f, 0, sizeof(f));
	f.family = AF_INET;
	f.proto = IPPROTO_TCP;
	inet_pton(AF_INET, "192.0.2.1", &f.local);
	inet_pton(AF_INET, "192.0.2.2", &f.remote);
	f.local_port = 40000;
	f.remote_port = 443;
	return f;
}

static struct xfrm_selector selector(const char *src, uint8_t splen, const char *dst, uint8_t dplen)
{
	struct xfrm_selector s;

	memset(&s, 0, sizeof(s));
	s.family = AF_INET;
	inet_pton(AF_INET, src, &s.saddr);
	inet_pton(AF_INET, dst, &s.daddr);
	s.prefixlen_s = splen;
	s.prefixlen_d = dplen;
	return s;
}

static void selectors_cover_by_direction(void **state)
{
	struct ipsecapi_flow f = tcp_flow();
	struct xfrm_selector s = selector("192.0.2.1", 32, "192.0.2.2", 32);

	(void)state;
	assert_true(ipsecapi_selector_covers(&s, &f, XFRM_POLICY_OUT));
	assert_false(ipsecapi_selector_covers(&s, &f, XFRM_POLICY_IN));
	s = selector("192.0.2.2", 32, "192.0.2.1", 32);
	assert_true(ipsecapi_selector_covers(&s, &f, XFRM_POLICY_IN));
	/* Prefixes, ports with masks, protocol. */
	s = selector("192.0.2.0", 24, "192.0.0.0", 16);
	assert_true(ipsecapi_selector_covers(&s, &f, XFRM_POLICY_OUT));
	s = selector("192.0.3.0", 24, "0.0.0.0", 0);
	assert_false(ipsecapi_selector_covers(&s, &f, XFRM_POLICY_OUT));
	s = selector("192.0.2.1", 32, "192.0.2.2", 32);
	s.dport = htons(443);
	s.dport_mask = 0xffff;
	s.proto = IPPROTO_TCP;
	assert_true(ipsecapi_selector_covers(&s, &f, XFRM_POLICY_OUT));
	s.dport = htons(80);
	assert_false(ipsecapi_selector_covers(&s, &f, XFRM_POLICY_OUT));
	s.dport = htons(443);
	s.proto = IPPROTO_UDP;
	assert_false(ipsecapi_selector_covers(&s, &f, XFRM_POLICY_OUT));
}

static struct ipsecapi_xfrm_policy policy(uint8_t dir, uint32_t priority, struct xfrm_selector sel)
{
	struct ipsecapi_xfrm_policy p;

	memset(&p, 0, sizeof(p));
	p.info.sel = sel;
	p.info.dir = dir;
	p.info.priority = priority;
	p.type = XFRM_POLICY_TYPE_MAIN;
	return p;
}

static struct ipsecapi_xfrm_policy require_esp(struct ipsecapi_xfrm_policy p)
{
	p.ntmpl = 1;
	p.tmpl[0].id.proto = IPPROTO_ESP;
	p.tmpl[0].mode = XFRM_MODE_TRANSPORT;
	p.tmpl[0].reqid = 5;
	return p;
}

/* Offers the policies in the dump's order (newest first). */
static struct ipsecapi_policy_choice choose(const struct ipsecapi_flow *f,
					    const struct ipsecapi_xfrm_policy *dump, size_t n)
{
	struct ipsecapi_policy_choice c;
	size_t i;

	ipsecapi_policy_choice_start(&c);
	for (i = 0; i < n; i++) {
		ipsecapi_policy_offer(&c, &dump[i], f, XFRM_POLICY_OUT);
	}
	return c;
}

static void the_lowest_priority_value_wins(void **state)
{
	struct ipsecapi_flow f = tcp_flow();
	struct ipsecapi_xfrm_policy dump[4];
	struct ipsecapi_policy_choice c;

	(void)state;
	dump[0] = policy(XFRM_POLICY_OUT, 100, selector("192.0.2.1", 32, "192.0.2.2", 32));
	dump[1] = policy(XFRM_POLICY_OUT, 50, selector("0.0.0.0", 0, "0.0.0.0", 0));
	dump[2] = policy(XFRM_POLICY_IN, 1, selector("0.0.0.0", 0, "0.0.0.0", 0));
	dump[3] = policy(XFRM_POLICY_OUT + XFRM_POLICY_MAX, 0, selector("0.0.0.0", 0, "0.0.0.0", 0));
	c = choose(&f, dump, 4);
	/* 50 beats 100; the inbound policy and the socket's own are not the
	 * SPD's outbound choice. */
	assert_true(c.found);
	assert_int_equal(c.policy.info.priority, 50);
	assert_null(ipsecapi_policy_doubt(&c));
	/* A policy of the other family covers nothing here. */
	dump[1].info.sel.family = AF_INET6;
	c = choose(&f, dump, 2);
	assert_int_equal(c.policy.info.priority, 100);
}

static void ties_follow_the_kernel_or_are_doubted(void **state)
{
	struct ipsecapi_flow f = tcp_flow();
	struct ipsecapi_xfrm_policy dump[3];
	struct ipsecapi_policy_choice c;

	(void)state;
	/* Equal demands: the older (later in the dump) is the kernel's, and
	 * which one makes no difference. */
	dump[0] = policy(XFRM_POLICY_OUT, 100, selector("192.0.2.1", 32, "192.0.2.2", 32));
	dump[1] = policy(XFRM_POLICY_OUT, 100, selector("192.0.2.0", 24, "192.0.2.0", 24));
	c = choose(&f, dump, 2);
	assert_int_equal(c.policy.info.sel.prefixlen_s, 24);
	assert_null(ipsecapi_policy_doubt(&c));
	/* A newer require beside an older bypass of equal priority: the
	 * kernel applies the bypass, or after an update may not; no guess. */
	dump[0] = require_esp(dump[0]);
	c = choose(&f, dump, 2);
	assert_non_null(ipsecapi_policy_doubt(&c));
	assert_non_null(strstr(ipsecapi_policy_doubt(&c), "equal priority"));
	/* A better one settles it. */
	dump[2] = policy(XFRM_POLICY_OUT, 10, selector("0.0.0.0", 0, "0.0.0.0", 0));
	c = choose(&f, dump, 3);
	assert_int_equal(c.policy.info.priority, 10);
	assert_null(ipsecapi_policy_doubt(&c));
}

static void unseen_conditions_are_doubted(void **state)
{
	struct ipsecapi_flow f = tcp_flow();
	struct ipsecapi_xfrm_policy dump[2];
	struct ipsecapi_policy_choice c;

	(void)state;
	dump[0] = require_esp(policy(XFRM_POLICY_OUT, 100, selector("0.0.0.0", 0, "0.0.0.0", 0)));
	/* Bound to an interface, ranking better: the route decides. */
	dump[1] = policy(XFRM_POLICY_OUT, 10, selector("192.0.2.0", 24, "192.0.2.0", 24));
	dump[1].info.sel.ifindex = 3;
	c = choose(&f, dump, 2);
	assert_non_null(strstr(ipsecapi_policy_doubt(&c), "interface"));
	/* Ranking worse, it cannot win. */
	dump[1].info.priority = 200;
	c = choose(&f, dump, 2);
	assert_null(ipsecapi_policy_doubt(&c));
	assert_int_equal(c.policy.info.priority, 100);
	/* A mark that netfilter may set. */
	dump[1].info.sel.ifindex = 0;
	dump[1].info.priority = 100;
	dump[1].mark.v = 7;
	dump[1].mark.m = 0xff;
	c = choose(&f, dump, 2);
	assert_non_null(strstr(ipsecapi_policy_doubt(&c), "mark"));
	/* An XFRM interface's policy, and a sub-policy, whatever their rank. */
	dump[1].mark.v = dump[1].mark.m = 0;
	dump[1].info.priority = 500;
	dump[1].if_id = 9;
	c = choose(&f, dump, 2);
	assert_non_null(strstr(ipsecapi_policy_doubt(&c), "XFRM interface"));
	dump[1].if_id = 0;
	dump[1].type = XFRM_POLICY_TYPE_SUB;
	c = choose(&f, dump, 2);
	assert_non_null(strstr(ipsecapi_policy_doubt(&c), "sub-policy"));
	/* With nothing else there, still doubted: no policy is no answer. */
	c = choose(&f, &dump[1], 1);
	assert_false(c.found);
	assert_non_null(ipsecapi_policy_doubt(&c));
}

static struct ipsecapi_xfrm_sa esp_sa(const char *src, const char *dst, uint32_t reqid,
				      uint64_t added)
{
	struct ipsecapi_xfrm_sa sa;

	memset(&sa, 0, sizeof(sa));
	sa.info.family = AF_INET;
	inet_pton(AF_INET, src, &sa.info.saddr);
	inet_pton(AF_INET, dst, &sa.info.id.daddr);
	sa.info.id.proto = IPPROTO_ESP;
	sa.info.id.spi = htonl(0x1000 + reqid);
	sa.info.reqid = reqid;
	sa.info.mode = XFRM_MODE_TRANSPORT;
	sa.info.curlft.add_time = added;
	sa.aead.present = true;
	strcpy(sa.aead.name, "rfc4106(gcm(aes))");
	sa.aead.key_bits = 288;
	sa.aead.icv_bits = 128;
	return sa;
}

static void sas_fit_templates_as_the_kernel_finds_them(void **state)
{
	struct ipsecapi_flow f = tcp_flow();
	struct xfrm_user_tmpl t;
	struct ipsecapi_xfrm_sa sa = esp_sa("192.0.2.1", "192.0.2.2", 5, 100);
	struct ipsecapi_xfrm_sa back = esp_sa("192.0.2.2", "192.0.2.1", 9, 100);
	struct ipsecapi_xfrm_sa newer = esp_sa("192.0.2.1", "192.0.2.2", 5, 200);
	struct ipsecapi_xfrm_sa stranger = esp_sa("198.51.100.7", "192.0.2.1", 9, 100);
	struct ipsecapi_xfrm_sa other_source = esp_sa("192.0.2.3", "192.0.2.2", 5, 100);
	struct xfrm_mark none = { .v = 0, .m = 0 }, marked = { .v = 7, .m = 0xff };

	(void)state;
	memset(&t, 0, sizeof(t));
	t.id.proto = IPPROTO_ESP;
	t.mode = XFRM_MODE_TRANSPORT;
	t.reqid = 5;
	assert_true(ipsecapi_sa_fits(&sa, &t, &none, &f, XFRM_POLICY_OUT, false));
	/* Outbound the reqid must match exactly, even 0. */
	t.reqid = 0;
	assert_false(ipsecapi_sa_fits(&sa, &t, &none, &f, XFRM_POLICY_OUT, false));
	/* Inbound a template's reqid 0 takes any SA, and in transport mode
	 * from any sender: the kernel found it by destination and SPI. */
	assert_true(ipsecapi_sa_fits(&back, &t, &none, &f, XFRM_POLICY_IN, false));
	assert_true(ipsecapi_sa_fits(&stranger, &t, &none, &f, XFRM_POLICY_IN, false));
	t.reqid = 5;
	assert_false(ipsecapi_sa_fits(&back, &t, &none, &f, XFRM_POLICY_IN, false));
	/* Outbound from another local address only when the kernel picks the
	 * source. */
	assert_false(ipsecapi_sa_fits(&other_source, &t, &none, &f, XFRM_POLICY_OUT, false));
	assert_true(ipsecapi_sa_fits(&other_source, &t, &none, &f, XFRM_POLICY_OUT, true));
	/* The policy's mark picks among SAs with marks. */
	sa.mark = marked;
	assert_false(ipsecapi_sa_fits(&sa, &t, &none, &f, XFRM_POLICY_OUT, false));
	assert_true(ipsecapi_sa_fits(&sa, &t, &marked, &f, XFRM_POLICY_OUT, false));
	sa.mark = none;
	/* The wrong direction, mode or protocol. */
	assert_false(ipsecapi_sa_fits(&sa, &t, &none, &f, XFRM_POLICY_IN, false));
	t.mode = XFRM_MODE_TUNNEL;
	assert_false(ipsecapi_sa_fits(&sa, &t, &none, &f, XFRM_POLICY_OUT, false));
	t.mode = XFRM_MODE_TRANSPORT;
	t.id.proto = IPPROTO_AH;
	assert_false(ipsecapi_sa_fits(&sa, &t, &none, &f, XFRM_POLICY_OUT, false));
	t.id.proto = IPPROTO_ESP;
	/* An SA's own selector limits it, both ways. */
	sa.info.sel = selector("192.0.2.1", 32, "192.0.2.9", 32);
	assert_false(ipsecapi_sa_fits(&sa, &t, &none, &f, XFRM_POLICY_OUT, false));
	stranger.info.sel = selector("198.51.100.7", 32, "192.0.2.1", 32);
	assert_false(ipsecapi_sa_fits(&stranger, &t, &none, &f, XFRM_POLICY_IN, false));
	/* Newest first; a larval SA is no SA. */
	assert_true(ipsecapi_sa_newer(&newer, &sa));
	assert_false(ipsecapi_sa_is_larval(&newer));
	newer.info.id.spi = 0;
	assert_true(ipsecapi_sa_is_larval(&newer));
}

/* An ESP SA with NULL encryption and HMAC-SHA-256: integrity only. */
static struct ipsecapi_xfrm_sa null_sa(const char *src, const char *dst, uint32_t reqid,
				       uint64_t added)
{
	struct ipsecapi_xfrm_sa sa = esp_sa(src, dst, reqid, added);

	memset(&sa.aead, 0, sizeof(sa.aead));
	sa.info.id.spi = htonl(0x2000 + reqid);
	sa.crypt.present = sa.auth.present = true;
	strcpy(sa.crypt.name, "ecb(cipher_null)");
	strcpy(sa.auth.name, "hmac(sha256)");
	sa.auth.key_bits = 256;
	sa.auth.icv_bits = 128;
	return sa;
}

/* The SAs of direction dir under a transport ESP template of reqid,
 * from made-up kernel state. */
static struct ipsecapi_sa_choice sas_of(const struct ipsecapi_xfrm_sa *sas, size_t n, uint8_t dir,
					uint32_t reqid)
{
	struct ipsecapi_flow f = tcp_flow();
	struct ipsecapi_xfrm_policy pol = policy(dir, 0, selector("0.0.0.0", 0, "0.0.0.0", 0));
	struct ipsecapi_kernel_view *view = NULL;
	struct ipsecapi_sa_choice c;

	pol.ntmpl = 1;
	pol.tmpl[0].id.proto = IPPROTO_ESP;
	pol.tmpl[0].mode = XFRM_MODE_TRANSPORT;
	pol.tmpl[0].reqid = reqid;
	assert_int_equal(ipsecapi_view_open_fixed(&view, NULL, 0, sas, n, fn), 0);
	assert_int_equal(ipsecapi_sa_choice_find(view, &pol, &f, dir, false, false, &c, fn), 0);
	ipsecapi_view_close(view);
	return c;
}

/* Inbound, the kernel accepts a packet under any SA that passes its
 * checks: the weakest counts, and SAs that disagree give nothing. */
static void inbound_counts_every_sa_the_kernel_accepts(void **state)
{
	struct ipsecapi_xfrm_sa sas[3];
	struct ipsecapi_sa_choice c;

	(void)state;
	/* The newest SA is AES-GCM-256; an older one of NULL encryption
	 * fits the template too (reqid 0 takes any). */
	sas[0] = esp_sa("192.0.2.2", "192.0.2.1", 3, 200);
	sas[1] = null_sa("192.0.2.2", "192.0.2.1", 4, 100);
	c = sas_of(sas, 1, XFRM_POLICY_IN, 0);
	assert_true(c.complete);
	assert_false(c.conflict);
	assert_int_equal(c.privacy, IPSECAPI_HIGH);
	c = sas_of(sas, 2, XFRM_POLICY_IN, 0);
	assert_true(c.conflict);
	assert_int_equal(c.privacy, IPSECAPI_NONE);
	assert_int_equal(c.integrity, IPSECAPI_NONE);
	/* A reqid in the template leaves the other out. */
	c = sas_of(sas, 2, XFRM_POLICY_IN, 3);
	assert_false(c.conflict);
	assert_int_equal(c.privacy, IPSECAPI_HIGH);
	/* Another sender's SA to us, with no selector: the kernel would take
	 * its packets for this connection too. */
	sas[1] = esp_sa("198.51.100.9", "192.0.2.1", 3, 100);
	c = sas_of(sas, 2, XFRM_POLICY_IN, 3);
	assert_true(c.conflict);
	assert_int_equal(c.privacy, IPSECAPI_NONE);
	/* The SA taken for the binding is the peer's, however new the other. */
	sas[1].info.curlft.add_time = 300;
	c = sas_of(sas, 2, XFRM_POLICY_IN, 3);
	assert_memory_equal(&c.sa[0].info.saddr, &sas[0].info.saddr, 4);
	/* Its selector limits it to its sender: not ours. */
	sas[1].info.sel = selector("198.51.100.9", 32, "192.0.2.1", 32);
	c = sas_of(sas, 2, XFRM_POLICY_IN, 3);
	assert_false(c.conflict);
	assert_int_equal(c.privacy, IPSECAPI_HIGH);
	/* A larval SA carries nothing. */
	sas[2] = null_sa("192.0.2.2", "192.0.2.1", 3, 400);
	sas[2].info.id.spi = 0;
	c = sas_of(sas, 3, XFRM_POLICY_IN, 3);
	assert_false(c.conflict);
}

/* Outbound, which SA the kernel takes (the newest that is not dying)
 * cannot be told: SAs that disagree give nothing either. */
static void outbound_sas_that_disagree_give_nothing(void **state)
{
	struct ipsecapi_xfrm_sa sas[2];
	struct ipsecapi_sa_choice c;

	(void)state;
	sas[0] = esp_sa("192.0.2.1", "192.0.2.2", 5, 100);
	sas[1] = esp_sa("192.0.2.1", "192.0.2.2", 5, 200); /* a rekey: the same parameters */
	sas[1].info.id.spi = htonl(0x9999);
	c = sas_of(sas, 2, XFRM_POLICY_OUT, 5);
	assert_false(c.conflict);
	assert_int_equal(c.privacy, IPSECAPI_HIGH);
	assert_int_equal(c.sa[0].info.id.spi, htonl(0x9999));
	sas[0] = null_sa("192.0.2.1", "192.0.2.2", 5, 100);
	c = sas_of(sas, 2, XFRM_POLICY_OUT, 5);
	assert_true(c.conflict);
	assert_int_equal(c.privacy, IPSECAPI_NONE);
	/* No SA: incomplete, nothing. */
	c = sas_of(sas, 2, XFRM_POLICY_OUT, 6);
	assert_false(c.complete);
	assert_int_equal(c.integrity, IPSECAPI_NONE);
}

static void strengths_follow_the_documented_table(void **state)
{
	struct ipsecapi_xfrm_sa sa = esp_sa("192.0.2.1", "192.0.2.2", 1, 0);

	(void)state;
	assert_int_equal(ipsecapi_sa_privacy(&sa), IPSECAPI_HIGH); /* AES-256-GCM */
	assert_int_equal(ipsecapi_sa_integrity(&sa), IPSECAPI_HIGH);
	sa.aead.key_bits = 160; /* AES-128 and its salt */
	assert_int_equal(ipsecapi_sa_privacy(&sa), IPSECAPI_MEDIUM);
	sa.aead.icv_bits = 64;
	assert_int_equal(ipsecapi_sa_integrity(&sa), IPSECAPI_LOW);
	strcpy(sa.aead.name, "rfc4543(gcm(aes))"); /* GMAC */
	assert_int_equal(ipsecapi_sa_privacy(&sa), IPSECAPI_NONE);

	memset(&sa.aead, 0, sizeof(sa.aead));
	sa.crypt.present = sa.auth.present = true;
	strcpy(sa.crypt.name, "ecb(cipher_null)");
	strcpy(sa.auth.name, "hmac(sha256)");
	sa.auth.icv_bits = 128;
	assert_int_equal(ipsecapi_sa_privacy(&sa), IPSECAPI_NONE);
	assert_int_equal(ipsecapi_sa_integrity(&sa), IPSECAPI_HIGH);
	strcpy(sa.crypt.name, "cbc(des3_ede)");
	sa.crypt.key_bits = 192;
	assert_int_equal(ipsecapi_sa_privacy(&sa), IPSECAPI_LOW);
	strcpy(sa.crypt.name, "cbc(des)");
	assert_int_equal(ipsecapi_sa_privacy(&sa), IPSECAPI_NONE);
	strcpy(sa.auth.name, "hmac(sha1)");
	sa.auth.icv_bits = 96;
	assert_int_equal(ipsecapi_sa_integrity(&sa), IPSECAPI_MEDIUM);
	strcpy(sa.auth.name, "hmac(md5)");
	assert_int_equal(ipsecapi_sa_integrity(&sa), IPSECAPI_LOW);
	sa.auth.present = false; /* ESP without a MAC */
	assert_int_equal(ipsecapi_sa_integrity(&sa), IPSECAPI_NONE);
	sa.info.id.proto = IPPROTO_AH;
	assert_int_equal(ipsecapi_sa_privacy(&sa), IPSECAPI_NONE);
	assert_int_equal(ipsecapi_strength_value(IPSECAPI_NONE), IPSEC_API_ATTR_DISABLE);
	assert_int_equal(ipsecapi_strength_value(IPSECAPI_HIGH), IPSEC_API_ATTR_LEVEL_HIGH);
}

static void unique_binding_is_the_same_from_both_ends(void **state)
{
	static uint8_t key_ab[20] = { 1 }, key_ba[20] = { 2 };
	struct ipsecapi_xfrm_sa ab = esp_sa("192.0.2.1", "192.0.2.2", 1, 0);
	struct ipsecapi_xfrm_sa ba = esp_sa("192.0.2.2", "192.0.2.1", 1, 0);
	const struct ipsecapi_xfrm_sa *pab = &ab, *pba = &ba;
	uint8_t at_a[32], at_b[32], other[32];

	(void)state;
	ab.keys.bytes = key_ab;
	ab.keys.len = sizeof(key_ab);
	ba.keys.bytes = key_ba;
	ba.keys.len = sizeof(key_ba);
	/* a sends with ab and receives with ba; b the other way round. */
	assert_int_equal(ipsecapi_cb_unique(&pab, 1, &pba, 1, at_a, fn), 0);
	assert_int_equal(ipsecapi_cb_unique(&pba, 1, &pab, 1, at_b, fn), 0);
	assert_memory_equal(at_a, at_b, 32);
	/* Another key, another binding: a copied SPI is not enough. */
	key_ba[5] ^= 1;
	assert_int_equal(ipsecapi_cb_unique(&pab, 1, &pba, 1, other, fn), 0);
	assert_memory_not_equal(at_a, other, 32);
	key_ba[5] ^= 1;
	ba.info.id.spi ^= htonl(1);
	assert_int_equal(ipsecapi_cb_unique(&pab, 1, &pba, 1, other, fn), 0);
	assert_memory_not_equal(at_a, other, 32);
	/* No keys, no unique binding. */
	ab.keys.len = ba.keys.len = 0;
	assert_int_equal(ipsecapi_cb_unique(&pab, 1, &pba, 1, other, fn), -1);
	assert_int_equal(ipsecapi_cb_unique(&pab, 1, &pba, 0, other, fn), -1);
}

static void end_point_binding_matches_the_draft(void **state)
{
	/* SHA-256(SHA-256(K1) XOR SHA-256(K2)), computed with Python's hashlib. */
	static const uint8_t expected[32] = {
		0x1d, 0x69, 0x85, 0x0b, 0xb7, 0x7c, 0x1f, 0x00, 0x3b, 0x3a, 0x55,
		0x88, 0xf3, 0xe3, 0xb3, 0x6c, 0xfe, 0x6d, 0x81, 0x5f, 0x6c, 0x95,
		0x49, 0x47, 0x36, 0x1d, 0x28, 0xff, 0xf2, 0xfb, 0xfc, 0xcb,
	};
	static const char k1[] = "public key one", k2[] = "public key two";
	uint8_t v[32], w[32];

	(void)state;
	assert_int_equal(ipsecapi_cb_end_point((const uint8_t *)k1, strlen(k1), (const uint8_t *)k2,
					       strlen(k2), v, fn), 0);
	assert_memory_equal(v, expected, 32);
	/* XOR: the order of the keys does not matter. */
	assert_int_equal(ipsecapi_cb_end_point((const uint8_t *)k2, strlen(k2), (const uint8_t *)k1,
					       strlen(k1), w, fn), 0);
	assert_memory_equal(v, w, 32);
	assert_int_equal(ipsecapi_cb_end_point((const uint8_t *)k1, 0, (const uint8_t *)k2, 3, w, fn), -1);
}

static void bindings_fill_the_itoken(void **state)
{
	static const uint8_t value[32] = { 0xff, 0x01 };
	ipsec_iToken_t it = ipsec_create_iToken();
	char *text = NULL;
	uint8_t *raw = NULL;
	uint32_t len = 0;

	(void)state;
	assert_int_equal(ipsecapi_cb_fill(it, IPSEC_API_CB_UNIQUE, "p", value, fn), 0);
	assert_int_equal(ipsec_get_token_attr(it, IPSEC_API_ATTR_channelBinding, &len, (void **)&text), 0);
	/* base64 of ff 01 00 ... 00 (32 octets) */
	assert_string_equal(text, "p:/wEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
	len = 0;
	assert_int_equal(ipsec_get_token_attr(it, IPSEC_API_ATTR_channelBindingData, &len, (void **)&raw), 0);
	assert_int_equal(len, 2 + 32);
	assert_memory_equal(raw, "p:", 2);
	assert_memory_equal(raw + 2, value, 32);
	free(text);
	free(raw);
	ipsec_free_iToken(it);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(selectors_cover_by_direction),
		cmocka_unit_test(the_lowest_priority_value_wins),
		cmocka_unit_test(ties_follow_the_kernel_or_are_doubted),
		cmocka_unit_test(unseen_conditions_are_doubted),
		cmocka_unit_test(sas_fit_templates_as_the_kernel_finds_them),
		cmocka_unit_test(inbound_counts_every_sa_the_kernel_accepts),
		cmocka_unit_test(outbound_sas_that_disagree_give_nothing),
		cmocka_unit_test(strengths_follow_the_documented_table),
		cmocka_unit_test(unique_binding_is_the_same_from_both_ends),
		cmocka_unit_test(end_point_binding_matches_the_draft),
		cmocka_unit_test(bindings_fill_the_itoken),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
