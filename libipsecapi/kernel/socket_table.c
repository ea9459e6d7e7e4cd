/* SPDX-License-Identifier: BSD-2-Clause */
/* The TCP sockets, through sock_diag (socket_table.h). */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core.h"
#include "sock_diag.h"
#include "socket_table.h"

#define TCP_NEW_SYN_RECV_STATE 12 /* not in the uapi enum */

struct filling {
	struct ipsecapi_socket_table *t;
	const char *fn;
};

static int add_socket(const struct ipsecapi_diag_socket *s, void *data)
{
	struct filling *f = data;
	struct ipsecapi_socket_table *t = f->t;
	struct ipsecapi_socket_entry *e = ipsecapi_array_room(t->e, t->n, &t->cap, sizeof(*e));

	if (e == NULL) {
		return ipsecapi_fail(ENOMEM, f->fn, "no memory for the list of TCP sockets");
	}
	t->e = e;
	t->e[t->n++] = (struct ipsecapi_socket_entry){
		.cookie = s->cookie,
		.uid = s->uid,
		.queued = s->state == TCP_LISTEN ? s->rqueue : 0,
		.inode = s->inode,
		.state = s->state,
	};
	return 0;
}

int ipsecapi_tcp_sockets(uint16_t port, struct ipsecapi_socket_table *t, const char *fn)
{
	static const uint8_t families[] = { AF_INET, AF_INET6 };
	struct filling f = { .t = t, .fn = fn };
	size_t i;

	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		const struct ipsecapi_sock_diag_query q = {
			.family = families[i],
			.proto = IPPROTO_TCP,
			.states = ~0u,
			.local_port = port,
		};

		if (ipsecapi_sock_diag_dump(&q, add_socket, &f, fn) != 0) {
			return -1;
		}
	}
	return 0;
}

const struct ipsecapi_socket_entry *ipsecapi_socket_table_find(const struct ipsecapi_socket_table *t,
							       uint64_t cookie)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->e[i].cookie == cookie) {
			return &t->e[i];
		}
	}
	return NULL;
}

bool ipsecapi_socket_entry_full(const struct ipsecapi_socket_entry *e)
{
	return e->state != TCP_LISTEN && e->state != TCP_TIME_WAIT && e->state != TCP_SYN_RECV &&
	       e->state != TCP_NEW_SYN_RECV_STATE;
}

bool ipsecapi_socket_entry_queued(const struct ipsecapi_socket_entry *e)
{
	return e->inode == 0 && (e->state == TCP_ESTABLISHED || e->state == TCP_CLOSE_WAIT);
}

void ipsecapi_socket_table_clear(struct ipsecapi_socket_table *t)
{
	free(t->e);
	memset(t, 0, sizeof(*t));
}
