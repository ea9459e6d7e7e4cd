/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * esp_decrypt: what a captured ESP SA carried, decrypted apart from the
 * kernel, to show what is inside it on the wire.
 *
 *   esp_decrypt PCAP SPI KEY
 *
 * PCAP is a classic capture (tcpdump -w; Ethernet or Linux cooked) of
 * IPv4 packets; SPI is the SA's (0x... or decimal); KEY its
 * rfc4106(gcm(aes)) key material as `ip xfrm state` prints it (the AES key
 * and then the 4-octet salt).  Each ESP packet of that SPI is decrypted
 * and authenticated (RFC 4106: nonce salt || IV, AAD SPI || sequence
 * number, no extended sequence numbers); the payloads of the TCP segments
 * inside (transport mode) go to stdout, in capture order.  stderr gets
 * "packets=N"; the exit status is 1 if a packet fails authentication or
 * none was found, 2 on bad arguments or a malformed capture.
 */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCAP_MAGIC_USEC 0xa1b2c3d4u
#define PCAP_MAGIC_NSEC 0xa1b23c4du
#define LINKTYPE_ETHERNET 1
#define LINKTYPE_LINUX_SLL 113
#define LINKTYPE_LINUX_SLL2 276
#define GCM_IV 8
#define GCM_TAG 16
#define SALT 4

struct sa {
	uint32_t spi;
	uint8_t key[32 + SALT];
	size_t key_len; /* the AES key's, without the salt */
};

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int parse_key(const char *hex, struct sa *sa)
{
	size_t n, i;

	if (strncmp(hex, "0x", 2) == 0) {
		hex += 2;
	}
	n = strlen(hex) / 2;
	if (strlen(hex) % 2 != 0 || (n != 16 + SALT && n != 24 + SALT && n != 32 + SALT)) {
		return -1;
	}
	for (i = 0; i < n; i++) {
		unsigned int v;

		if (sscanf(hex + 2 * i, "%2x", &v) != 1) {
			return -1;
		}
		sa->key[i] = (uint8_t)v;
	}
	sa->key_len = n - SALT;
	return 0;
}

/* The IPv4 packet of a captured frame, or NULL. */
static const uint8_t *ipv4_of(uint32_t linktype, const uint8_t *f, size_t len, size_t *ip_len)
{
	size_t off;
	unsigned int proto;

	switch (linktype) {
	case LINKTYPE_ETHERNET:
		off = 14, proto = len >= 14 ? (unsigned int)(f[12] << 8 | f[13]) : 0;
		break;
	case LINKTYPE_LINUX_SLL:
		off = 16, proto = len >= 16 ? (unsigned int)(f[14] << 8 | f[15]) : 0;
		break;
	case LINKTYPE_LINUX_SLL2:
		off = 20, proto = len >= 20 ? (unsigned int)(f[0] << 8 | f[1]) : 0;
		break;
	default:
		return NULL;
	}
	if (proto != 0x0800 || len < off + 20) {
		return NULL;
	}
	*ip_len = len - off;
	return f + off;
}

/* Decrypts and authenticates one ESP packet; the TCP payload inside goes
 * to stdout.  0, or -1 if it does not authenticate. */
static int open_esp(const struct sa *sa, const uint8_t *esp, size_t len)
{
	uint8_t nonce[SALT + GCM_IV], *plain;
	const uint8_t *ct = esp + 8 + GCM_IV;
	size_t ct_len = len - 8 - GCM_IV - GCM_TAG, inner, doff;
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	const EVP_CIPHER *aes = sa->key_len == 16   ? EVP_aes_128_gcm()
				: sa->key_len == 24 ? EVP_aes_192_gcm()
						    : EVP_aes_256_gcm();
	int n, ok;

	plain = malloc(ct_len + 16);
	memcpy(nonce, sa->key + sa->key_len, SALT);
	memcpy(nonce + SALT, esp + 8, GCM_IV);
	ok = c != NULL && plain != NULL && EVP_DecryptInit_ex(c, aes, NULL, NULL, NULL) == 1 &&
	     EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, sizeof(nonce), NULL) == 1 &&
	     EVP_DecryptInit_ex(c, NULL, NULL, sa->key, nonce) == 1 &&
	     EVP_DecryptUpdate(c, NULL, &n, esp, 8) == 1 &&
	     EVP_DecryptUpdate(c, plain, &n, ct, (int)ct_len) == 1 &&
	     EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, GCM_TAG, (void *)(esp + len - GCM_TAG)) ==
		     1 &&
	     EVP_DecryptFinal_ex(c, plain + n, &n) == 1;
	EVP_CIPHER_CTX_free(c);
	/* payload, padding, pad length, next header */
	if (ok && ct_len >= 2 && (size_t)plain[ct_len - 2] + 2 <= ct_len) {
		inner = ct_len - 2 - plain[ct_len - 2];
		if (plain[ct_len - 1] == 6 && inner >= 20) { /* TCP */
			doff = (size_t)(plain[12] >> 4) * 4;
			if (doff >= 20 && doff <= inner) {
				fwrite(plain + doff, 1, inner - doff, stdout);
			}
		}
	}
	free(plain);
	return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	uint8_t hdr[24], rec[16], *frame = NULL;
	uint32_t linktype;
	struct sa sa;
	unsigned long packets = 0, bad = 0;
	FILE *in;

	if (argc != 4 || parse_key(argv[3], &sa) != 0) {
		fprintf(stderr, "usage: esp_decrypt PCAP SPI KEY (rfc4106 key material, hex)\n");
		return 2;
	}
	sa.spi = (uint32_t)strtoul(argv[2], NULL, 0);
	in = fopen(argv[1], "rb");
	if (in == NULL || fread(hdr, 1, sizeof(hdr), in) != sizeof(hdr)) {
		perror(argv[1]);
		return 2;
	}
	{
		uint32_t magic;

		memcpy(&magic, hdr, 4);
		memcpy(&linktype, hdr + 20, 4);
		if (magic != PCAP_MAGIC_USEC && magic != PCAP_MAGIC_NSEC) {
			fprintf(stderr, "esp_decrypt: %s is not a classic capture of this host\n",
				argv[1]);
			return 2;
		}
	}
	while (fread(rec, 1, sizeof(rec), in) == sizeof(rec)) {
		uint32_t caplen;
		const uint8_t *ip;
		size_t ip_len, ihl, total;

		memcpy(&caplen, rec + 8, 4);
		if (caplen > 262144 || (frame = realloc(frame, caplen + 1)) == NULL ||
		    fread(frame, 1, caplen, in) != caplen) {
			fprintf(stderr, "esp_decrypt: a truncated capture\n");
			return 2;
		}
		ip = ipv4_of(linktype, frame, caplen, &ip_len);
		if (ip == NULL || (ip[0] >> 4) != 4 || ip[9] != 50) {
			continue;
		}
		ihl = (size_t)(ip[0] & 0x0f) * 4;
		total = (size_t)(ip[2] << 8 | ip[3]);
		if (total > ip_len || ihl < 20 || total < ihl + 8 + GCM_IV + GCM_TAG ||
		    be32(ip + ihl) != sa.spi) {
			continue;
		}
		packets++;
		if (open_esp(&sa, ip + ihl, total - ihl) != 0) {
			bad++;
		}
	}
	free(frame);
	fclose(in);
	OPENSSL_cleanse(&sa, sizeof(sa));
	fflush(stdout);
	fprintf(stderr, "packets=%lu\nunauthenticated=%lu\n", packets, bad);
	return packets > 0 && bad == 0 ? 0 : 1;
}
