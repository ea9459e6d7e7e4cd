/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * token_demo: what an application does with the draft's tokens.  It builds
 * a pToken template (privacy, integrity, the peer identity it accepts),
 * duplicates and compares it, exports and imports the iToken, prints every
 * attribute, and asks for a real socket's protection.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ipsecapi.h>

static int report_failure(const char *what)
{
	fprintf(stderr, "token_demo: %s: %s\n", what, ipsec_last_error());
	return 1;
}

static int set_u16(void *token, uint32_t attr, uint16_t value)
{
	return ipsec_set_token_attr(token, attr, sizeof(value), &value);
}

enum shape { NUMBER, TEXT, OCTETS, IDENTITY };

struct attr_shape {
	uint32_t attr;
	enum shape shape;
};

static const struct attr_shape itoken_attrs[] = {
	{ .attr = IPSEC_API_ATTR_auditString, .shape = TEXT },
	{ .attr = IPSEC_API_ATTR_authenticationMethod, .shape = NUMBER },
	{ .attr = IPSEC_API_ATTR_certificateAuthorityDN, .shape = TEXT },
	{ .attr = IPSEC_API_ATTR_certificateDN, .shape = TEXT },
	{ .attr = IPSEC_API_ATTR_pubKeyID, .shape = OCTETS },
	{ .attr = IPSEC_API_ATTR_channelBinding, .shape = TEXT },
	{ .attr = IPSEC_API_ATTR_authMeth_NONE, .shape = NUMBER },
	{ .attr = IPSEC_API_ATTR_authMeth_BTNS, .shape = NUMBER },
	{ .attr = IPSEC_API_ATTR_authMeth_LEAPOFFAITH, .shape = NUMBER },
	{ .attr = IPSEC_API_ATTR_authMeth_PRESHAREDKEY, .shape = NUMBER },
	{ .attr = IPSEC_API_ATTR_authMeth_GROUPKEY, .shape = NUMBER },
	{ .attr = IPSEC_API_ATTR_authMeth_XAUTH, .shape = NUMBER },
	{ .attr = IPSEC_API_ATTR_authMeth_EAP, .shape = NUMBER },
	{ .attr = IPSEC_API_ATTR_authMeth_PKIX_TRUSTED, .shape = NUMBER },
	{ .attr = IPSEC_API_ATTR_authMeth_PKIX_INLINE, .shape = NUMBER },
	{ .attr = IPSEC_API_ATTR_authMeth_PKIX_OFFLINE, .shape = NUMBER },
};

static const struct attr_shape ptoken_attrs[] = {
	{ .attr = IPSEC_API_ATTR_privacyProtection, .shape = NUMBER },
	{ .attr = IPSEC_API_ATTR_integrityProtection, .shape = NUMBER },
	{ .attr = IPSEC_API_ATTR_compression, .shape = NUMBER },
	{ .attr = IPSEC_API_ATTR_tunnelMode, .shape = NUMBER },
	{ .attr = IPSEC_API_ATTR_policyName, .shape = TEXT },
	{ .attr = IPSEC_API_ATTR_latchState, .shape = NUMBER },
	{ .attr = IPSEC_API_ATTR_auditString, .shape = TEXT },
	{ .attr = IPSEC_API_ATTR_iToken, .shape = IDENTITY },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void print_all(const char *indent, const void *token,
		      const struct attr_shape *table, size_t n);

/* Prints one attribute: a 2-octet value by its name, a string as text, an
 * iToken by its own attributes, other octets by their count. */
static void print_attr(const char *indent, const void *token, uint32_t attr, enum shape shape)
{
	const char *name = ipsec_constant_name(attr);
	void *val = NULL;
	uint32_t len = 0;
	uint16_t u16;
	ipsec_iToken_t it;

	if (ipsec_get_token_attr(token, attr, &len, &val) != 0) {
		printf("%s%-22s (%s)\n", indent, name,
		       errno == ENOENT ? "not set" : ipsec_last_error());
		return;
	}
	switch (shape) {
	case NUMBER:
		memcpy(&u16, val, sizeof(u16));
		printf("%s%-22s %s\n", indent, name, ipsec_constant_name(u16));
		break;
	case TEXT:
		printf("%s%-22s \"%s\"\n", indent, name, (const char *)val);
		break;
	case OCTETS:
		printf("%s%-22s %u octets\n", indent, name, (unsigned)len);
		break;
	case IDENTITY:
		memcpy(&it, val, sizeof(it));
		printf("%s%s:\n", indent, name);
		print_all("      ", it, itoken_attrs, COUNT(itoken_attrs));
		ipsec_free_iToken(it);
		break;
	}
	free(val);
}

static void print_all(const char *indent, const void *token,
		      const struct attr_shape *table, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		print_attr(indent, token, table[i].attr, table[i].shape);
	}
}

