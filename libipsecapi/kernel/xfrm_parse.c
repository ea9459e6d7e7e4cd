/* SPDX-License-Identifier: BSD-2-Clause */
/* Decoding of XFRM netlink messages (see xfrm_msg.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>

#include "xfrm_msg.h"

/* The attributes of one message, by type; types this build does not know
 * (newer kernels add some) are skipped, and a repeated one is malformed. */
struct attrs {
	const struct nlattr *tb[XFRMA_MAX + 1];
};

/* Collects the attributes after the header; every octet must belong to a
 * whole attribute (libmnl's iteration alone would stop at a truncated one
 * and say nothing). */
static int parse_attrs(const struct nlmsghdr *nlh, size_t header, struct attrs *a)
{
	const struct nlattr *attr;

	memset(a, 0, sizeof(*a));
	if (mnl_nlmsg_get_payload_len(nlh) < header) {
		errno = EBADMSG;
		return -1;
	}
	mnl_attr_for_each(attr, nlh, header) {
		uint16_t type = mnl_attr_get_type(attr);

		if (type > XFRMA_MAX) {
			continue; /* a newer kernel's attribute */
		}
		if (a->tb[type] != NULL) {
			errno = EBADMSG;
			return -1;
		}
		a->tb[type] = attr;
	}
	if ((const void *)attr != mnl_nlmsg_get_payload_tail(nlh)) {
		errno = EBADMSG;
		return -1;
	}
	return 0;
}

/* The payload of attribute type, if present, checked to hold min octets. */
static int payload(const struct attrs *a, uint16_t type, size_t min, const void **out,
		   size_t *len)
{
	const struct nlattr *attr = a->tb[type];

	*out = NULL;
	if (attr == NULL) {
		return 0;
	}
	if (mnl_attr_get_payload_len(attr) < min) {
		errno = EBADMSG;
		return -1;
	}
	*out = mnl_attr_get_payload(attr);
	if (len != NULL) {
		*len = mnl_attr_get_payload_len(attr);
	}
	return 0;
}

static int copy_fixed(const struct attrs *a, uint16_t type, void *dst, size_t size)
{
	const void *p;

	if (payload(a, type, size, &p, NULL) != 0) {
		return -1;
	}
	if (p != NULL) {
		memcpy(dst, p, size);
	}
	return 0;
}

static bool family_ok(uint16_t family)
{
	return family == AF_INET || family == AF_INET6;
}

/* One algorithm attribute: a name (NUL within its 64 octets), a key length
 * in bits whose octets follow, and for AEAD and truncated MACs the ICV. */
static int parse_alg(const struct attrs *a, uint16_t type, size_t fixed, size_t icv_offset,
		     struct ipsecapi_xfrm_alg *alg, const uint8_t **key)
{
	size_t len, key_bytes;
	const void *p;

	if (payload(a, type, fixed, &p, &len) != 0) {
		return -1;
	}
	if (p == NULL) {
		return 0;
	}
	if (memchr(p, '\0', sizeof(alg->name)) == NULL) {
		errno = EBADMSG;
		return -1;
	}
	memcpy(&alg->key_bits, (const uint8_t *)p + offsetof(struct xfrm_algo, alg_key_len),
	       sizeof(alg->key_bits));
	key_bytes = ((size_t)alg->key_bits + 7) / 8;
	if (len - fixed < key_bytes) {
		errno = EBADMSG;
		return -1;
	}
	memcpy(alg->name, p, sizeof(alg->name));
	if (icv_offset != 0) {
		memcpy(&alg->icv_bits, (const uint8_t *)p + icv_offset, sizeof(alg->icv_bits));
	}
	alg->present = true;
	*key = (const uint8_t *)p + fixed;
	return 0;
}

