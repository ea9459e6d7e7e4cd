/* SPDX-License-Identifier: BSD-2-Clause */
/* A latch watch kept by the broker: the library's side (broker_watch.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ipsecapi.h"
#include "broker_io.h"
#include "broker_watch.h"
#include "core.h"

int ipsecapi_broker_watch_open(struct ipsecapi_broker_watch *bw, const char *fn)
{
	int sock = ipsecapi_broker_connect(fn);

	if (sock < 0) {
		return -1;
	}
	if (fcntl(sock, F_SETFL, fcntl(sock, F_GETFL) | O_NONBLOCK) != 0) {
		close(sock);
		return ipsecapi_fail(errno, fn, "cannot make the broker's connection non-blocking: %s",
				     strerror(errno));
	}
	bw->sock = sock;
	bw->connections++;
	return 0;
}

void ipsecapi_broker_watch_close(struct ipsecapi_broker_watch *bw)
{
	if (bw->sock >= 0) {
		close(bw->sock);
	}
	bw->sock = -1;
}

/* An event for one of t's watches.  A watched fd that the application
 * closed and whose number went to another socket is CLOSED here: the
 * broker follows the old socket until it is gone, under a tag that is
 * dropped here. */
static void apply_latch_event(struct ipsecapi_latch_table *t, const struct ipsecapi_broker_msg *m)
{
	struct ipsecapi_latch_entry *e = ipsecapi_latch_table_by_tag(t, m->tag);

	if (e != NULL && e->state != IPSEC_API_LATCH_CLOSED) {
		ipsecapi_latch_entry_set(e, ipsecapi_latch_entry_fd_holds(e) ? m->state : IPSEC_API_LATCH_CLOSED);
	}
}

/* Whether t watches a connection whose CLOSED has not come. */
static bool watches_open(const struct ipsecapi_latch_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->e[i].state != IPSEC_API_LATCH_CLOSED) {
			return true;
		}
	}
	return false;
}

static int ended(const char *fn)
{
	return ipsecapi_fail(ECONNRESET, fn,
			     "the IPsec API broker at %s ended the latch watch's connection: the "
			     "states of the latches it watched are no longer known",
			     ipsecapi_broker_path());
}

/* One message: 1 with *m, 0 if none is waiting, -1 on error or at the
 * end of the connection. */
static int receive_broker_msg(struct ipsecapi_broker_watch *bw, struct ipsecapi_broker_msg *m,
			      const char *fn)
{
	int none, rc = ipsecapi_broker_recv(bw->sock, false, m, &none, fn);

	if (rc < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
		return 0;
	}
	if (rc == 0 || (rc < 0 && errno == ECONNRESET)) {
		return ended(fn);
	}
	return rc;
}

static void check_fds(struct ipsecapi_latch_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->e[i].state != IPSEC_API_LATCH_CLOSED && !ipsecapi_latch_entry_fd_holds(&t->e[i])) {
			ipsecapi_latch_entry_set(&t->e[i], IPSEC_API_LATCH_CLOSED);
		}
	}
}

int ipsecapi_broker_watch_take(struct ipsecapi_broker_watch *bw, struct ipsecapi_latch_table *t,
			       const char *fn)
{
	struct ipsecapi_broker_msg m;
	int rc;

	check_fds(t);
	if (bw->sock < 0) {
		return 0; /* nothing watched since an idle connection ended */
	}
	while ((rc = receive_broker_msg(bw, &m, fn)) > 0) {
		if (m.type != IPSECAPI_BROKER_LATCH_EVENT) {
			unsigned type = m.type;

			ipsecapi_broker_msg_clear(&m);
			return ipsecapi_fail(EBADMSG, fn,
					     "the IPsec API broker sent a message of type 0x%02x "
					     "that no request asked for",
					     type);
		}
		apply_latch_event(t, &m);
	}
	if (rc < 0 && errno == ECONNRESET && !watches_open(t)) {
		/* The broker ends connections that watch nothing and stay
		 * idle; the next watch makes a new one. */
		ipsecapi_broker_watch_close(bw);
		return 0;
	}
	return rc;
}

/* The answer to the request just sent: events that come before it are
 * taken in.  1 with *m of the type wanted, or -1 (the broker's own
 * error, or the one of the connection). */