static void print_ptoken(const char *title, ipsec_pToken_t p)
{
	printf("%s\n", title);
	print_all("    ", p, ptoken_attrs, COUNT(ptoken_attrs));
}

int main(void)
{
	static const char policy[] = "channel-bound-btns";
	ipsec_pToken_t p = NULL, copy = NULL;
	ipsec_iToken_t peer = NULL, imported = NULL;
	void *bytes = NULL;
	uint32_t nbytes = 0;
	int rc = 1, fd;

	printf("1. A pToken template: privacy at least MEDIUM, integrity required,\n"
	       "   transport mode, and a peer that may be unauthenticated (BTNS)\n"
	       "   but must not use a group key.\n");
	p = ipsec_create_pToken();
	peer = ipsec_create_iToken();
	if (p == NULL || peer == NULL) {
		report_failure("create");
		goto out;
	}
	if (set_u16(p, IPSEC_API_ATTR_privacyProtection, IPSEC_API_ATTR_LEVEL_MEDIUM) ||
	    set_u16(p, IPSEC_API_ATTR_integrityProtection, IPSEC_API_ATTR_ENABLE) ||
	    set_u16(p, IPSEC_API_ATTR_tunnelMode, IPSEC_API_ATTR_DISABLE) ||
	    ipsec_set_token_attr(p, IPSEC_API_ATTR_policyName, sizeof(policy), policy) ||
	    set_u16(peer, IPSEC_API_ATTR_authMeth_BTNS, IPSEC_API_ATTR_ENABLE) ||
	    set_u16(peer, IPSEC_API_ATTR_authMeth_GROUPKEY, IPSEC_API_ATTR_DISABLE) ||
	    ipsec_set_token_attr(p, IPSEC_API_ATTR_iToken, sizeof(peer), &peer)) {
		report_failure("set");
		goto out;
	}
	print_ptoken("   pToken:", p);

	printf("\n2. The token refuses what it must: ");
	if (set_u16(p, IPSEC_API_ATTR_latchState, IPSEC_API_LATCH_ESTABLISHED) == 0) {
		fprintf(stderr, "a read-only attribute was set\n");
		goto out;
	}
	printf("%s\n", ipsec_last_error());

	printf("\n3. Duplicate and compare: ");
	if (ipsec_dup_pToken(&p, &copy) != 0) {
		report_failure("dup");
		goto out;
	}
	printf("the copy is %s; ", ipsec_cmp_pToken(p, copy) == 0 ? "equivalent" : "DIFFERENT");
	set_u16(copy, IPSEC_API_ATTR_privacyProtection, IPSEC_API_ATTR_LEVEL_HIGH);
	printf("with privacy raised to LEVEL_HIGH it is %s.\n",
	       ipsec_cmp_pToken(p, copy) == 0 ? "EQUIVALENT" : "different");

	printf("\n4. Export the peer iToken, import it again: ");
	if (ipsec_export_iToken(peer, &nbytes, &bytes) != 0 ||
	    ipsec_import_iToken(bytes, nbytes, &imported) != 0) {
		report_failure("export/import");
		goto out;
	}
	printf("%u octets:", (unsigned)nbytes);
	for (uint32_t i = 0; i < nbytes; i++) {
		printf(" %02x", ((const unsigned char *)bytes)[i]);
	}
	printf("\n   the imported iToken is %s.\n",
	       ipsec_cmp_iToken(peer, imported) == 0 ? "the same identity" : "DIFFERENT");

	printf("\n5. Ask a real TCP socket for its protection: ");
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd >= 0) {
		ipsec_pToken_t sp = NULL;

		if (ipsec_get_socket_pToken(fd, &sp) == 0) {
			print_ptoken("", sp);
			ipsec_free_pToken(sp);
		} else {
			printf("%s (errno %d, %s)\n", ipsec_last_error(), errno, strerror(errno));
		}
		close(fd);
	}
	rc = 0;
out:
	free(bytes);
	ipsec_free_iToken(imported);
	ipsec_free_iToken(peer);
	ipsec_free_pToken(copy);
	ipsec_free_pToken(p);
	return rc;
}
