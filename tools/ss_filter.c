/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The filter's grammar (ipsec-ss(8), FILTER): conditions joined by and
 * (or by nothing, as ss joins them), each one of
 *   src|dst [=] HOST        HOST: ADDRESS[/PLEN][:PORT], [IPV6[/PLEN]][:PORT],
 *                           an IPv6 address alone, "*" for any address or port
 *   sport|dport [OP] :PORT  OP: = == eq != ne neq < lt > gt <= le leq >= ge geq
 * Addresses and ports are numbers: no name is looked up.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ss_filter.h"

enum ss_op { OP_EQ, OP_NE, OP_LT, OP_GT, OP_LE, OP_GE };

struct ss_condition {
	bool remote; /* dst and dport: the peer's end; src and sport: the local end */
	bool any_address;
	uint16_t family;
	uint8_t address[16];
	unsigned prefix_len;
	bool any_port;
	enum ss_op op;
	uint16_t port;
};

struct ss_filter {
	struct ss_condition *v;
	size_t n;
};

struct parser {
	char **tokens;
	size_t n, at;
	char *err;
	size_t err_size;
};

static const struct {
	const char *word;
	enum ss_op op;
} operators[] = {
	{ "=", OP_EQ },	  { "==", OP_EQ }, { "eq", OP_EQ }, { "!=", OP_NE }, { "ne", OP_NE },
	{ "neq", OP_NE }, { "<", OP_LT },  { "lt", OP_LT }, { ">", OP_GT },  { "gt", OP_GT },
	{ "<=", OP_LE },  { "le", OP_LE }, { "leq", OP_LE }, { ">=", OP_GE }, { "ge", OP_GE },
	{ "geq", OP_GE },
};

/* Refuses token, saying why; the token is shown printable and short, as
 * it may be anything the user typed. */
static int refuse(struct parser *p, const char *token, const char *why)
{
	char shown[48];
	size_t i;

	for (i = 0; token[i] != '\0' && i < sizeof(shown) - 4; i++) {
		shown[i] = isprint((unsigned char)token[i]) ? token[i] : '?';
	}
	strcpy(shown + i, token[i] != '\0' ? "..." : "");
	snprintf(p->err, p->err_size, "filter: \"%s\" %s", shown, why);
	errno = EINVAL;
	return -1;
}

static bool is_and(const char *word)
{
	return strcmp(word, "and") == 0 || strcmp(word, "&&") == 0 || strcmp(word, "&") == 0;
}

static bool find_operator(const char *word, enum ss_op *op)
{
	size_t i;

	for (i = 0; i < sizeof(operators) / sizeof(operators[0]); i++) {
		if (strcmp(word, operators[i].word) == 0) {
			*op = operators[i].op;
			return true;
		}
	}
	return false;
}

/* A decimal number of at most digits digits, no sign, at most max. */
static bool decimal(const char *s, size_t len, unsigned max, unsigned *out)
{
	unsigned v = 0;
	size_t i;

	if (len == 0 || len > 5) {
		return false;
	}
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i])) {
			return false;
		}
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return v <= max;
}

/* PORT of token: a number or "*". */
static int parse_port(struct parser *p, const char *port, const char *token, struct ss_condition *c)
{
	unsigned v;

	if (strcmp(port, "*") == 0) {
		c->any_port = true;
		return 0;
	}
	if (!decimal(port, strlen(port), 65535, &v)) {
		return refuse(p, token,
			      "has no port number (0-65535; service names are not looked up)");
	}
	c->any_port = false;
	c->port = (uint16_t)v;
	return 0;
}

/* ADDRESS[/PLEN] (len octets at text) of token, or "*" or nothing for
 * any address; an IPv6 address only where ipv6 allows it. */
static int parse_address(struct parser *p, const char *text, size_t len, bool ipv6,
			 const char *token, struct ss_condition *c)
{
	char address[INET6_ADDRSTRLEN + 8];
	char *slash;
	unsigned max, plen;

	if (len >= sizeof(address)) {
		return refuse(p, token, "is not an IPv4 or IPv6 address");
	}
	memcpy(address, text, len);
	address[len] = '\0';
	if (len == 0 || strcmp(address, "*") == 0) {
		c->any_address = true;
		return 0;
	}
	slash = strchr(address, '/');
	if (slash != NULL) {
		*slash = '\0';
	}
	if (!ipv6 && inet_pton(AF_INET, address, c->address) == 1) {
		c->family = AF_INET;
		max = 32;
	} else if (ipv6 && inet_pton(AF_INET6, address, c->address) == 1) {
		c->family = AF_INET6;
		max = 128;
	} else {
		return refuse(p, token,
			      ipv6 ? "is not an IPv6 address" :
				     "is not an IPv4 or IPv6 address (names are not looked up)");
	}
	plen = max;
	if (slash != NULL && !decimal(slash + 1, strlen(slash + 1), max, &plen)) {
		return refuse(p, token, "has no prefix length in range");
	}
	c->any_address = false;
	c->prefix_len = plen;
	return 0;
}

/* HOST: [IPV6[/PLEN]][:PORT], an IPv6 address alone (two colons or more),
 * or ADDRESS[/PLEN][:PORT]. */
