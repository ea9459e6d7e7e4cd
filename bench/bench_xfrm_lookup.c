/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench_xfrm_lookup: ipsec_get_socket_pToken() as the SAD and the SPD
 * grow, beside the naive way in the same run (a full dump of the SAD and
 * the SPD, every message parsed in user space, as "ip xfrm state" and
 * "ip xfrm policy" do).  It needs a kernel with ESP, as root: run it in
 * the test VM (bench/run-xfrm-lookup does).
 *
 *   bench_xfrm_lookup [N...]     (default 10 1000 10000 100000)
 *
 * In a network namespace of its own, UDP flows 192.0.2.1 -> 192.0.2.2 are
 * protected by socket policies (reqid 42) and an ESP SA pair; the other
 * entries are SAs and policies for other address pairs.  For each N it
 * prints the median latency of the library's lookup
 *   - "SAD": with N SAs and no SPD policy (the per-socket deployment, where
 *     IKE traps install none);
 *   - "SAD+SPD new": with N SAs and N SPD policies, for a socket whose
 *     policy came after them (the kernel lists it first);
 *   - "SAD+SPD old": the same for a socket whose policy came before them
 *     (listed last: every policy is read);
 * then that of a full dump of the SAD and the SPD, and the ratio of the
 * full dump to each lookup.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <libmnl/libmnl.h>

#include <ipsecapi.h>

#include "xfrm_msg.h"
#include "ratio.h"

#define REPEAT 15

static void die(const char *what)
{
	fprintf(stderr, "bench_xfrm_lookup: %s: %s\n", what, errno ? strerror(errno) : "failed");
	exit(1);
}

static void run_command(const char *cmd)
{
	if (system(cmd) != 0) {
		fprintf(stderr, "bench_xfrm_lookup: command failed: %s\n", cmd);
		exit(1);
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), by_value);
	return v[n / 2];
}

/* Entries numbered from..to-1, for address pairs 10.x.y.1 -> 10.x.y.2,
 * added through one "ip -batch". */
static void add_entries(const char *kind, long from, long to)
{
	FILE *ip = popen("ip -batch -", "w");
	long i;

	if (ip == NULL) {
		die("popen ip");
	}
	for (i = from; i < to; i++) {
		unsigned a = (unsigned)(i >> 16) & 0xff, b = (unsigned)(i >> 8) & 0xff,
			 c = (unsigned)i & 0xff;

		if (strcmp(kind, "sa") == 0) {
			fprintf(ip,
				"xfrm state add src 10.%u.%u.%u dst 11.%u.%u.%u proto esp spi 0x%lx "
				"reqid 7 mode transport aead rfc4106(gcm(aes)) "
				"0x00112233445566778899aabbccddeeff00112233 128\n",
				a, b, c, a, b, c, 0x10000 + i);
		} else {
			fprintf(ip,
				"xfrm policy add src 10.%u.%u.%u/32 dst 11.%u.%u.%u/32 dir out "
				"tmpl proto esp mode transport reqid 7\n",
				a, b, c, a, b, c);
		}
	}
	if (pclose(ip) != 0) {
		die("ip -batch");
	}
}

/* The connections' link (a dummy with both addresses) and SA pair. */
static void protected_path(void)
{
	run_command("ip link add bench0 type dummy && ip link set bench0 up && "
		    "ip addr add 192.0.2.1/24 dev bench0 && ip addr add 192.0.2.2/24 dev bench0");
	run_command("ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x1001 reqid 42 "
		    "mode transport aead 'rfc4106(gcm(aes))' "
		    "0x0102030405060708090a0b0c0d0e0f1011121314 128");
	run_command("ip xfrm state add src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x1002 reqid 42 "
		    "mode transport aead 'rfc4106(gcm(aes))' "
		    "0x1112131415161718191a1b1c1d1e1f2021222324 128");
}

/* A UDP socket of the connection, under a socket policy. */
static int protected_socket(void)
{
	struct sockaddr_in local, remote;
	ipsec_pToken_t p = ipsec_create_pToken();
	uint16_t on = IPSEC_API_ATTR_ENABLE, off = IPSEC_API_ATTR_DISABLE;
	uint32_t reqid = 42;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	memset(&local, 0, sizeof(local));
	local.sin_family = AF_INET;
	inet_pton(AF_INET, "192.0.2.1", &local.sin_addr);
	remote = local;
	inet_pton(AF_INET, "192.0.2.2", &remote.sin_addr);
	remote.sin_port = htons(9);
	if (p == NULL || fd < 0 ||
	    ipsec_set_token_attr(p, IPSEC_API_ATTR_privacyProtection, 2, &on) != 0 ||
	    ipsec_set_token_attr(p, IPSEC_API_ATTR_integrityProtection, 2, &on) != 0 ||
	    ipsec_set_token_attr(p, IPSEC_API_ATTR_compression, 2, &off) != 0 ||
	    ipsec_set_token_attr(p, IPSEC_API_ATTR_reqid, 4, &reqid) != 0 ||
	    bind(fd, (struct sockaddr *)&local, sizeof(local)) != 0 ||
	    ipsec_set_socket_pToken(fd, p) != 0 ||
	    connect(fd, (struct sockaddr *)&remote, sizeof(remote)) != 0) {
		fprintf(stderr, "bench_xfrm_lookup: the protected flow: %s\n", ipsec_last_error());
		exit(1);
	}
	ipsec_free_pToken(p);
	return fd;
}

