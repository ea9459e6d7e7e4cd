// SPDX-License-Identifier: BSD-2-Clause
#include <stdlib.h>
#include <string.h>

#include "iov_message.h"

int iov_message_init(struct iov_message *m, const char *text)
{
	memset(m, 0, sizeof(*m));
	if (strlen(text) >= sizeof(m->data)) {
		return -1;
	}
	strcpy(m->data, text);
	m->iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER | GSS_IOV_BUFFER_FLAG_ALLOCATE;
	m->iov[1].type = GSS_IOV_BUFFER_TYPE_DATA;
	m->iov[1].buffer.value = m->data;
	m->iov[1].buffer.length = strlen(text);
	m->iov[2].type = GSS_IOV_BUFFER_TYPE_PADDING | GSS_IOV_BUFFER_FLAG_ALLOCATE;
	m->iov[3].type = GSS_IOV_BUFFER_TYPE_TRAILER | GSS_IOV_BUFFER_FLAG_ALLOCATE;
	return 0;
}

int iov_message_joined(const struct iov_message *m, gss_buffer_t token)
{
	size_t len = 0;
	int i;

	for (i = 0; i < 4; i++) {
		len += m->iov[i].buffer.length;
	}
	token->value = malloc(len > 0 ? len : 1);
	token->length = 0;
	if (token->value == NULL) {
		return -1;
	}
	for (i = 0; i < 4; i++) {
		if (m->iov[i].buffer.length > 0) {
			memcpy((char *)token->value + token->length, m->iov[i].buffer.value,
			       m->iov[i].buffer.length);
		}
		token->length += m->iov[i].buffer.length;
	}
	return 0;
}
