/* SPDX-License-Identifier: BSD-2-Clause */
/* ipsecapid's answers to requests, each logged with its peer. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ipsecapi.h"
#include "broker.h"
#include "broker_datagram.h"
#include "broker_io.h"
#include "error.h"
#include "socket_policy.h"
#include "socket_query.h"
#include "socket_set.h"

/* The function of the application's library that made the request, for
 * the error's words and the log. */
static const char *function_of(uint8_t type)
{
	switch (type) {
	case IPSECAPI_BROKER_GET_SOCKET_PTOKEN:
		return "ipsec_get_socket_pToken";
	case IPSECAPI_BROKER_SET_SOCKET_PTOKEN:
		return "ipsec_set_socket_pToken";
	case IPSECAPI_BROKER_WATCH_LATCH:
		return "ipsec_watch_latch";
	case IPSECAPI_BROKER_GET_DATAGRAM_PTOKEN:
		return "ipsec_get_msg_pToken";
	case IPSECAPI_BROKER_CHECK_DATAGRAM:
		return "ipsec_sendmsg";
	default:
		return "ipsec_unwatch_latch";
	}
}

static void log_request(const struct client *c, const char *fn, int fd, uint32_t tag,
			const char *outcome)
{
	struct stat st;

	if (fd < 0) {
		fprintf(stderr, "ipsecapid: pid %ld uid %ld gid %ld: %s watch %u: %s\n",
			(long)c->peer.pid, (long)c->peer.uid, (long)c->peer.gid, fn + 6,
			(unsigned)tag, outcome);
		return;
	}
	fprintf(stderr, "ipsecapid: pid %ld uid %ld gid %ld: %s socket:[%lu]: %s\n",
		(long)c->peer.pid, (long)c->peer.uid, (long)c->peer.gid, fn + 6,
		fstat(fd, &st) == 0 ? (unsigned long)st.st_ino : 0ul, outcome);
}

static int get_ptoken(int fd, struct ipsecapi_broker_msg *answer, const char *fn)
{
	ipsec_pToken_t p = NULL;

	if (ipsecapi_socket_protection(fd, &p, fn) != 0) {
		return -1;
	}
	answer->type = IPSECAPI_BROKER_PTOKEN;
	answer->ptoken = (struct ipsecapi_token *)p;
	return 0;
}

static int set_ptoken(int fd, const struct ipsecapi_broker_msg *req,
		      struct ipsecapi_broker_msg *answer, const char *fn)
{
	if (!ipsecapi_demands_protection(req->ptoken)) {
		/* A socket's own policy replaces the system's for it: through
		 * the broker it may only be stricter.  ANY would make ESP
		 * optional and DISABLE would bypass it, where the
		 * administrator's policy may require it. */
		return ipsecapi_fail(EPERM, fn,
				     "through the IPsec API broker, a socket's policy may only require "
				     "protection (privacy or integrity ENABLE or a level): ANY and "
				     "DISABLE would loosen the system's policy for it");
	}
	if (ipsecapi_socket_set_protection(fd, (ipsec_pToken_t)req->ptoken, true, fn) != 0) {
		return -1;
	}
	answer->type = IPSECAPI_BROKER_DONE;
	return 0;
}

/* The reason for the application: the broker's number for the socket
 * means nothing to it. */
static void explain(char *out, size_t size, int fd, const char *fn)
{
	char number[24];
	const char *reason = ipsecapi_last_reason(fn), *at;
	size_t n;

	if (errno == EXDEV) {
		snprintf(out, size,
			 "the socket belongs to another network namespace than the IPsec API "
			 "broker, which answers for the sockets of its own: run one in the "
			 "socket's namespace (ipsecapid(8))");
		return;
	}
	n = (size_t)snprintf(number, sizeof(number), "fd %d", fd);
	at = fd >= 0 ? strstr(reason, number) : NULL;
	if (at == NULL || (at[n] >= '0' && at[n] <= '9')) {
		snprintf(out, size, "%s", reason);
		return;
	}
	snprintf(out, size, "%.*sthe socket%s", (int)(at - reason), reason, at + n);
}

/* About a datagram on socket fd: its pToken, or whether it leaves
 * protected as demanded.  Nothing is latched or set. */
static int about_datagram(int fd, const struct ipsecapi_broker_msg *req,
			  struct ipsecapi_broker_msg *answer, const char *fn)
{
	const struct ipsecapi_broker_datagram *d = &req->datagram;
	struct ipsecapi_datagram_demand want;
	struct ipsecapi_flow flow;
	ipsec_pToken_t p = NULL;
	bool connected;

	if (ipsecapi_broker_datagram_flow(fd, d, &flow, &connected, fn) != 0) {
		return -1;
	}
	if (req->type == IPSECAPI_BROKER_CHECK_DATAGRAM) {
		want.min_privacy = ipsecapi_demanded_strength(d->privacy);
		want.min_integrity = ipsecapi_demanded_strength(d->integrity);
		want.reqid = d->reqid;
		answer->type = IPSECAPI_BROKER_DONE;
		return ipsecapi_datagram_enforced(&flow, connected, &want, fn);
	}
	if (ipsecapi_flow_protection(&flow, &p, fn) != 0) {
		return -1;
	}
	answer->type = IPSECAPI_BROKER_PTOKEN;
	answer->ptoken = (struct ipsecapi_token *)p;
	return 0;
}

static int answer_request(struct client *c, const struct ipsecapi_broker_msg *req, int fd,
			  struct ipsecapi_broker_msg *answer, const char *fn)
{
	switch (req->type) {
	case IPSECAPI_BROKER_GET_SOCKET_PTOKEN:
		return get_ptoken(fd, answer, fn);
	case IPSECAPI_BROKER_SET_SOCKET_PTOKEN:
		return set_ptoken(fd, req, answer, fn);
	case IPSECAPI_BROKER_WATCH_LATCH:
		return ipsecapid_watch(c, req, fd, answer, fn);
	case IPSECAPI_BROKER_GET_DATAGRAM_PTOKEN:
	case IPSECAPI_BROKER_CHECK_DATAGRAM:
		return about_datagram(fd, req, answer, fn);
	default:
		return ipsecapid_unwatch(c, req, answer, fn);
	}
}

int ipsecapid_serve(struct broker *b, struct client *c, const struct ipsecapi_broker_msg *req,
		    int fd)
{
	struct ipsecapi_broker_msg answer;
	const char *fn = function_of(req->type);
	int rc;

	memset(&answer, 0, sizeof(answer));
	if (fd >= 0) {
		/* A query latches a protected connection, and a policy set
		 * changes what protects it: the watches of the socket are worked
		 * out again, after this request; not the one it may add, whose
		 * state the answer has. */
		ipsecapid_touched(b, fd);
	}
	rc = answer_request(c, req, fd, &answer, fn);
	if (rc != 0) {
		int err = errno;

		ipsecapi_broker_msg_clear(&answer);
		answer.type = IPSECAPI_BROKER_ERROR;
		answer.error = err > 0 ? err : EIO;
		errno = answer.error;
		explain(answer.message, sizeof(answer.message), fd, fn);
	}
	log_request(c, fn, fd, req->tag, rc == 0 ? "ok" : answer.message);
	rc = ipsecapi_broker_send(c->fd, &answer, -1, fn);
	ipsecapi_broker_msg_clear(&answer);
	return rc;
}
