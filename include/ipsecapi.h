/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsecapi.h - the IPsec API of draft-ietf-btns-c-api-03 ("IPsec Application
 * Programming Interfaces", Richardson, Williams, Komu, Tarkoma, Feb 2008).
 *
 * The draft's names are kept.  Where the draft is silent or contradicts
 * itself, this header decides, and says so; everything that is not in -03 is
 * marked "Extension" with its source (-04, the abstract API, RFC 5660).
 *
 * Conventions (the -04 convention, compatible with -03's "non-zero"):
 *   - int functions return 0 on success and -1 with errno set on failure;
 *   - ipsec_last_error() describes the last failure of the calling thread;
 *   - free functions accept NULL;
 *   - concurrent reads of one token (get, dup, cmp, export) from several
 *     threads are safe; a set or free needs the caller's own serialization.
 *
 * Numbering: one number space, no value with two meanings.
 *   The draft's figures collide.  IPSEC_API_ATTR_auditString is in both the
 *   iToken and the pToken enum (two enumerators of one name do not compile),
 *   and the authentication methods are at once attribute types (set to
 *   ENABLE, DISABLE or ANY) and values of the authenticationMethod attribute,
 *   all passed through one uint32_t.  The draft gives no numbers, so a plain
 *   C reading would make authenticationMethod and authMeth_BTNS both 1.
 *   This header resolves it with one number space for every constant:
 *     0x0001-0x00ff  attribute types, for iTokens and pTokens alike; a type
 *                    that applies to both (auditString) has one value;
 *     0x0101-0x01ff  authentication methods: attribute types on an iToken
 *                    (ENABLE/DISABLE/ANY) and the values that
 *                    authenticationMethod reads; both uses mean "this method";
 *     0x0201-0x02ff  protection values (DISABLE ... LEVEL_HIGH);
 *     0x0301-0x03ff  latch states (extension);
 *     0x0401-0x04ff  channel-binding types (extension).
 *   No constant is 0, so a zeroed or unset variable never passes for one.
 *   Every value fits the draft's 2-octet attribute values.  Some constants
 *   have a second name of equal value: the -04 spellings privacyProtected,
 *   integrityProtected and compressionAvailable; -03's misspelt LEAFOFFAITH
 *   (LEAPOFFAITH, as -04 corrected it, is the primary name); and
 *   local_iToken, this library's clearer name for -04's remote_iToken.
 */
#ifndef IPSECAPI_H
#define IPSECAPI_H

#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Attribute types (draft Figures 5 and 8, and extensions). */
enum ipsec_attribute {
	/* iToken and pToken: a human-readable description of the identity
	 * (iToken) or of the protection (pToken).  NUL-terminated, read-only. */
	IPSEC_API_ATTR_auditString = 0x0001,

	/* iToken_attribute, draft Figure 5.  All read-only. */
	IPSEC_API_ATTR_authenticationMethod = 0x0002,   /* uint16_t, authMeth_* */
	IPSEC_API_ATTR_certificateAuthorityDN = 0x0003, /* NUL-terminated string */
	IPSEC_API_ATTR_certificateDN = 0x0004,          /* NUL-terminated string */
	IPSEC_API_ATTR_pubKeyID = 0x0005,               /* bytes: the public key */
	IPSEC_API_ATTR_channelBinding = 0x0006,         /* "prefix:value", NUL-terminated */

	/* pToken_attribute, draft Figure 8. */
	IPSEC_API_ATTR_privacyProtection = 0x0011,   /* uint16_t, read-write */
	IPSEC_API_ATTR_integrityProtection = 0x0012, /* uint16_t, read-write */
	IPSEC_API_ATTR_compression = 0x0013,         /* uint16_t, read-write */
	IPSEC_API_ATTR_iToken = 0x0014,              /* ipsec_iToken_t, read-write: the peer */

	/* Extension (this library), iToken: the channel binding's type
	 * (uint16_t, IPSEC_API_CB_*) and its raw bytes, both read-only. */
	IPSEC_API_ATTR_channelBindingType = 0x0040,
	IPSEC_API_ATTR_channelBindingData = 0x0041,

	/* Extension (this library), iToken: the end-point channel binding of
	 * the two peers' public keys (draft-williams-ipsec-channel-binding),
	 * when the key manager knows both: "prefix:base64" (NUL-terminated)
	 * and "prefix:" with the raw value.  Both read-only. */
	IPSEC_API_ATTR_endPointBinding = 0x0042,
	IPSEC_API_ATTR_endPointBindingData = 0x0043,

	/* Extension (-04, abstract API -01 section 7), pToken. */
	IPSEC_API_ATTR_policyName = 0x0050,         /* NUL-terminated, read-write */
	IPSEC_API_ATTR_remote_iToken = 0x0051,      /* ipsec_iToken_t, read-write: OUR identity (-04's name) */
	IPSEC_API_ATTR_tunnelMode = 0x0052,         /* uint16_t, read-write */
	IPSEC_API_ATTR_ipoptionsProtected = 0x0053, /* uint16_t, read-only */
	IPSEC_API_ATTR_informationString = 0x0054,  /* NUL-terminated, read-only */

	/* Extension (RFC 5660), pToken: the connection latch's state,
	 * uint16_t IPSEC_API_LATCH_*, read-only. */
	IPSEC_API_ATTR_latchState = 0x0055,

	/* Extension (this library), pToken: the XFRM reqid that
	 * ipsec_set_socket_pToken() puts in the socket's templates, naming
	 * the key manager's connection (uint32_t, read-write; unset means 0). */
	IPSEC_API_ATTR_reqid = 0x0056,

	/* -04 spellings of the -03 names. */
	IPSEC_API_ATTR_privacyProtected = IPSEC_API_ATTR_privacyProtection,
	IPSEC_API_ATTR_integrityProtected = IPSEC_API_ATTR_integrityProtection,
	IPSEC_API_ATTR_compressionAvailable = IPSEC_API_ATTR_compression,
	/* -04 calls the local identity remote_iToken ("our identity to the
	 * remote system"); this is the same attribute under a clearer name. */
	IPSEC_API_ATTR_local_iToken = IPSEC_API_ATTR_remote_iToken
};

/* iToken_auth_meth, draft Figure 5.  On an iToken each is a read-write
 * uint16_t attribute (ENABLE, DISABLE, ANY: may the peer authenticate this
 * way); each is also a value of IPSEC_API_ATTR_authenticationMethod. */
enum ipsec_auth_meth {
	IPSEC_API_ATTR_authMeth_NONE = 0x0101,
	IPSEC_API_ATTR_authMeth_BTNS = 0x0102,
	IPSEC_API_ATTR_authMeth_LEAPOFFAITH = 0x0103,
	IPSEC_API_ATTR_authMeth_PRESHAREDKEY = 0x0104,
	IPSEC_API_ATTR_authMeth_GROUPKEY = 0x0105,
	IPSEC_API_ATTR_authMeth_XAUTH = 0x0106,
	IPSEC_API_ATTR_authMeth_EAP = 0x0107,
	IPSEC_API_ATTR_authMeth_PKIX_TRUSTED = 0x0108,
	IPSEC_API_ATTR_authMeth_PKIX_INLINE = 0x0109,
	IPSEC_API_ATTR_authMeth_PKIX_OFFLINE = 0x010a,

	/* -03's spelling (a typo that -04 corrected). */
	IPSEC_API_ATTR_authMeth_LEAFOFFAITH = IPSEC_API_ATTR_authMeth_LEAPOFFAITH
};

/* Values of the uint16_t protection attributes.  privacyProtection and
 * integrityProtection take all six; compression, tunnelMode and the
 * authMeth_* attributes take DISABLE, ENABLE and ANY.  ANY ("the system's
 * defaults", "do not care") is what an attribute that was never set reads. */
enum ipsec_attr_value {
	IPSEC_API_ATTR_DISABLE = 0x0201,
	IPSEC_API_ATTR_ENABLE = 0x0202,
	IPSEC_API_ATTR_ANY = 0x0203,
	IPSEC_API_ATTR_LEVEL_LOW = 0x0204,
	IPSEC_API_ATTR_LEVEL_MEDIUM = 0x0205,
	IPSEC_API_ATTR_LEVEL_HIGH = 0x0206
};

/* Extension (RFC 5660 section 2.2): values of IPSEC_API_ATTR_latchState. */
enum ipsec_latch_state {
	IPSEC_API_LATCH_LISTENER = 0x0301,
	IPSEC_API_LATCH_ESTABLISHED = 0x0302,
	IPSEC_API_LATCH_BROKEN = 0x0303,
	IPSEC_API_LATCH_CLOSED = 0x0304
};

/* Extension: values of IPSEC_API_ATTR_channelBindingType (RFC 5056). */
enum ipsec_channel_binding_type {
	IPSEC_API_CB_UNIQUE = 0x0401,    /* one channel, unique over time */
	IPSEC_API_CB_END_POINT = 0x0402  /* a pair of peers' public keys */
};

/* Extension: the longest attribute value, in bytes (a string's NUL
 * included), that a token holds. */
#define IPSEC_API_ATTR_MAX_LEN 65535u

typedef struct ipsec_iToken *ipsec_iToken_t;
typedef struct ipsec_pToken *ipsec_pToken_t;

/* Section 2.1: attribute accessors.  token is an ipsec_iToken_t or an
 * ipsec_pToken_t.  Getting: with attr_val == NULL only *attr_len is set;
 * with *attr_val == NULL the value is copied into a malloc()ed buffer that
 * the caller frees; otherwise *attr_len is the size of the buffer at
 * *attr_val, and if it is too small the call fails with ERANGE and sets
 * *attr_len to the size needed.  An iToken-valued attribute is an
 * ipsec_iToken_t: get returns a new copy that the caller frees with
 * ipsec_free_iToken(), set copies the caller's token. */
int ipsec_get_token_attr(const void *token, uint32_t attr_type,
			 uint32_t *attr_len, void **attr_val);
int ipsec_set_token_attr(const void *token, uint32_t attr_type,
			 uint32_t attr_len, const void *attr_val);

/* Section 2.2: identity tokens. */
ipsec_iToken_t ipsec_create_iToken(void);
int ipsec_free_iToken(ipsec_iToken_t p);

/* Section 2.3: protection tokens. */
ipsec_pToken_t ipsec_create_pToken(void);
int ipsec_free_pToken(ipsec_pToken_t p);

/* Section 2.3.3: connection-oriented sockets. */
int ipsec_set_socket_pToken(int fd, const ipsec_pToken_t pToken);
int ipsec_get_socket_pToken(int fd, ipsec_pToken_t *pToken);

/* Section 2.3.4: datagrams (sendmsg and recvmsg; not sendto or recvfrom).
 * A datagram's pToken travels in its ancillary data, where this library's
 * send and receive calls below put it and take it: see
 * ipsec_get_msg_pToken(3).  ipsec_set_msg_pToken() fills the last
 * IPSEC_MSG_PTOKEN_SPACE octets of msg_control, which the caller leaves
 * for it (CMSG_SPACE needs <sys/socket.h>). */
#define IPSEC_MSG_TICKET_LEN 64
#define IPSEC_MSG_PTOKEN_SPACE (2 * CMSG_SPACE(IPSEC_MSG_TICKET_LEN))
int ipsec_set_msg_pToken(const struct msghdr *msg, const ipsec_pToken_t pToken);
int ipsec_get_msg_pToken(const struct msghdr *msg, ipsec_pToken_t *pToken);

/* Extension: sendmsg(2) that meets the demands attached to msg or fails,
 * and recvmsg(2) that attaches what ipsec_get_msg_pToken() needs (msg must
 * have CMSG_SPACE(IPSEC_MSG_TICKET_LEN) octets of msg_control left for
 * it).  Both return what the system calls return. */
ssize_t ipsec_sendmsg(int fd, const struct msghdr *msg, int flags);
ssize_t ipsec_recvmsg(int fd, struct msghdr *msg, int flags);

/* Extension: connect(2) that, on a blocking socket whose policy requires
 * IPsec, waits for the SA that the key manager negotiates on demand (up to
 * the socket's SO_SNDTIMEO, else 10 s) instead of failing with EAGAIN;
 * ETIMEDOUT if none comes, and nothing is sent.  Otherwise as connect(2). */
int ipsec_connect(int fd, const struct sockaddr *addr, socklen_t addrlen);

/* Section 2.3.5: 0 if p1 and p2 give equivalent protection, 1 if not, -1
 * with errno on error.  See ipsec_cmp_pToken(3) for exactly what counts. */
int ipsec_cmp_pToken(ipsec_pToken_t p1, ipsec_pToken_t p2);

/* Section 2.3.6: a deep copy of *p (its iTokens included) into *p_dup. */
int ipsec_dup_pToken(ipsec_pToken_t *p, ipsec_pToken_t *p_dup);

/* Extension: iTokens are serializable (abstract API section 3), pTokens are
 * not.  Export has the buffer rules of ipsec_get_token_attr(); the bytes
 * are canonical, so two iTokens whose attributes all have the same values
 * export identically. */
int ipsec_export_iToken(ipsec_iToken_t it, uint32_t *len, void **buf);
int ipsec_import_iToken(const void *buf, uint32_t len, ipsec_iToken_t *it);

/* Extension: a deep copy of an iToken, and identity comparison (0 same
 * identity, 1 different, -1 with errno on error). */
int ipsec_dup_iToken(ipsec_iToken_t it, ipsec_iToken_t *it_dup);
int ipsec_cmp_iToken(ipsec_iToken_t i1, ipsec_iToken_t i2);

/* Extension: the name of any constant above without its "IPSEC_API_ATTR_"
 * or "IPSEC_API_" prefix ("auditString", "authMeth_BTNS", "LEVEL_HIGH",
 * "LATCH_BROKEN", "CB_UNIQUE"), or NULL if c is no constant of this API. */
const char *ipsec_constant_name(uint32_t c);

/* Extension: what went wrong in the calling thread's last failed call, for
 * a log or a user ("ipsec_set_token_attr: auditString is read-only").  Per
 * thread, as errno is; like errno, meaningful only right after a failure.
 * The string stays valid until the thread's next call into this library;
 * it is "" if no call of this thread has failed. */
const char *ipsec_last_error(void);

/*
 * Extension (RFC 5660's ALERT): watching connection latches.  A watch
 * follows the kernel's SA, expiry and policy events and the sockets'
 * destruction, and reports each change of a watched connection's latch
 * state.  Its fd is readable when there may be news; then call
 * ipsec_next_latch_event() until it returns 0.  One watch is for one
 * thread at a time.
 */
typedef struct ipsec_latch_watch *ipsec_latch_watch_t;

ipsec_latch_watch_t ipsec_create_latch_watch(void);
int ipsec_free_latch_watch(ipsec_latch_watch_t watch);
int ipsec_latch_watch_fd(ipsec_latch_watch_t watch);
/* Watches connected socket fd; its state now is the first event. */
int ipsec_watch_latch(ipsec_latch_watch_t watch, int fd);
int ipsec_unwatch_latch(ipsec_latch_watch_t watch, int fd);
/* The next change: 1 with *fd and *state (IPSEC_API_LATCH_*, or 0 for a
 * connection without a latch), 0 when there is none now, -1 on error.  A
 * CLOSED connection is no longer watched. */
int ipsec_next_latch_event(ipsec_latch_watch_t watch, int *fd, uint16_t *state);

#ifdef __cplusplus
}
#endif

#endif /* IPSECAPI_H */
