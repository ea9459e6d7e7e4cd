/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench_tokens: the cost of the token calls, each beside memcpy() of the
 * same number of octets in the same run (this machine is noisy; compare
 * within a run).  Each figure is the median of RUNS runs of a batch.
 *
 * usage: bench_tokens [--quick]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ipsecapi.h>

#include "token.h"
#include "ratio.h"

#define RUNS 9

/* Through a volatile pointer, so the compiler cannot drop or inline it. */
static void *(*volatile copy_fn)(void *, const void *, size_t) = memcpy;

static long batch = 200000;

struct fixture {
	ipsec_pToken_t p, p2, p3; /* p3: an equal copy of p for cmp */
	ipsec_iToken_t peer;
	char *big;         /* 4 KiB string, NUL included */
	void *exported;
	uint32_t exported_len;
	uint8_t src[8192], dst[8192];
	size_t copy_len;
};

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median ns per call of op over RUNS batches. */
static double measure(int (*op)(struct fixture *), struct fixture *f)
{
	double samples[RUNS];
	int r;

	for (r = 0; r < RUNS; r++) {
		double start = now_ns();
		long i;

		for (i = 0; i < batch; i++) {
			if (op(f) != 0) {
				fprintf(stderr, "bench_tokens: %s\n", ipsec_last_error());
				exit(1);
			}
		}
		samples[r] = (now_ns() - start) / (double)batch;
	}
	qsort(samples, RUNS, sizeof(samples[0]), cmp_double);
	return samples[RUNS / 2];
}

static int op_memcpy(struct fixture *f)
{
	copy_fn(f->dst, f->src, f->copy_len);
	return 0;
}

static int op_create_free(struct fixture *f)
{
	ipsec_pToken_t p = ipsec_create_pToken();

	(void)f;
	return p != NULL ? ipsec_free_pToken(p) : -1;
}

static int op_set_get_u16(struct fixture *f)
{
	uint16_t in = IPSEC_API_ATTR_LEVEL_HIGH, out = 0;
	void *outp = &out;
	uint32_t len = sizeof(out);

	return ipsec_set_token_attr(f->p2, IPSEC_API_ATTR_privacyProtection, sizeof(in), &in) ||
	       ipsec_get_token_attr(f->p2, IPSEC_API_ATTR_privacyProtection, &len, &outp) ||
	       out != in;
}

static int op_set_get_4k(struct fixture *f)
{
	void *outp = f->dst;
	uint32_t len = sizeof(f->dst);

	return ipsec_set_token_attr(f->p2, IPSEC_API_ATTR_policyName, 4096, f->big) ||
	       ipsec_get_token_attr(f->p2, IPSEC_API_ATTR_policyName, &len, &outp) || len != 4096;
}

static int op_dup(struct fixture *f)
{
	ipsec_pToken_t copy = NULL;

	return ipsec_dup_pToken(&f->p, &copy) || ipsec_free_pToken(copy);
}

static int op_cmp(struct fixture *f)
{
	return ipsec_cmp_pToken(f->p, f->p3) != 0;
}

static int op_export_import(struct fixture *f)
{
	ipsec_iToken_t it = NULL;
	void *buf = f->dst;
	uint32_t len = sizeof(f->dst);

	return ipsec_export_iToken(f->peer, &len, &buf) ||
	       ipsec_import_iToken(buf, len, &it) || ipsec_free_iToken(it);
}

static ipsec_iToken_t make_peer(void)
{
	static uint8_t key[270]; /* the size of an RSA-2048 public key */
	static const uint8_t cb[32] = { 0x42 };
	static const char dn[] = "CN=server.example, O=Example";
	static const char ca[] = "CN=Example CA, O=Example";
	ipsec_iToken_t it = ipsec_create_iToken();
	uint16_t method = IPSEC_API_ATTR_authMeth_PKIX_INLINE, cbt = IPSEC_API_CB_UNIQUE;
	uint16_t on = IPSEC_API_ATTR_ENABLE;
	const char *audit = "IKEv2 RSA signature, CN=server.example";
	const char *binding = "ipsec-unique-v1:QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI";

	memset(key, 0x5a, sizeof(key));
	if (it == NULL ||
	    ipsecapi_token_fill(it, IPSEC_API_ATTR_auditString, (uint32_t)strlen(audit) + 1, audit) ||
	    ipsecapi_token_fill(it, IPSEC_API_ATTR_authenticationMethod, 2, &method) ||
	    ipsecapi_token_fill(it, IPSEC_API_ATTR_certificateDN, sizeof(dn), dn) ||
	    ipsecapi_token_fill(it, IPSEC_API_ATTR_certificateAuthorityDN, sizeof(ca), ca) ||
	    ipsecapi_token_fill(it, IPSEC_API_ATTR_pubKeyID, sizeof(key), key) ||
	    ipsecapi_token_fill(it, IPSEC_API_ATTR_channelBinding, (uint32_t)strlen(binding) + 1,
				binding) ||
	    ipsecapi_token_fill(it, IPSEC_API_ATTR_channelBindingType, 2, &cbt) ||
	    ipsecapi_token_fill(it, IPSEC_API_ATTR_channelBindingData, sizeof(cb), cb) ||
	    ipsec_set_token_attr(it, IPSEC_API_ATTR_authMeth_BTNS, 2, &on)) {
		fprintf(stderr, "bench_tokens: %s\n", ipsec_last_error());
		exit(1);
	}
	return it;
}

