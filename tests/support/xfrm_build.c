/* SPDX-License-Identifier: BSD-2-Clause */
#include <arpa/inet.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>

#include "xfrm_build.h"

static struct nlmsghdr *header(void *buf, uint16_t type)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_seq = 1;
	return nlh;
}

void xb_sa_info(struct xfrm_usersa_info *info, uint32_t spi)
{
	memset(info, 0, sizeof(*info));
	info->family = AF_INET;
	inet_pton(AF_INET, "192.0.2.1", &info->saddr);
	inet_pton(AF_INET, "192.0.2.2", &info->id.daddr);
	info->id.spi = htonl(spi);
	info->id.proto = IPPROTO_ESP;
	info->mode = XFRM_MODE_TRANSPORT;
	info->reqid = 7;
	info->sel.family = AF_INET;
}

static void put_alg(struct nlmsghdr *nlh, uint16_t type, const char *name, const uint8_t *key,
		    uint32_t key_bits, size_t fixed, size_t extra_offset, uint32_t extra)
{
	uint8_t payload[sizeof(struct xfrm_algo_auth) + 64];
	struct xfrm_algo *alg = (struct xfrm_algo *)payload;
	size_t key_bytes = (key_bits + 7) / 8;

	memset(payload, 0, sizeof(payload));
	strncpy(alg->alg_name, name, sizeof(alg->alg_name) - 1);
	memcpy(payload + offsetof(struct xfrm_algo, alg_key_len), &key_bits, sizeof(key_bits));
	if (extra_offset != 0) {
		memcpy(payload + extra_offset, &extra, sizeof(extra));
	}
	if (key_bytes != 0) {
		memcpy(payload + fixed, key, key_bytes);
	}
	mnl_attr_put(nlh, type, fixed + key_bytes, payload);
}

struct nlmsghdr *xb_newsa_gcm(void *buf, const struct xfrm_usersa_info *info,
			      const uint8_t *key, uint32_t key_bits, uint32_t icv_bits)
{
	struct nlmsghdr *nlh = header(buf, XFRM_MSG_NEWSA);

	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(*info)), info, sizeof(*info));
	put_alg(nlh, XFRMA_ALG_AEAD, "rfc4106(gcm(aes))", key, key_bits,
		sizeof(struct xfrm_algo_aead), offsetof(struct xfrm_algo_aead, alg_icv_len), icv_bits);
	return nlh;
}

static void put_cbc_hmac(struct nlmsghdr *nlh, const uint8_t *enc_key, uint32_t enc_bits,
			 const uint8_t *auth_key, uint32_t auth_bits, uint32_t trunc_bits)
{
	put_alg(nlh, XFRMA_ALG_AUTH, "hmac(sha256)", auth_key, auth_bits, sizeof(struct xfrm_algo),
		0, 0);
	put_alg(nlh, XFRMA_ALG_AUTH_TRUNC, "hmac(sha256)", auth_key, auth_bits,
		sizeof(struct xfrm_algo_auth), offsetof(struct xfrm_algo_auth, alg_trunc_len),
		trunc_bits);
	put_alg(nlh, XFRMA_ALG_CRYPT, "cbc(aes)", enc_key, enc_bits, sizeof(struct xfrm_algo), 0, 0);
}

struct nlmsghdr *xb_newsa_cbc_hmac(void *buf, const struct xfrm_usersa_info *info,
				   const uint8_t *enc_key, uint32_t enc_bits,
				   const uint8_t *auth_key, uint32_t auth_bits, uint32_t trunc_bits)
{
	struct nlmsghdr *nlh = header(buf, XFRM_MSG_NEWSA);

	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(*info)), info, sizeof(*info));
	put_cbc_hmac(nlh, enc_key, enc_bits, auth_key, auth_bits, trunc_bits);
	return nlh;
}

struct nlmsghdr *xb_delsa(void *buf, const struct xfrm_usersa_info *info)
{
	static const uint8_t key[16] = { 1 };
	struct nlmsghdr *nlh = header(buf, XFRM_MSG_DELSA);
	struct xfrm_usersa_id *id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));

	id->daddr = info->id.daddr;
	id->spi = info->id.spi;
	id->family = info->family;
	id->proto = info->id.proto;
	mnl_attr_put(nlh, XFRMA_SA, sizeof(*info), info);
	put_cbc_hmac(nlh, key, 128, key, 128, 96);
	return nlh;
}

struct nlmsghdr *xb_expire(void *buf, const struct xfrm_usersa_info *info, int hard)
{
	struct nlmsghdr *nlh = header(buf, XFRM_MSG_EXPIRE);
	struct xfrm_user_expire *ue = mnl_nlmsg_put_extra_header(nlh, sizeof(*ue));

	ue->state = *info;
	ue->hard = (uint8_t)hard;
	return nlh;
}

void xb_policy_info(struct xfrm_userpolicy_info *info, uint8_t dir)
{
	memset(info, 0, sizeof(*info));
	info->sel.family = AF_INET;
	inet_pton(AF_INET, "192.0.2.1", &info->sel.saddr);
	inet_pton(AF_INET, "192.0.2.2", &info->sel.daddr);
	info->sel.prefixlen_s = 32;
	info->sel.prefixlen_d = 32;
	info->dir = dir;
	info->action = XFRM_POLICY_ALLOW;
	info->priority = 100;
	info->index = 8 + dir;
}

static void put_templates(struct nlmsghdr *nlh, unsigned ntmpl, uint32_t reqid)
{
	struct xfrm_user_tmpl tmpl[8];
	unsigned i;

	memset(tmpl, 0, sizeof(tmpl));
	for (i = 0; i < ntmpl && i < 8; i++) {
		tmpl[i].id.proto = IPPROTO_ESP;
		tmpl[i].family = AF_INET;
		tmpl[i].reqid = reqid;
		tmpl[i].mode = XFRM_MODE_TRANSPORT;
		tmpl[i].aalgos = tmpl[i].ealgos = tmpl[i].calgos = ~0u;
	}
	if (ntmpl != 0) {
		mnl_attr_put(nlh, XFRMA_TMPL, ntmpl * sizeof(tmpl[0]), tmpl);
	}
}

struct nlmsghdr *xb_newpolicy(void *buf, const struct xfrm_userpolicy_info *info,
			      unsigned ntmpl, uint32_t reqid)
{
	struct nlmsghdr *nlh = header(buf, XFRM_MSG_NEWPOLICY);

	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(*info)), info, sizeof(*info));
	put_templates(nlh, ntmpl, reqid);
	return nlh;
}

struct nlmsghdr *xb_acquire(void *buf, uint32_t reqid)
{
	struct nlmsghdr *nlh = header(buf, XFRM_MSG_ACQUIRE);
	struct xfrm_user_acquire *ua = mnl_nlmsg_put_extra_header(nlh, sizeof(*ua));

	xb_policy_info(&ua->policy, XFRM_POLICY_OUT);
	ua->sel = ua->policy.sel;
	ua->id.proto = IPPROTO_ESP;
	ua->id.daddr = ua->sel.daddr;
	ua->saddr = ua->sel.saddr;
	put_templates(nlh, 1, reqid);
	return nlh;
}
