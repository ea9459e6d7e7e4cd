/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A pToken's demands as the two socket policies (IP_XFRM_POLICY,
 * IPV6_XFRM_POLICY) that make the kernel enforce them, and the mark by
 * which this library finds those policies again.
 *
 * The kernel cannot read a socket policy back (getsockopt has no case for
 * it), but it lists socket policies in its policy dumps, with no owner.
 * So the selector carries one: the socket's cookie, in the address octets
 * that a zero-length prefix makes the kernel ignore.  The record lives as
 * long as the policy, survives passing the fd to another process, and is
 * copied with the policy to the connections a listener accepts.
 */
#ifndef IPSECAPI_SOCKET_POLICY_H
#define IPSECAPI_SOCKET_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alg_strength.h"
#include "core.h"
#include "flow.h"
#include "latch.h"
#include "xfrm_msg.h"

/* Socket policies show in dumps as these directions (XFRM_POLICY_MAX plus
 * the socket's direction). */
#define IPSECAPI_SOCKET_POLICY_IN (XFRM_POLICY_MAX + XFRM_POLICY_IN)
#define IPSECAPI_SOCKET_POLICY_OUT (XFRM_POLICY_MAX + XFRM_POLICY_OUT)

/* Whom a socket policy belongs to, as its mark says: the socket's cookie,
 * and its protocol and local port when the policy was set (0 when it had
 * none yet), by which a listener's copies are told apart. */
struct ipsecapi_owner {
	uint64_t cookie;
	uint16_t port;
	uint8_t proto;
};

/* The owner of a socket of flow, as its policies record it. */
void ipsecapi_owner_of_flow(const struct ipsecapi_flow *flow, struct ipsecapi_owner *owner);

struct ipsecapi_socket_policy {
	struct ipsecapi_xfrm_policy out, in;
	/* The weakest SA that meets the demands; the kernel does not check
	 * algorithms outbound, so the library checks the SAs. */
	enum ipsecapi_strength min_privacy, min_integrity;
	/* The authentication methods the peer must not have used
	 * (ipsecapi_refused_methods), kept with both policies. */
	uint16_t refused_methods;
};

/* A pToken's demand on attr (a uint16_t attribute): its value, or ANY
 * when unset; and its reqid, or 0 when unset. */
uint16_t ipsecapi_demand(const struct ipsecapi_token *p, uint32_t attr);
uint32_t ipsecapi_demanded_reqid(const struct ipsecapi_token *p);

/* Whether p's privacy or integrity is ENABLE or a level: of demands, that
 * ESP is required (neither optional, ANY, nor bypassed, DISABLE); of a
 * query's answer, that the socket is protected. */
bool ipsecapi_demands_protection(const struct ipsecapi_token *p);

/* The weakest strength that a demand value accepts: LOW for ENABLE, the
 * level for a level, none for DISABLE and ANY. */
enum ipsecapi_strength ipsecapi_demanded_strength(uint16_t value);

/*
 * The policies that enforce pToken p on a socket of owner whose traffic is
 * of family (AF_INET or AF_INET6).  Fails with EINVAL for contradictory
 * demands and ENOTSUP for demands that a socket policy cannot enforce,
 * with the reason recorded for fn.
 */
int ipsecapi_socket_policy_build(const struct ipsecapi_token *p, uint16_t family,
				 const struct ipsecapi_owner *owner, struct ipsecapi_socket_policy *sp,
				 const char *fn);

/* The socket policy of direction dir that pins governing (an SPD policy,
 * or the socket's own) to the socket of owner, whose traffic is of family,
 * with latch: the same action and templates. */
void ipsecapi_socket_policy_pin(const struct ipsecapi_xfrm_policy *governing, uint8_t dir,
				uint16_t family, const struct ipsecapi_owner *owner,
				const struct ipsecapi_latch_record *latch,
				struct ipsecapi_xfrm_policy *pin);

/* The setsockopt() value of one policy, in buf; returns its length, or 0
 * when size is too small. */
size_t ipsecapi_socket_policy_encode(const struct ipsecapi_xfrm_policy *pol, uint8_t *buf,
				     size_t size);

/* Whether pol, from a dump, is a socket policy that this library set, and
 * whose (*owner). */
bool ipsecapi_socket_policy_owner(const struct ipsecapi_xfrm_policy *pol,
				  struct ipsecapi_owner *owner);

/* The peer's authentication methods that pToken p refuses: bit m -
 * authMeth_NONE for each authMeth_m its iToken sets to DISABLE (ENABLE
 * and ANY accept a method). */
uint16_t ipsecapi_refused_methods(const struct ipsecapi_token *p);
/* Those recorded with a socket policy of this library's (0 for others). */
uint16_t ipsecapi_socket_policy_refused_methods(const struct ipsecapi_xfrm_policy *pol);

/* The latch recorded with a socket policy (in selector octets the kernel
 * ignores, as the owner); put_latch sets it, latch_of reads it. */
void ipsecapi_socket_policy_put_latch(struct ipsecapi_xfrm_policy *pol,
				      const struct ipsecapi_latch_record *latch);
void ipsecapi_socket_policy_latch_of(const struct ipsecapi_xfrm_policy *pol,
				     struct ipsecapi_latch_record *latch);

#endif