static int parse_host(struct parser *p, const char *host, struct ss_condition *c)
{
	const char *colon = strchr(host, ':'), *close;

	c->any_port = true;
	if (host[0] == '[') {
		close = strchr(host, ']');
		if (close == NULL) {
			return refuse(p, host, "has no closing ]");
		}
		if (close[1] != '\0' && close[1] != ':') {
			return refuse(p, host, "has something other than :PORT after ]");
		}
		if (parse_address(p, host + 1, (size_t)(close - host - 1), true, host, c) != 0) {
			return -1;
		}
		return close[1] == ':' ? parse_port(p, close + 2, host, c) : 0;
	}
	if (colon != NULL && strchr(colon + 1, ':') != NULL) {
		return parse_address(p, host, strlen(host), true, host, c);
	}
	if (colon == NULL) {
		return parse_address(p, host, strlen(host), false, host, c);
	}
	if (parse_address(p, host, (size_t)(colon - host), false, host, c) != 0) {
		return -1;
	}
	return parse_port(p, colon + 1, host, c);
}

static int parse_condition(struct parser *p, struct ss_condition *c)
{
	const char *word = p->tokens[p->at++], *value;
	bool host = strcmp(word, "src") == 0 || strcmp(word, "dst") == 0;
	bool port = strcmp(word, "sport") == 0 || strcmp(word, "dport") == 0;

	if (!host && !port) {
		return refuse(p, word,
			      "is not supported: ipsec-ss takes src, dst, sport and dport, "
			      "joined by and");
	}
	*c = (struct ss_condition){ .remote = word[0] == 'd', .op = OP_EQ, .any_address = true };
	if (p->at < p->n && find_operator(p->tokens[p->at], &c->op)) {
		if (host && c->op != OP_EQ) {
			return refuse(p, p->tokens[p->at],
				      "is not supported after src or dst: only = is");
		}
		p->at++;
	}
	if (p->at == p->n) {
		return refuse(p, word, host ? "needs an address" : "needs a port (:PORT)");
	}
	value = p->tokens[p->at++];
	if (host) {
		return parse_host(p, value, c);
	}
	if (value[0] != ':') {
		return refuse(p, value, "is not a port: sport and dport take :PORT");
	}
	return parse_port(p, value + 1, value, c);
}

static int parse(struct parser *p, struct ss_filter *f)
{
	struct ss_condition *v;

	while (p->at < p->n) {
		if (f->n > 0 && is_and(p->tokens[p->at])) {
			if (++p->at == p->n) {
				return refuse(p, p->tokens[p->at - 1],
					      "ends the filter: a condition must follow");
			}
		}
		v = realloc(f->v, (f->n + 1) * sizeof(*v));
		if (v == NULL) {
			snprintf(p->err, p->err_size, "filter: out of memory");
			errno = ENOMEM;
			return -1;
		}
		f->v = v;
		if (parse_condition(p, &f->v[f->n]) != 0) {
			return -1;
		}
		f->n++;
	}
	return 0;
}

/* The blank-separated words of text, in *tokens pointing into *copy. */
static int split(const char *text, char **copy, char ***tokens, size_t *n)
{
	static const char blanks[] = " \t\n\r\v\f";
	char *word, *save = NULL;

	*copy = strdup(text);
	*tokens = malloc((strlen(text) / 2 + 1) * sizeof(**tokens));
	if (*copy == NULL || *tokens == NULL) {
		errno = ENOMEM;
		return -1;
	}
	*n = 0;
	word = strtok_r(*copy, blanks, &save);
	while (word != NULL) {
		(*tokens)[(*n)++] = word;
		word = strtok_r(NULL, blanks, &save);
	}
	return 0;
}

int ss_filter_create(const char *text, struct ss_filter **out, char *err, size_t err_size)
{
	struct parser p = { .err = err, .err_size = err_size };
	struct ss_filter *f = calloc(1, sizeof(*f));
	char *copy = NULL;
	int rc = -1;

	*out = NULL;
	if (f == NULL || split(text, &copy, &p.tokens, &p.n) != 0) {
		snprintf(err, err_size, "filter: out of memory");
		errno = ENOMEM;
	} else if (parse(&p, f) == 0) {
		*out = f;
		rc = 0;
	}
	if (rc != 0) {
		ss_filter_free(f);
	}
	free(p.tokens);
	free(copy);
	return rc;
}

static bool compare(enum ss_op op, uint16_t have, uint16_t want)
{
	switch (op) {
	case OP_EQ:
		return have == want;
	case OP_NE:
		return have != want;
	case OP_LT:
		return have < want;
	case OP_GT:
		return have > want;
	case OP_LE:
		return have <= want;
	case OP_GE:
		return have >= want;
	}
	return false;
}

/* Whether the first prefix_len bits of address and of c's are the same. */
static bool in_prefix(const struct ss_condition *c, const uint8_t *address)
{
	unsigned whole = c->prefix_len / 8, rest = c->prefix_len % 8;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));

	return memcmp(address, c->address, whole) == 0 &&
	       (rest == 0 || ((address[whole] ^ c->address[whole]) & mask) == 0);
}

static bool condition_match(const struct ss_condition *c, const struct ipsecapi_flow *flow)
{
	const xfrm_address_t *address = c->remote ? &flow->remote : &flow->local;
	uint16_t port = c->remote ? flow->remote_port : flow->local_port;

	if (!c->any_address &&
	    (c->family != flow->family || !in_prefix(c, (const uint8_t *)address))) {
		return false;
	}
	return c->any_port || compare(c->op, port, c->port);
}

bool ss_filter_match(const struct ss_filter *f, const struct ipsecapi_flow *flow)
{
	size_t i;

	for (i = 0; f != NULL && i < f->n; i++) {
		if (!condition_match(&f->v[i], flow)) {
			return false;
		}
	}
	return true;
}

void ss_filter_free(struct ss_filter *f)
{
	if (f != NULL) {
		free(f->v);
		free(f);
	}
}