static int await_answer(struct ipsecapi_broker_watch *bw, struct ipsecapi_latch_table *t,
			uint8_t want, struct ipsecapi_broker_msg *m, const char *fn)
{
	struct pollfd p = { .fd = bw->sock, .events = POLLIN, .revents = 0 };
	int rc;

	for (;;) {
		rc = receive_broker_msg(bw, m, fn);
		if (rc < 0) {
			return -1;
		}
		if (rc == 0) {
			if (poll(&p, 1, -1) < 0 && errno != EINTR) {
				return ipsecapi_fail(errno, fn, "cannot wait for the IPsec API broker: %s",
						     strerror(errno));
			}
			continue;
		}
		if (m->type == IPSECAPI_BROKER_LATCH_EVENT) {
			apply_latch_event(t, m);
			continue;
		}
		if (m->type == want) {
			return 1;
		}
		if (m->type == IPSECAPI_BROKER_ERROR) {
			/* The broker's own words, as if this process had failed so. */
			ipsecapi_fail(m->error, fn, "%s", m->message);
		} else {
			ipsecapi_fail(EBADMSG, fn, "the IPsec API broker answered with type 0x%02x",
				      (unsigned)m->type);
		}
		ipsecapi_broker_msg_clear(m);
		return -1;
	}
}

/* Sends a request: once more on a new connection if the broker had
 * dropped an idle one that watched nothing. */
static int request(struct ipsecapi_broker_watch *bw, const struct ipsecapi_latch_table *t,
		   const struct ipsecapi_broker_msg *m, int fd, const char *fn)
{
	if (bw->sock < 0 && ipsecapi_broker_watch_open(bw, fn) != 0) {
		return -1;
	}
	if (ipsecapi_broker_send(bw->sock, m, fd, fn) == 0) {
		return 0;
	}
	if (watches_open(t) || (errno != EPIPE && errno != ECONNRESET)) {
		return errno == EPIPE || errno == ECONNRESET ? ended(fn) : -1;
	}
	ipsecapi_broker_watch_close(bw);
	if (ipsecapi_broker_watch_open(bw, fn) != 0) {
		return -1;
	}
	return ipsecapi_broker_send(bw->sock, m, fd, fn);
}

int ipsecapi_broker_watch_add(struct ipsecapi_broker_watch *bw, struct ipsecapi_latch_table *t,
			      int fd, const char *fn)
{
	struct ipsecapi_broker_msg m;
	struct ipsecapi_latch_entry e;
	int rc;

	/* What the application's own process can refuse, it refuses as a
	 * watch of the kernel would (EBADF, ENOTSOCK, ENOTCONN ...). */
	memset(&e, 0, sizeof(e));
	e.fd = fd;
	if (ipsecapi_flow_from_fd(fd, &e.flow, fn) != 0 || ipsecapi_broker_watch_take(bw, t, fn) != 0) {
		return -1;
	}
	memset(&m, 0, sizeof(m));
	m.type = IPSECAPI_BROKER_WATCH_LATCH;
	m.tag = e.tag = bw->next_tag++;
	if (request(bw, t, &m, fd, fn) != 0 ||
	    await_answer(bw, t, IPSECAPI_BROKER_LATCH_STATE, &m, fn) < 0) {
		return -1;
	}
	rc = 0;
	if (m.tag != e.tag) {
		rc = ipsecapi_fail(EBADMSG, fn, "the IPsec API broker answered for another watch");
	} else {
		e.state = m.state;
		e.news = true;
		rc = ipsecapi_latch_table_add(t, &e, fn);
	}
	ipsecapi_broker_msg_clear(&m);
	return rc;
}

int ipsecapi_broker_watch_remove(struct ipsecapi_broker_watch *bw, struct ipsecapi_latch_table *t,
				 struct ipsecapi_latch_entry *e, const char *fn)
{
	struct ipsecapi_broker_msg m;
	uint32_t tag = e->tag;
	int rc;

	memset(&m, 0, sizeof(m));
	m.type = IPSECAPI_BROKER_UNWATCH_LATCH;
	m.tag = tag;
	rc = request(bw, t, &m, -1, fn) == 0 &&
			     await_answer(bw, t, IPSECAPI_BROKER_DONE, &m, fn) > 0
		     ? 0
		     : -1;
	ipsecapi_broker_msg_clear(&m);
	if (rc != 0 && errno == ENOENT) {
		rc = 0; /* the socket was gone, and its CLOSED on its way */
	}
	/* Events taken in while waiting may have moved the entries. */
	e = ipsecapi_latch_table_by_tag(t, tag);
	if (e != NULL) {
		ipsecapi_latch_table_remove(t, e);
	}
	return rc;
}
