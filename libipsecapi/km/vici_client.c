/* SPDX-License-Identifier: BSD-2-Clause */
/* A connection to charon over VICI (vici_client.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "core.h"
#include "vici_client.h"

struct ipsecapi_vici {
	int sock;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
};

const char *ipsecapi_vici_path(void)
{
	const char *path = secure_getenv("IPSECAPI_VICI_SOCKET");

	return path != NULL && *path != '\0' ? path : IPSECAPI_VICI_DEFAULT_PATH;
}

int ipsecapi_vici_connect(const char *path, struct ipsecapi_vici **out, const char *fn)
{
	struct ipsecapi_vici *v;
	int err;

	*out = NULL;
	if (path == NULL) {
		path = IPSECAPI_VICI_DEFAULT_PATH;
	}
	if (strlen(path) >= sizeof(v->path)) {
		return ipsecapi_fail(ENAMETOOLONG, fn, "the VICI socket's path %s is too long", path);
	}
	v = calloc(1, sizeof(*v));
	if (v == NULL) {
		return ipsecapi_fail(ENOMEM, fn, "no memory for a VICI connection");
	}
	memcpy(v->path, path, strlen(path));
	v->sock = ipsecapi_unix_connect(path, SOCK_STREAM);
	if (v->sock < 0) {
		err = errno;
		ipsecapi_vici_close(v);
		return ipsecapi_fail(err, fn, "strongSwan's charon cannot be reached at %s: %s", path,
				     strerror(err));
	}
	*out = v;
	return 0;
}

void ipsecapi_vici_close(struct ipsecapi_vici *v)
{
	int err = errno;

	if (v == NULL) {
		return;
	}
	if (v->sock >= 0) {
		close(v->sock);
	}
	free(v);
	errno = err;
}

static int send_all(struct ipsecapi_vici *v, const uint8_t *buf, size_t len, const char *fn)
{
	while (len > 0) {
		ssize_t n = send(v->sock, buf, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			return ipsecapi_fail(n < 0 ? errno : EIO, fn, "cannot send to charon at %s: %s",
					     v->path, strerror(n < 0 ? errno : EIO));
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* len octets, each within the timeout. */
static int recv_all(struct ipsecapi_vici *v, uint8_t *buf, size_t len, const char *fn)
{
	struct pollfd p = { .fd = v->sock, .events = POLLIN, .revents = 0 };

	while (len > 0) {
		ssize_t n;
		int rc = poll(&p, 1, IPSECAPI_VICI_TIMEOUT_MS);

		if (rc < 0 && errno == EINTR) {
			continue;
		}
		if (rc == 0) {
			return ipsecapi_fail(ETIMEDOUT, fn, "charon at %s did not answer within %d ms",
					     v->path, IPSECAPI_VICI_TIMEOUT_MS);
		}
		n = rc < 0 ? -1 : recv(v->sock, buf, len, 0);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			return ipsecapi_fail(n < 0 ? errno : ECONNRESET, fn,
					     "the VICI connection to charon at %s %s", v->path,
					     n < 0 ? strerror(errno) : "ended");
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static int receive_packet(struct ipsecapi_vici *v, struct ipsecapi_vici_packet *p, const char *fn)
{
	uint8_t head[4], *buf;
	uint32_t n;
	int rc;

	if (recv_all(v, head, sizeof(head), fn) != 0) {
		return -1;
	}
	memcpy(&n, head, sizeof(n));
	n = ntohl(n);
	if (n == 0 || n > IPSECAPI_VICI_MAX_PACKET) {
		return ipsecapi_fail(EBADMSG, fn, "charon at %s sent a VICI packet of %u octets",
				     v->path, (unsigned)n);
	}
	buf = malloc(n);
	if (buf == NULL) {
		return ipsecapi_fail(ENOMEM, fn, "no memory for a VICI packet");
	}
	rc = recv_all(v, buf, n, fn) == 0 ? ipsecapi_vici_parse(buf, n, p, fn) : -1;
	free(buf);
	return rc;
}

/* EVENT_REGISTER or EVENT_UNREGISTER of name, and its confirmation. */
static int registration(struct ipsecapi_vici *v, uint8_t type, const char *name, const char *fn)
{
	struct ipsecapi_vici_writer w;
	struct ipsecapi_vici_packet p;
	int rc;

	rc = ipsecapi_vici_begin(&w, type, name, fn) == 0 && ipsecapi_vici_finish(&w) == 0 &&
			     send_all(v, w.buf, w.len, fn) == 0 && receive_packet(v, &p, fn) == 0
		     ? 0
		     : -1;
	ipsecapi_vici_writer_clear(&w);
	if (rc != 0) {
		return -1;
	}
	if (p.type == IPSECAPI_VICI_EVENT_UNKNOWN) {
		rc = ipsecapi_fail(ENOTSUP, fn, "charon at %s has no event %s", v->path, name);
	} else if (p.type != IPSECAPI_VICI_EVENT_CONFIRM) {
		rc = ipsecapi_fail(EBADMSG, fn, "charon at %s answered a registration with type %u",
				   v->path, (unsigned)p.type);
	}
	ipsecapi_vici_packet_clear(&p);
	return rc;
}

/* The packets after the request, up to the response. */
static int stream_until_response(struct ipsecapi_vici *v, const char *stream,
				 ipsecapi_vici_on_event on_event, void *data,
				 struct ipsecapi_vici_packet *response, const char *fn)
{
	for (;;) {
		struct ipsecapi_vici_packet p;

		if (receive_packet(v, &p, fn) != 0) {
			return -1;
		}
		if (p.type == IPSECAPI_VICI_CMD_RESPONSE) {
			*response = p;
			return 0;
		}
		if (p.type == IPSECAPI_VICI_CMD_UNKNOWN) {
			ipsecapi_vici_packet_clear(&p);
			return ipsecapi_fail(ENOTSUP, fn, "charon at %s knows no such command", v->path);
		}
		if (p.type != IPSECAPI_VICI_EVENT || stream == NULL || strcmp(p.name, stream) != 0) {
			unsigned type = p.type;

			ipsecapi_vici_packet_clear(&p);
			return ipsecapi_fail(EBADMSG, fn,
					     "charon at %s sent a packet of type %u that no one asked for",
					     v->path, type);
		}
		if (on_event(p.message, data) != 0) {
			ipsecapi_vici_packet_clear(&p);
			return -1;
		}
		ipsecapi_vici_packet_clear(&p);
	}
}

int ipsecapi_vici_command(struct ipsecapi_vici *v, const struct ipsecapi_vici_writer *request,
			  const char *stream, ipsecapi_vici_on_event on_event, void *data,
			  struct ipsecapi_vici_packet *response, const char *fn)
{
	int rc;

	memset(response, 0, sizeof(*response));
	if (stream != NULL && registration(v, IPSECAPI_VICI_EVENT_REGISTER, stream, fn) != 0) {
		return -1;
	}
	rc = send_all(v, request->buf, request->len, fn) == 0
		     ? stream_until_response(v, stream, on_event, data, response, fn)
		     : -1;
	if (rc == 0 && stream != NULL &&
	    registration(v, IPSECAPI_VICI_EVENT_UNREGISTER, stream, fn) != 0) {
		ipsecapi_vici_packet_clear(response);
		rc = -1;
	}
	return rc;
}

int ipsecapi_vici_subscribe(struct ipsecapi_vici *v, const char *name, const char *fn)
{
	return registration(v, IPSECAPI_VICI_EVENT_REGISTER, name, fn);
}

int ipsecapi_vici_fd(const struct ipsecapi_vici *v)
{
	return v->sock;
}
