/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Key managers: the kernel knows algorithms and keys, the IKE daemon knows
 * who authenticated.  This is what the engine asks a key manager and what
 * it is told; strongSwan's charon (charon.h) is the first implementation.
 * A second one fills the same table and is picked in ipsecapi_km_of_host(),
 * and nothing above this layer changes.
 *
 * Nothing is cached: each answer is the daemon's of the moment, and a
 * daemon that is gone gives none.
 */
#ifndef IPSECAPI_KM_H
#define IPSECAPI_KM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel.h"
#include "peer_key.h"

/* What a key manager says of the peer of one SA pair. */
struct ipsecapi_km_peer {
	/* 1: it knows the peer; 0: the SAs are not its (or have no ESP or
	 * AH SPI); -1: it did not answer (why says why). */
	int status;
	/* Who, and how they authenticated, as a latch binds the peer: two
	 * answers with the same identity are the same peer, so it must stay
	 * the same across rekeys (a peer without a name, under NULL
	 * authentication, is its IKE SA and that SA's successors).  "" unless
	 * status is 1. */
	char identity[640];
	uint16_t auth_method; /* IPSEC_API_ATTR_authMeth_*, or 0 */
	/* The audit text's account of the peer, after "peer <address> ":
	 * who, how, and the daemon's name for the IKE SA. */
	char account[2048];
	/* The public keys of each end, when the key manager knows them
	 * beyond doubt: the peer's iToken tells theirs, and the end-point
	 * channel binding needs both. */
	bool theirs_known, ours_known;
	struct ipsecapi_peer_key theirs, ours;
	char daemon[160]; /* "charon at /run/charon.vici", for the audit text */
	char why[512];
};

/* News from a key manager: its IKE and CHILD SAs came up, were rekeyed or
 * went down (any of which may change a latch bound to the peer), or the
 * daemon is gone, which the kernel does not see (its SAs stay). */
struct ipsecapi_km_news;

struct ipsecapi_km {
	const char *name;

	/* The peer of the SAs out and in (nout and nin of them, in template
	 * order).  What it could not learn is in *kp: this is never an error
	 * of the caller's call. */
	void (*peer_of)(const struct ipsecapi_xfrm_sa *out, size_t nout,
			const struct ipsecapi_xfrm_sa *in, size_t nin, struct ipsecapi_km_peer *kp,
			const char *fn);

	/* A daemon may install SAs a moment before it owns them (charon
	 * lists a rekey's SPIs once it has installed them): a latch bound to
	 * the peer asks again after each of these pauses before it takes the
	 * SAs as not the daemon's.  Ends with 0. */
	const long *settle_pauses_ms;

	/* Follows the daemon's news: NULL when it cannot be reached, which
	 * is no error (a latch bound to a peer the daemon cannot name is
	 * BROKEN by its own lookup). */
	struct ipsecapi_km_news *(*news_open)(void);
	void (*news_close)(struct ipsecapi_km_news *news);
	/* The descriptor to poll for input. */
	int (*news_fd)(const struct ipsecapi_km_news *news);
	/* Takes in what is waiting: whether anything came, and in *ended
	 * whether the daemon is gone (then news must be closed). */
	bool (*news_take)(struct ipsecapi_km_news *news, bool *ended);
};

/* The SA by whose SPI an IKE daemon knows a bundle of n SAs (in template
 * order): its ESP or AH SA (IPComp's CPI is another number), or NULL. */
const struct ipsecapi_xfrm_sa *ipsecapi_km_named_sa(const struct ipsecapi_xfrm_sa *sa, size_t n);

/* The key manager of this host. */
const struct ipsecapi_km *ipsecapi_km_of_host(void);

#endif