static int parse_sa_attrs(const struct attrs *a, bool keep_keys, struct ipsecapi_xfrm_sa *sa)
{
	const uint8_t *aead_key = NULL, *crypt_key = NULL, *auth_key = NULL, *ignored = NULL;
	const uint8_t *untruncated_key = NULL;
	struct ipsecapi_xfrm_alg untruncated;
	size_t n_aead, n_crypt, n_auth;
	const void *p;

	memset(&untruncated, 0, sizeof(untruncated));
	if (parse_alg(a, XFRMA_ALG_AEAD, sizeof(struct xfrm_algo_aead),
		      offsetof(struct xfrm_algo_aead, alg_icv_len), &sa->aead, &aead_key) != 0 ||
	    parse_alg(a, XFRMA_ALG_CRYPT, sizeof(struct xfrm_algo), 0, &sa->crypt, &crypt_key) != 0 ||
	    parse_alg(a, XFRMA_ALG_AUTH_TRUNC, sizeof(struct xfrm_algo_auth),
		      offsetof(struct xfrm_algo_auth, alg_trunc_len), &sa->auth, &auth_key) != 0 ||
	    parse_alg(a, XFRMA_ALG_AUTH, sizeof(struct xfrm_algo), 0, &untruncated,
		      &untruncated_key) != 0 ||
	    parse_alg(a, XFRMA_ALG_COMP, sizeof(struct xfrm_algo), 0, &sa->comp, &ignored) != 0) {
		return -1;
	}
	/* The kernel sends a MAC both as AUTH and as AUTH_TRUNC, which says
	 * how many ICV bits go on the wire; AUTH alone is not truncated. */
	if (!sa->auth.present && untruncated.present) {
		sa->auth = untruncated;
		auth_key = untruncated_key;
	}
	if (payload(a, XFRMA_ENCAP, sizeof(sa->encap), &p, NULL) != 0) {
		return -1;
	}
	if (p != NULL) {
		memcpy(&sa->encap, p, sizeof(sa->encap));
		sa->has_encap = true;
	}
	if (copy_fixed(a, XFRMA_MARK, &sa->mark, sizeof(sa->mark)) != 0 ||
	    copy_fixed(a, XFRMA_IF_ID, &sa->if_id, sizeof(sa->if_id)) != 0) {
		return -1;
	}
	if (!keep_keys) {
		return 0;
	}
	n_aead = sa->aead.present ? ((size_t)sa->aead.key_bits + 7) / 8 : 0;
	n_crypt = sa->crypt.present ? ((size_t)sa->crypt.key_bits + 7) / 8 : 0;
	n_auth = sa->auth.present ? ((size_t)sa->auth.key_bits + 7) / 8 : 0;
	sa->keys.len = (uint32_t)(n_aead + n_crypt + n_auth);
	if (sa->keys.len == 0) {
		return 0;
	}
	sa->keys.bytes = malloc(sa->keys.len);
	if (sa->keys.bytes == NULL) {
		sa->keys.len = 0;
		errno = ENOMEM;
		return -1;
	}
	if (n_aead != 0) {
		memcpy(sa->keys.bytes, aead_key, n_aead);
	}
	if (n_crypt != 0) {
		memcpy(sa->keys.bytes + n_aead, crypt_key, n_crypt);
	}
	if (n_auth != 0) {
		memcpy(sa->keys.bytes + n_aead + n_crypt, auth_key, n_auth);
	}
	return 0;
}

static int parse_policy_attrs(const struct attrs *a, struct ipsecapi_xfrm_policy *pol)
{
	struct xfrm_userpolicy_type type;
	const void *p;
	size_t len;

	if (payload(a, XFRMA_TMPL, 0, &p, &len) != 0) {
		return -1;
	}
	if (p != NULL) {
		if (len % sizeof(struct xfrm_user_tmpl) != 0 ||
		    len / sizeof(struct xfrm_user_tmpl) > IPSECAPI_XFRM_MAX_DEPTH) {
			errno = EBADMSG;
			return -1;
		}
		pol->ntmpl = (uint32_t)(len / sizeof(struct xfrm_user_tmpl));
		memcpy(pol->tmpl, p, len);
	}
	memset(&type, 0, sizeof(type));
	type.type = XFRM_POLICY_TYPE_MAIN;
	if (copy_fixed(a, XFRMA_POLICY_TYPE, &type, sizeof(type)) != 0 ||
	    copy_fixed(a, XFRMA_MARK, &pol->mark, sizeof(pol->mark)) != 0 ||
	    copy_fixed(a, XFRMA_IF_ID, &pol->if_id, sizeof(pol->if_id)) != 0) {
		return -1;
	}
	pol->type = type.type;
	return 0;
}

