/* SPDX-License-Identifier: BSD-2-Clause */
/* A datagram message for the datagram calls' tests (cmocka): its text,
 * its address and a control buffer. */
#ifndef BTNS_DATAGRAM_MESSAGE_H
#define BTNS_DATAGRAM_MESSAGE_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

struct message {
	struct msghdr msg;
	struct iovec iov;
	struct sockaddr_storage name;
	char data[64];
	uint8_t control[1024];
};

/* A message of "datagram" to the address that bound socket `to` has
 * (none if to is -1), with a control buffer of cap octets (own cmsgs:
 * none). */
static inline void prepare(struct message *m, int to, size_t cap)
{
	socklen_t len = sizeof(m->name);

	memset(m, 0, sizeof(*m));
	snprintf(m->data, sizeof(m->data), "datagram");
	m->iov.iov_base = m->data;
	m->iov.iov_len = strlen(m->data);
	m->msg.msg_iov = &m->iov;
	m->msg.msg_iovlen = 1;
	if (to >= 0) {
		assert_int_equal(getsockname(to, (struct sockaddr *)&m->name, &len), 0);
		m->msg.msg_name = &m->name;
		m->msg.msg_namelen = len;
	}
	m->msg.msg_control = cap > 0 ? m->control : NULL;
	m->msg.msg_controllen = cap;
}

/* A message ready to receive one datagram, its sender and its flow. */
static inline void prepare_to_receive(struct message *m)
{
	prepare(m, -1, sizeof(m->control));
	m->msg.msg_name = &m->name;
	m->msg.msg_namelen = sizeof(m->name);
}

#endif
