/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The API's calls carried out by the broker, for a process that the
 * kernel refuses XFRM (backend.h): each goes with the socket itself, so
 * the broker acts on that socket and knows who asks.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "backend.h"

static int broker_get_socket(int fd, ipsec_pToken_t *out, const char *fn)
{
	struct ipsecapi_broker_msg request = { .type = IPSECAPI_BROKER_GET_SOCKET_PTOKEN };

	return ipsecapi_broker_call(&request, fd, (struct ipsecapi_token **)out, fn);
}

static int broker_set_socket(int fd, const ipsec_pToken_t p, const char *fn)
{
	struct ipsecapi_broker_msg request = { .type = IPSECAPI_BROKER_SET_SOCKET_PTOKEN };

	request.ptoken = (struct ipsecapi_token *)ipsecapi_token_check(p, &ipsecapi_ptoken_kind, fn);
	return request.ptoken != NULL ? ipsecapi_broker_call(&request, fd, NULL, fn) : -1;
}

/* The broker needs the socket that received the datagram, if this
 * process still holds it. */
static int broker_datagram_ptoken(int fd, const struct ipsecapi_flow *flow, ipsec_pToken_t *out,
				  const char *fn)
{
	uint64_t cookie = 0;
	socklen_t len = sizeof(cookie);

	if (getsockopt(fd, SOL_SOCKET, SO_COOKIE, &cookie, &len) != 0 || cookie != flow->cookie) {
		return ipsecapi_fail(EBADF, fn,
				     "this process lacks CAP_NET_ADMIN, so the datagram's pToken comes "
				     "from the IPsec API broker, which needs the socket that received "
				     "it; fd %d is closed, or another socket now",
				     fd);
	}
	return ipsecapi_broker_datagram_ptoken(fd, flow, out, fn);
}

static int broker_datagram_check(int fd, const struct ipsecapi_flow *flow, bool source_known,
				 const struct ipsecapi_ticket *t, const char *fn)
{
	/* The broker reads whether the source is known from the socket. */
	(void)source_known;
	return ipsecapi_broker_datagram_check(fd, flow, t, fn);
}

/* A broker feed makes a new connection after an idle one was dropped. */
static int new_generation(struct ipsecapi_watch_feed *f, int rc)
{
	f->generation = f->broker.connections;
	return rc;
}

static int broker_watch_open(struct ipsecapi_watch_feed *f, const char *fn)
{
	return new_generation(f, ipsecapi_broker_watch_open(&f->broker, fn));
}

static void broker_watch_close(struct ipsecapi_watch_feed *f)
{
	ipsecapi_broker_watch_close(&f->broker);
}

static int broker_watch_fd(const struct ipsecapi_watch_feed *f)
{
	return f->broker.sock;
}

static int broker_watch_add(struct ipsecapi_watch_feed *f, struct ipsecapi_latch_table *t, int fd,
			    const char *fn)
{
	return new_generation(f, ipsecapi_broker_watch_add(&f->broker, t, fd, fn));
}

static int broker_watch_remove(struct ipsecapi_watch_feed *f, struct ipsecapi_latch_table *t,
			       struct ipsecapi_latch_entry *e, const char *fn)
{
	return new_generation(f, ipsecapi_broker_watch_remove(&f->broker, t, e, fn));
}

static int broker_watch_take(struct ipsecapi_watch_feed *f, struct ipsecapi_latch_table *t,
			     const char *fn)
{
	return ipsecapi_broker_watch_take(&f->broker, t, fn);
}

const struct ipsecapi_backend ipsecapi_broker_backend = {
	.name = "broker",
	.get_socket = broker_get_socket,
	.set_socket = broker_set_socket,
	.datagram_ptoken = broker_datagram_ptoken,
	.datagram_check = broker_datagram_check,
	.watch_open = broker_watch_open,
	.watch_close = broker_watch_close,
	.watch_fd = broker_watch_fd,
	.watch_add = broker_watch_add,
	.watch_remove = broker_watch_remove,
	.watch_take = broker_watch_take,
};