static int check_sa_info(const struct xfrm_usersa_info *info)
{
	if (!family_ok(info->family)) {
		errno = EBADMSG;
		return -1;
	}
	return 0;
}

static int check_policy_info(const struct xfrm_userpolicy_info *info)
{
	if (info->sel.family != AF_UNSPEC && !family_ok(info->sel.family)) {
		errno = EBADMSG;
		return -1;
	}
	return 0;
}

static int parse_sa(const struct nlmsghdr *nlh, bool keep_keys, struct ipsecapi_xfrm_msg *msg)
{
	struct ipsecapi_xfrm_sa *sa = &msg->sa;
	struct attrs a;

	if (parse_attrs(nlh, sizeof(sa->info), &a) != 0) {
		return -1;
	}
	memcpy(&sa->info, mnl_nlmsg_get_payload(nlh), sizeof(sa->info));
	if (check_sa_info(&sa->info) != 0) {
		return -1;
	}
	msg->event = IPSECAPI_XFRM_SA_NEW;
	return parse_sa_attrs(&a, keep_keys, sa);
}

/* DELSA: an SA id, then the whole SA in XFRMA_SA and its attributes. */
static int parse_sa_del(const struct nlmsghdr *nlh, bool keep_keys, struct ipsecapi_xfrm_msg *msg)
{
	struct attrs a;

	if (parse_attrs(nlh, sizeof(struct xfrm_usersa_id), &a) != 0 ||
	    copy_fixed(&a, XFRMA_SA, &msg->sa.info, sizeof(msg->sa.info)) != 0) {
		return -1;
	}
	if (a.tb[XFRMA_SA] == NULL || check_sa_info(&msg->sa.info) != 0) {
		errno = EBADMSG;
		return -1;
	}
	msg->event = IPSECAPI_XFRM_SA_DEL;
	return parse_sa_attrs(&a, keep_keys, &msg->sa);
}

static int parse_sa_expire(const struct nlmsghdr *nlh, struct ipsecapi_xfrm_msg *msg)
{
	struct xfrm_user_expire ue;
	struct attrs a;

	/* Copied out: netlink aligns to 4 octets, the structure to 8. */
	if (parse_attrs(nlh, sizeof(ue), &a) != 0) {
		return -1;
	}
	memcpy(&ue, mnl_nlmsg_get_payload(nlh), sizeof(ue));
	msg->sa.info = ue.state;
	msg->hard = ue.hard != 0;
	if (check_sa_info(&msg->sa.info) != 0) {
		return -1;
	}
	msg->event = IPSECAPI_XFRM_SA_EXPIRE;
	return parse_sa_attrs(&a, false, &msg->sa);
}

static int parse_policy(const struct nlmsghdr *nlh, struct ipsecapi_xfrm_msg *msg)
{
	struct ipsecapi_xfrm_policy *pol = &msg->policy;
	struct attrs a;

	if (parse_attrs(nlh, sizeof(pol->info), &a) != 0) {
		return -1;
	}
	memcpy(&pol->info, mnl_nlmsg_get_payload(nlh), sizeof(pol->info));
	if (check_policy_info(&pol->info) != 0) {
		return -1;
	}
	msg->event = IPSECAPI_XFRM_POL_NEW;
	return parse_policy_attrs(&a, pol);
}

static int parse_policy_del(const struct nlmsghdr *nlh, struct ipsecapi_xfrm_msg *msg)
{
	struct attrs a;

	if (parse_attrs(nlh, sizeof(struct xfrm_userpolicy_id), &a) != 0 ||
	    copy_fixed(&a, XFRMA_POLICY, &msg->policy.info, sizeof(msg->policy.info)) != 0) {
		return -1;
	}
	if (a.tb[XFRMA_POLICY] == NULL || check_policy_info(&msg->policy.info) != 0) {
		errno = EBADMSG;
		return -1;
	}
	msg->event = IPSECAPI_XFRM_POL_DEL;
	return parse_policy_attrs(&a, &msg->policy);
}