/* One lookup; it must find the protection, or the figure means nothing. */
static double lookup(int fd)
{
	ipsec_pToken_t p = NULL;
	uint16_t privacy = 0;
	void *val = &privacy;
	uint32_t len = sizeof(privacy);
	double t0 = now(), t1;

	if (ipsec_get_socket_pToken(fd, &p) != 0) {
		fprintf(stderr, "bench_xfrm_lookup: %s\n", ipsec_last_error());
		exit(1);
	}
	t1 = now();
	if (ipsec_get_token_attr(p, IPSEC_API_ATTR_privacyProtection, &len, &val) != 0 ||
	    privacy != IPSEC_API_ATTR_LEVEL_MEDIUM) {
		fprintf(stderr, "bench_xfrm_lookup: the flow is not protected as set up\n");
		exit(1);
	}
	ipsec_free_pToken(p);
	return t1 - t0;
}

static double lookup_median(int fd)
{
	double v[REPEAT];
	int i;

	for (i = 0; i < REPEAT; i++) {
		v[i] = lookup(fd);
	}
	return median(v, REPEAT);
}

struct dump_count {
	long n;
};

static int parse_one(const struct nlmsghdr *nlh, void *data)
{
	struct ipsecapi_xfrm_msg msg;
	struct dump_count *c = data;

	if (ipsecapi_xfrm_parse(nlh, true, &msg) == 0) {
		c->n++;
		ipsecapi_xfrm_msg_clear(&msg);
	}
	return MNL_CB_OK;
}

/* A full dump of one table, every message parsed (keys kept, as "ip xfrm
 * state" prints them); returns the entries seen. */
static long full_dump(struct mnl_socket *nl, uint16_t type, uint8_t *buf, size_t size)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct dump_count c = { 0 };
	uint32_t seq = (uint32_t)time(NULL) ^ type;
	ssize_t n;
	int rc;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	if (type == XFRM_MSG_GETPOLICY) {
		mnl_nlmsg_put_extra_header(nlh, sizeof(struct xfrm_userpolicy_id));
	} else {
		mnl_nlmsg_put_extra_header(nlh, sizeof(struct xfrm_usersa_id));
	}
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		die("dump request");
	}
	do {
		n = mnl_socket_recvfrom(nl, buf, size);
		if (n < 0) {
			die("dump");
		}
		rc = mnl_cb_run(buf, (size_t)n, seq, mnl_socket_get_portid(nl), parse_one, &c);
	} while (rc > MNL_CB_STOP);
	return c.n;
}

static double naive_median(long expect)
{
	static uint8_t buf[65536];
	struct mnl_socket *nl = mnl_socket_open(NETLINK_XFRM);
	double v[REPEAT];
	int i;

	if (nl == NULL || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) != 0) {
		die("netlink");
	}
	for (i = 0; i < REPEAT; i++) {
		double t0 = now();
		long n = full_dump(nl, XFRM_MSG_GETSA, buf, sizeof(buf)) +
			 full_dump(nl, XFRM_MSG_GETPOLICY, buf, sizeof(buf));

		v[i] = now() - t0;
		if (n < expect) {
			fprintf(stderr, "bench_xfrm_lookup: the dump saw %ld entries, not %ld\n", n,
				expect);
			exit(1);
		}
	}
	mnl_socket_close(nl);
	return median(v, REPEAT);
}

int main(int argc, char **argv)
{
	static const long defaults[] = { 10, 1000, 10000, 100000 };
	long sizes[16], sad = 0;
	int nsizes = 0, i, old;

	for (i = 1; i < argc && nsizes < 16; i++) {
		sizes[nsizes++] = strtol(argv[i], NULL, 10);
	}
	if (nsizes == 0) {
		memcpy(sizes, defaults, sizeof(defaults));
		nsizes = 4;
	}
	if (unshare(CLONE_NEWNET) != 0) {
		die("unshare (run as root)");
	}
	run_command("ip link set lo up");
	protected_path();
	old = protected_socket();
	printf("median latency in microseconds; ratio = full dump / lookup\n");
	printf("%8s %9s %12s %12s %10s %7s %12s %12s\n", "entries", "SAD", "SAD+SPD new",
	       "SAD+SPD old", "full dump", "ratio", "ratio new", "ratio old");
	for (i = 0; i < nsizes; i++) {
		double only, fresh, stale, naive;
		char what[128];
		int recent;

		fprintf(stderr, "bench_xfrm_lookup: %ld entries in the SAD ...\n", sizes[i]);
		run_command("ip xfrm policy flush");
		add_entries("sa", sad, sizes[i]);
		sad = sizes[i];
		only = lookup_median(old);
		fprintf(stderr, "bench_xfrm_lookup: ... and %ld in the SPD\n", sizes[i]);
		add_entries("policy", 0, sizes[i]);
		recent = protected_socket();
		fresh = lookup_median(recent);
		stale = lookup_median(old);
		naive = naive_median(2 * sizes[i]);
		close(recent);
		printf("%8ld %9.0f %12.0f %12.0f %10.0f %6.1fx %11.1fx %11.1fx\n", sizes[i], only / 1e3,
		       fresh / 1e3, stale / 1e3, naive / 1e3, naive / only, naive / fresh,
		       naive / stale);
		fflush(stdout);
		snprintf(what, sizeof(what),
			 "full dump / ipsec_get_socket_pToken, %ld SAs and policies", sizes[i]);
		bench_ratio("libipsecapi lookup", what, naive / fresh);
	}
	close(old);
	return 0;
}