/* A pToken as a latched connection would report it. */
static ipsec_pToken_t make_connection(ipsec_iToken_t peer)
{
	ipsec_pToken_t p = ipsec_create_pToken();
	uint16_t high = IPSEC_API_ATTR_LEVEL_HIGH, off = IPSEC_API_ATTR_DISABLE;
	uint16_t latched = IPSEC_API_LATCH_ESTABLISHED;
	const char *audit = "ESP transport, AES-GCM-256, 192.0.2.1 <-> 192.0.2.2";

	if (p == NULL ||
	    ipsecapi_token_fill(p, IPSEC_API_ATTR_privacyProtection, 2, &high) ||
	    ipsecapi_token_fill(p, IPSEC_API_ATTR_integrityProtection, 2, &high) ||
	    ipsecapi_token_fill(p, IPSEC_API_ATTR_compression, 2, &off) ||
	    ipsecapi_token_fill(p, IPSEC_API_ATTR_tunnelMode, 2, &off) ||
	    ipsecapi_token_fill(p, IPSEC_API_ATTR_latchState, 2, &latched) ||
	    ipsecapi_token_fill(p, IPSEC_API_ATTR_auditString, (uint32_t)strlen(audit) + 1, audit) ||
	    ipsec_set_token_attr(p, IPSEC_API_ATTR_iToken, sizeof(peer), &peer) ||
	    ipsec_set_token_attr(p, IPSEC_API_ATTR_remote_iToken, sizeof(peer), &peer)) {
		fprintf(stderr, "bench_tokens: %s\n", ipsec_last_error());
		exit(1);
	}
	return p;
}

static void row(const char *name, int (*op)(struct fixture *), size_t octets, struct fixture *f)
{
	int progress = isatty(STDERR_FILENO);
	double ns, copy_ns;
	char what[128];

	if (progress) {
		fprintf(stderr, "measuring %s...\r", name);
	}
	ns = measure(op, f);
	f->copy_len = octets;
	copy_ns = measure(op_memcpy, f);
	if (progress) {
		fprintf(stderr, "%60s\r", "");
	}
	printf("%-26s %8zu %10.1f %12.1f %8.1fx\n", name, octets, ns, copy_ns, ns / copy_ns);
	fflush(stdout);
	snprintf(what, sizeof(what), "%s / memcpy of its %zu octets", name, octets);
	bench_ratio("tokens", what, ns / copy_ns);
}

int main(int argc, char **argv)
{
	struct fixture f;
	size_t dup_octets;

	if (argc > 1 && strcmp(argv[1], "--quick") == 0) {
		batch = 2000;
	} else if (argc > 1) {
		fprintf(stderr, "usage: bench_tokens [--quick]\n");
		return 2;
	}
	memset(&f, 0, sizeof(f));
	f.big = malloc(4096);
	if (f.big == NULL) {
		return 1;
	}
	memset(f.big, 'a', 4095);
	f.big[4095] = '\0';
	memset(f.src, 0x33, sizeof(f.src));
	f.peer = make_peer();
	f.p = make_connection(f.peer);
	if (ipsec_dup_pToken(&f.p, &f.p2) != 0 || ipsec_dup_pToken(&f.p, &f.p3) != 0 ||
	    ipsec_export_iToken(f.peer, &f.exported_len, &f.exported) != 0) {
		fprintf(stderr, "bench_tokens: %s\n", ipsec_last_error());
		return 1;
	}
	/* The octets a dup copies: two iTokens' values plus the audit text. */
	dup_octets = 2 * (f.exported_len - 5) + 52;

	printf("%d runs of %ld calls each; median ns per call\n", RUNS, batch);
	printf("%-26s %8s %10s %12s %9s\n", "call", "octets", "ns/call", "memcpy ns", "ratio");
	row("create+free pToken", op_create_free, 0, &f);
	row("set+get 2-octet", op_set_get_u16, 2, &f);
	row("set+get 4 KiB", op_set_get_4k, 4096, &f);
	row("dup pToken", op_dup, dup_octets, &f);
	row("cmp pToken", op_cmp, dup_octets, &f);
	row("export+import iToken", op_export_import, f.exported_len, &f);

	free(f.exported);
	free(f.big);
	ipsec_free_pToken(f.p);
	ipsec_free_pToken(f.p2);
	ipsec_free_pToken(f.p3);
	ipsec_free_iToken(f.peer);
	return 0;
}
