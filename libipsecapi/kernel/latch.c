/* SPDX-License-Identifier: BSD-2-Clause */
#include <arpa/inet.h>
#include <string.h>

#include <openssl/evp.h>

#include "latch.h"

/* One SA's parameters in a fixed layout: the digest's input. */
struct qop_input {
	uint8_t proto, mode;
	uint16_t family;
	uint32_t reqid;
	uint32_t flags; /* XFRM_STATE_ESN and the like change the protection */
	xfrm_address_t saddr, daddr;
	struct {
		char name[64];
		uint32_t key_bits, icv_bits;
	} alg[4];
};

static void put_alg(struct qop_input *in, int i, const struct ipsecapi_xfrm_alg *alg)
{
	if (!alg->present) {
		return;
	}
	memcpy(in->alg[i].name, alg->name, sizeof(in->alg[i].name));
	in->alg[i].key_bits = htonl(alg->key_bits);
	in->alg[i].icv_bits = htonl(alg->icv_bits);
}

int ipsecapi_sa_qop(const struct ipsecapi_xfrm_sa *sa, uint8_t qop[IPSECAPI_QOP_LEN])
{
	struct qop_input in;
	uint8_t md[EVP_MAX_MD_SIZE];

	memset(&in, 0, sizeof(in));
	in.proto = sa->info.id.proto;
	in.mode = sa->info.mode;
	in.family = htons(sa->info.family);
	in.reqid = htonl(sa->info.reqid);
	in.flags = htonl(sa->info.flags & XFRM_STATE_ESN);
	in.saddr = sa->info.saddr;
	in.daddr = sa->info.id.daddr;
	put_alg(&in, 0, &sa->aead);
	put_alg(&in, 1, &sa->crypt);
	put_alg(&in, 2, &sa->auth);
	put_alg(&in, 3, &sa->comp);
	if (EVP_Q_digest(NULL, "SHA256", NULL, &in, sizeof(in), md, NULL) != 1) {
		return -1;
	}
	memcpy(qop, md, IPSECAPI_QOP_LEN);
	return 0;
}

int ipsecapi_connection_qop(const uint8_t (*out)[IPSECAPI_QOP_LEN], size_t nout,
			    const uint8_t (*in)[IPSECAPI_QOP_LEN], size_t nin,
			    uint8_t qop[IPSECAPI_QOP_LEN])
{
	uint8_t buf[2 + 2 * IPSECAPI_XFRM_MAX_DEPTH * IPSECAPI_QOP_LEN];
	uint8_t md[EVP_MAX_MD_SIZE];
	size_t len = 0;

	if (nout > IPSECAPI_XFRM_MAX_DEPTH || nin > IPSECAPI_XFRM_MAX_DEPTH) {
		return -1;
	}
	buf[len++] = (uint8_t)nout;
	memcpy(buf + len, out, nout * IPSECAPI_QOP_LEN);
	len += nout * IPSECAPI_QOP_LEN;
	buf[len++] = (uint8_t)nin;
	memcpy(buf + len, in, nin * IPSECAPI_QOP_LEN);
	len += nin * IPSECAPI_QOP_LEN;
	if (EVP_Q_digest(NULL, "SHA256", NULL, buf, len, md, NULL) != 1) {
		return -1;
	}
	memcpy(qop, md, IPSECAPI_QOP_LEN);
	return 0;
}

int ipsecapi_latch_bind_identity(uint8_t qop[IPSECAPI_QOP_LEN], const char *identity)
{
	uint8_t buf[IPSECAPI_QOP_LEN + 1024], md[EVP_MAX_MD_SIZE];
	size_t n = strlen(identity);

	if (n > sizeof(buf) - IPSECAPI_QOP_LEN) {
		return -1;
	}
	memcpy(buf, qop, IPSECAPI_QOP_LEN);
	memcpy(buf + IPSECAPI_QOP_LEN, identity, n);
	if (EVP_Q_digest(NULL, "SHA256", NULL, buf, IPSECAPI_QOP_LEN + n, md, NULL) != 1) {
		return -1;
	}
	memcpy(qop, md, IPSECAPI_QOP_LEN);
	return 0;
}