static int parse_policy_expire(const struct nlmsghdr *nlh, struct ipsecapi_xfrm_msg *msg)
{
	struct xfrm_user_polexpire pe;
	struct attrs a;

	if (parse_attrs(nlh, sizeof(pe), &a) != 0) {
		return -1;
	}
	memcpy(&pe, mnl_nlmsg_get_payload(nlh), sizeof(pe));
	msg->policy.info = pe.pol;
	msg->hard = pe.hard != 0;
	if (check_policy_info(&msg->policy.info) != 0) {
		return -1;
	}
	msg->event = IPSECAPI_XFRM_POL_EXPIRE;
	return parse_policy_attrs(&a, &msg->policy);
}

static int parse_acquire(const struct nlmsghdr *nlh, struct ipsecapi_xfrm_msg *msg)
{
	struct attrs a;

	if (parse_attrs(nlh, sizeof(msg->acquire), &a) != 0) {
		return -1;
	}
	memcpy(&msg->acquire, mnl_nlmsg_get_payload(nlh), sizeof(msg->acquire));
	msg->policy.info = msg->acquire.policy;
	if (check_policy_info(&msg->policy.info) != 0 || !family_ok(msg->acquire.sel.family)) {
		errno = EBADMSG;
		return -1;
	}
	msg->event = IPSECAPI_XFRM_ACQUIRE;
	return parse_policy_attrs(&a, &msg->policy);
}

int ipsecapi_xfrm_parse(const struct nlmsghdr *nlh, bool keep_keys, struct ipsecapi_xfrm_msg *msg)
{
	int rc;

	memset(msg, 0, sizeof(*msg));
	if (nlh->nlmsg_len < NLMSG_HDRLEN || nlh->nlmsg_len > IPSECAPI_XFRM_MAX_MSG) {
		errno = EBADMSG;
		return -1;
	}
	switch (nlh->nlmsg_type) {
	case XFRM_MSG_NEWSA:
	case XFRM_MSG_UPDSA:
		rc = parse_sa(nlh, keep_keys, msg);
		break;
	case XFRM_MSG_DELSA:
		rc = parse_sa_del(nlh, keep_keys, msg);
		break;
	case XFRM_MSG_EXPIRE:
		rc = parse_sa_expire(nlh, msg);
		break;
	case XFRM_MSG_FLUSHSA:
		msg->event = IPSECAPI_XFRM_SA_FLUSH;
		return 0;
	case XFRM_MSG_NEWPOLICY:
	case XFRM_MSG_UPDPOLICY:
		rc = parse_policy(nlh, msg);
		break;
	case XFRM_MSG_DELPOLICY:
		rc = parse_policy_del(nlh, msg);
		break;
	case XFRM_MSG_POLEXPIRE:
		rc = parse_policy_expire(nlh, msg);
		break;
	case XFRM_MSG_FLUSHPOLICY:
		msg->event = IPSECAPI_XFRM_POL_FLUSH;
		return 0;
	case XFRM_MSG_ACQUIRE:
		rc = parse_acquire(nlh, msg);
		break;
	default:
		errno = ENOTSUP;
		return -1;
	}
	if (rc != 0) {
		int err = errno;

		ipsecapi_xfrm_msg_clear(msg);
		errno = err;
	}
	return rc;
}

void ipsecapi_xfrm_sa_clear(struct ipsecapi_xfrm_sa *sa)
{
	if (sa->keys.bytes != NULL) {
		explicit_bzero(sa->keys.bytes, sa->keys.len);
		free(sa->keys.bytes);
	}
	explicit_bzero(sa, sizeof(*sa));
}

void ipsecapi_xfrm_msg_clear(struct ipsecapi_xfrm_msg *msg)
{
	ipsecapi_xfrm_sa_clear(&msg->sa);
	explicit_bzero(msg, sizeof(*msg));
}
