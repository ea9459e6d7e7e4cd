/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * XFRM netlink messages as the library reads them: SAs, policies, expiries
 * and acquires decoded from the kernel's wire form into plain structures.
 * Parsing is strict (every length checked, unknown attributes skipped, as
 * newer kernels add some) and never keeps key material unless asked to.
 */
#ifndef IPSECAPI_XFRM_MSG_H
#define IPSECAPI_XFRM_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>
#include <linux/xfrm.h>

/* The most templates a policy holds: XFRM_MAX_DEPTH of the kernel's
 * include/net/xfrm.h, which the uapi headers do not export. */
#define IPSECAPI_XFRM_MAX_DEPTH 6

/* No XFRM message is longer: a larger nlmsg_len is a corrupt header. */
#define IPSECAPI_XFRM_MAX_MSG (1u << 20)

/* One transform of an SA: its kernel (crypto API) name and sizes. */
struct ipsecapi_xfrm_alg {
	bool present;
	char name[sizeof(((struct xfrm_algo *)0)->alg_name)];
	uint32_t key_bits;
	uint32_t icv_bits; /* AEAD ICV or truncated MAC; 0 if not applicable */
};

/* Key material kept for the unique channel binding; wiped when freed. */
struct ipsecapi_xfrm_keys {
	uint8_t *bytes; /* aead, crypt and auth keys, in that order */
	uint32_t len;
};

struct ipsecapi_xfrm_sa {
	struct xfrm_usersa_info info; /* id, saddr, sel, reqid, mode, family, curlft */
	struct ipsecapi_xfrm_alg aead, crypt, auth, comp;
	bool has_encap;
	struct xfrm_encap_tmpl encap;
	struct xfrm_mark mark;
	uint32_t if_id;
	struct ipsecapi_xfrm_keys keys; /* only when parsed with keep_keys */
};

struct ipsecapi_xfrm_policy {
	struct xfrm_userpolicy_info info; /* sel, priority, index, dir, action */
	uint8_t type;                     /* XFRM_POLICY_TYPE_MAIN or _SUB */
	uint32_t ntmpl;
	struct xfrm_user_tmpl tmpl[IPSECAPI_XFRM_MAX_DEPTH];
	struct xfrm_mark mark;
	uint32_t if_id;
};

/* What one message from the kernel says. */
enum ipsecapi_xfrm_event {
	IPSECAPI_XFRM_SA_NEW,     /* NEWSA, UPDSA */
	IPSECAPI_XFRM_SA_DEL,     /* DELSA */
	IPSECAPI_XFRM_SA_EXPIRE,  /* EXPIRE; hard says which */
	IPSECAPI_XFRM_SA_FLUSH,   /* FLUSHSA */
	IPSECAPI_XFRM_POL_NEW,    /* NEWPOLICY, UPDPOLICY */
	IPSECAPI_XFRM_POL_DEL,    /* DELPOLICY */
	IPSECAPI_XFRM_POL_EXPIRE, /* POLEXPIRE */
	IPSECAPI_XFRM_POL_FLUSH,  /* FLUSHPOLICY */
	IPSECAPI_XFRM_ACQUIRE,    /* ACQUIRE: the policy and the flow in acquire */
};

struct ipsecapi_xfrm_msg {
	enum ipsecapi_xfrm_event event;
	bool hard;                          /* for the expiries */
	struct ipsecapi_xfrm_sa sa;         /* for the SA events */
	struct ipsecapi_xfrm_policy policy; /* for the policy events and ACQUIRE */
	struct xfrm_user_acquire acquire;   /* for IPSECAPI_XFRM_ACQUIRE */
};

/*
 * Decodes one netlink message.  Returns 0 and fills *msg, or -1 with errno:
 * EBADMSG for a malformed message, ENOTSUP for a type that carries no SA or
 * policy (the caller skips those), ENOMEM.  With keep_keys the SA's key
 * material is copied into msg->sa.keys; release it with
 * ipsecapi_xfrm_msg_clear().
 */
int ipsecapi_xfrm_parse(const struct nlmsghdr *nlh, bool keep_keys,
			struct ipsecapi_xfrm_msg *msg);

void ipsecapi_xfrm_sa_clear(struct ipsecapi_xfrm_sa *sa);
void ipsecapi_xfrm_msg_clear(struct ipsecapi_xfrm_msg *msg);

#endif
