/* SPDX-License-Identifier: BSD-2-Clause */
/* A message in IOV buffers, as the tests of gss_wrap_iov() make one. */
#ifndef IOV_MESSAGE_H
#define IOV_MESSAGE_H

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>

/* HEADER, DATA (a copy of the text), PADDING, TRAILER; the mechanism
 * allocates what it needs. */
struct iov_message {
	gss_iov_buffer_desc iov[4];
	char data[64];
};

/* m holding text: 0, or -1 if text does not fit. */
int iov_message_init(struct iov_message *m, const char *text);

/* The buffers end to end, as one token (malloc()ed, the token that
 * gss_unwrap() takes): 0, or -1 without memory. */
int iov_message_joined(const struct iov_message *m, gss_buffer_t token);

#endif
