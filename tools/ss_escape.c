/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ss_escape.h"

static bool continuation(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/* The length of the valid UTF-8 sequence of two octets or more at s, or
 * 0: overlong forms, surrogates and code points past U+10FFFF are not
 * valid (RFC 3629). */
static size_t utf8_sequence(const unsigned char *s)
{
	unsigned char lead = s[0];
	unsigned char low = 0x80, high = 0xbf;
	size_t len, i;

	if (lead >= 0xc2 && lead <= 0xdf) {
		len = 2;
	} else if (lead >= 0xe0 && lead <= 0xef) {
		len = 3;
		low = lead == 0xe0 ? 0xa0 : 0x80;
		high = lead == 0xed ? 0x9f : 0xbf;
	} else if (lead >= 0xf0 && lead <= 0xf4) {
		len = 4;
		low = lead == 0xf0 ? 0x90 : 0x80;
		high = lead == 0xf4 ? 0x8f : 0xbf;
	} else {
		return 0;
	}
	if (s[1] < low || s[1] > high) {
		return 0;
	}
	for (i = 2; i < len; i++) {
		if (!continuation(s[i])) { /* the NUL at the end stops here too */
			return 0;
		}
	}
	return len;
}

/* The short escape of c (n for a newline ...), or 0. */
static char short_escape(unsigned char c)
{
	switch (c) {
	case '"':
		return '"';
	case '\\':
		return '\\';
	case '\n':
		return 'n';
	case '\r':
		return 'r';
	case '\t':
		return 't';
	}
	return 0;
}

char *ss_quoted(const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *in = (const unsigned char *)s;
	char *out = malloc(4 * strlen(s) + 3), *o = out;
	size_t len;

	if (out == NULL) {
		return NULL;
	}
	*o++ = '"';
	while (*in != '\0') {
		if (short_escape(*in) != 0) {
			*o++ = '\\';
			*o++ = short_escape(*in++);
		} else if (*in >= 0x20 && *in < 0x7f) {
			*o++ = (char)*in++;
		} else if (*in >= 0x80 && (len = utf8_sequence(in)) != 0) {
			memcpy(o, in, len);
			o += len;
			in += len;
		} else {
			*o++ = '\\';
			*o++ = 'x';
			*o++ = hex[*in >> 4];
			*o++ = hex[*in++ & 0xf];
		}
	}
	*o++ = '"';
	*o = '\0';
	return out;
}

void ss_put_json_string(FILE *out, const char *s)
{
	const unsigned char *in = (const unsigned char *)s;
	size_t len;

	putc('"', out);
	while (*in != '\0') {
		if (short_escape(*in) != 0) {
			putc('\\', out);
			putc(short_escape(*in++), out);
		} else if (*in >= 0x20 && *in < 0x7f) {
			putc(*in++, out);
		} else if (*in < 0x80) {
			fprintf(out, "\\u%04x", *in++);
		} else if ((len = utf8_sequence(in)) != 0) {
			fwrite(in, 1, len, out);
			in += len;
		} else {
			fputs("\\ufffd", out);
			in++;
		}
	}
	putc('"', out);
}
