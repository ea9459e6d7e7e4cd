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

static int fail(const char *what)
{
	fprintf(stderr, "token_demo: %s: %s\n", what, ipsec_last_error());
	return 1;
}

static int set_u16(void *token, uint32_t attr, uint16_t value)
{
	return ipsec_set_token_attr(token, attr, sizeof(value), &value);
}

static void print_attr(const char *indent, const void *token, uint32_t attr);

static void print_itoken(const char *indent, ipsec_iToken_t it)
{
	static const uint32_t attrs[] = {
		IPSEC_API_ATTR_auditString, IPSEC_API_ATTR_authenticationMethod,
		IPSEC_API_ATTR_certificateAuthorityDN, IPSEC_API_ATTR_certificateDN,
		IPSEC_API_ATTR_pubKeyID, IPSEC_API_ATTR_channelBinding,
		IPSEC_API_ATTR_authMeth_NONE, IPSEC_API_ATTR_authMeth_BTNS,
		IPSEC_API_ATTR_authMeth_LEAPOFFAITH, IPSEC_API_ATTR_authMeth_PRESHAREDKEY,
		IPSEC_API_ATTR_authMeth_GROUPKEY, IPSEC_API_ATTR_authMeth_XAUTH,
		IPSEC_API_ATTR_authMeth_EAP, IPSEC_API_ATTR_authMeth_PKIX_TRUSTED,
		IPSEC_API_ATTR_authMeth_PKIX_INLINE, IPSEC_API_ATTR_authMeth_PKIX_OFFLINE,
	};
	size_t i;

	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		print_attr(indent, it, attrs[i]);
	}
}

/* Prints one attribute by its type: a 2-octet value by name, a string as
 * text, an iToken by its own attributes, bytes as a count. */
static void print_attr(const char *indent, const void *token, uint32_t attr)
{
	void *val = NULL;
	uint32_t len = 0;
	uint16_t u16;

	if (ipsec_get_token_attr(token, attr, &len, &val) != 0) {
		printf("%s%-22s (%s)\n", indent, ipsec_constant_name(attr),
		       errno == ENOENT ? "not set" : ipsec_last_error());
		return;
	}
	if (attr == IPSEC_API_ATTR_iToken || attr == IPSEC_API_ATTR_remote_iToken) {
		ipsec_iToken_t it;

		memcpy(&it, val, sizeof(it));
		printf("%s%s:\n", indent, ipsec_constant_name(attr));
		print_itoken("      ", it);
		ipsec_free_iToken(it);
	} else if (len == sizeof(u16) && attr != IPSEC_API_ATTR_pubKeyID) {
		memcpy(&u16, val, sizeof(u16));
		printf("%s%-22s %s\n", indent, ipsec_constant_name(attr), ipsec_constant_name(u16));
	} else if (((const char *)val)[len - 1] == '\0') {
		printf("%s%-22s \"%s\"\n", indent, ipsec_constant_name(attr), (const char *)val);
	} else {
		printf("%s%-22s %u octets\n", indent, ipsec_constant_name(attr), (unsigned)len);
	}
	free(val);
}

static void print_ptoken(const char *title, ipsec_pToken_t p)
{
	static const uint32_t attrs[] = {
		IPSEC_API_ATTR_privacyProtection, IPSEC_API_ATTR_integrityProtection,
		IPSEC_API_ATTR_compression, IPSEC_API_ATTR_tunnelMode,
		IPSEC_API_ATTR_policyName, IPSEC_API_ATTR_latchState,
		IPSEC_API_ATTR_auditString, IPSEC_API_ATTR_iToken,
	};
	size_t i;

	printf("%s\n", title);
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		print_attr("    ", p, attrs[i]);
	}
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
		fail("create");
		goto out;
	}
	if (set_u16(p, IPSEC_API_ATTR_privacyProtection, IPSEC_API_ATTR_LEVEL_MEDIUM) ||
	    set_u16(p, IPSEC_API_ATTR_integrityProtection, IPSEC_API_ATTR_ENABLE) ||
	    set_u16(p, IPSEC_API_ATTR_tunnelMode, IPSEC_API_ATTR_DISABLE) ||
	    ipsec_set_token_attr(p, IPSEC_API_ATTR_policyName, sizeof(policy), policy) ||
	    set_u16(peer, IPSEC_API_ATTR_authMeth_BTNS, IPSEC_API_ATTR_ENABLE) ||
	    set_u16(peer, IPSEC_API_ATTR_authMeth_GROUPKEY, IPSEC_API_ATTR_DISABLE) ||
	    ipsec_set_token_attr(p, IPSEC_API_ATTR_iToken, sizeof(peer), &peer)) {
		fail("set");
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
		fail("dup");
		goto out;
	}
	printf("the copy is %s; ", ipsec_cmp_pToken(p, copy) == 0 ? "equivalent" : "DIFFERENT");
	set_u16(copy, IPSEC_API_ATTR_privacyProtection, IPSEC_API_ATTR_LEVEL_HIGH);
	printf("with privacy raised to LEVEL_HIGH it is %s.\n",
	       ipsec_cmp_pToken(p, copy) == 0 ? "EQUIVALENT" : "different");

	printf("\n4. Export the peer iToken, import it again: ");
	if (ipsec_export_iToken(peer, &nbytes, &bytes) != 0 ||
	    ipsec_import_iToken(bytes, nbytes, &imported) != 0) {
		fail("export/import");
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
