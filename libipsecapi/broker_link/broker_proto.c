/* SPDX-License-Identifier: BSD-2-Clause */
/* The broker's protocol (broker_proto.h): every field checked. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "ipsecapi.h"
#include "broker_proto.h"
#include "core.h"

static bool is_request(uint8_t type)
{
	return type >= IPSECAPI_BROKER_GET_SOCKET_PTOKEN && type <= IPSECAPI_BROKER_CHECK_DATAGRAM;
}

static bool is_answer(uint8_t type)
{
	return type >= IPSECAPI_BROKER_PTOKEN && type <= IPSECAPI_BROKER_LATCH_STATE;
}

int ipsecapi_broker_fds_of(uint8_t type)
{
	return type == IPSECAPI_BROKER_UNWATCH_LATCH ? 0 : 1;
}

static bool carries_tag(uint8_t type)
{
	return type == IPSECAPI_BROKER_WATCH_LATCH || type == IPSECAPI_BROKER_UNWATCH_LATCH ||
	       type == IPSECAPI_BROKER_LATCH_EVENT || type == IPSECAPI_BROKER_LATCH_STATE;
}

static bool carries_state(uint8_t type)
{
	return type == IPSECAPI_BROKER_LATCH_EVENT || type == IPSECAPI_BROKER_LATCH_STATE;
}

static bool carries_datagram(uint8_t type)
{
	return type == IPSECAPI_BROKER_GET_DATAGRAM_PTOKEN || type == IPSECAPI_BROKER_CHECK_DATAGRAM;
}

#define DATAGRAM_FLOW_LEN 36
#define DATAGRAM_DEMANDS_LEN 8

static size_t datagram_len(uint8_t type)
{
	return DATAGRAM_FLOW_LEN +
	       (type == IPSECAPI_BROKER_CHECK_DATAGRAM ? DATAGRAM_DEMANDS_LEN : 0);
}

static bool is_demand(uint16_t v)
{
	return v >= IPSEC_API_ATTR_DISABLE && v <= IPSEC_API_ATTR_LEVEL_HIGH;
}

static bool is_zero(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] != 0) {
			return false;
		}
	}
	return true;
}

/* A flow as the wire may carry it: one form for each. */
static bool datagram_fits(uint8_t type, const struct ipsecapi_broker_datagram *d)
{
	if (d->family != AF_INET && d->family != AF_INET6) {
		return false;
	}
	if (d->family == AF_INET && (!is_zero(d->local + 4, 12) || !is_zero(d->remote + 4, 12))) {
		return false;
	}
	if (type == IPSECAPI_BROKER_CHECK_DATAGRAM) {
		return is_demand(d->privacy) && is_demand(d->integrity);
	}
	return d->privacy == 0 && d->integrity == 0 && d->reqid == 0;
}

static bool is_latch_state(uint16_t state)
{
	return state == 0 ||
	       (state >= IPSEC_API_LATCH_LISTENER && state <= IPSEC_API_LATCH_CLOSED);
}

static bool carries_ptoken(uint8_t type)
{
	return type == IPSECAPI_BROKER_SET_SOCKET_PTOKEN || type == IPSECAPI_BROKER_PTOKEN;
}

static void put_u32(uint8_t *p, uint32_t x)
{
	x = htonl(x);
	memcpy(p, &x, sizeof(x));
}

static uint32_t get_u32(const uint8_t *p)
{
	uint32_t x;

	memcpy(&x, p, sizeof(x));
	return ntohl(x);
}

static void put_u16(uint8_t *p, uint16_t x)
{
	x = htons(x);
	memcpy(p, &x, sizeof(x));
}

static uint16_t get_u16(const uint8_t *p)
{
	uint16_t x;

	memcpy(&x, p, sizeof(x));
	return ntohs(x);
}

/* The body's length, or 0 with errno set, or with an empty body 0 and
 * errno 0. */
static size_t body_len(const struct ipsecapi_broker_msg *m, const char *fn)
{
	size_t n;

	errno = 0;
	if (carries_ptoken(m->type)) {
		if (m->ptoken == NULL || m->ptoken->kind != &ipsecapi_ptoken_kind) {
			ipsecapi_fail(EINVAL, fn, "a broker message of type 0x%02x without a pToken",
				      (unsigned)m->type);
			return 0;
		}
		return ipsecapi_wire_size(m->ptoken, m->type == IPSECAPI_BROKER_SET_SOCKET_PTOKEN, fn);
	}
	if (m->type == IPSECAPI_BROKER_ERROR) {
		n = strnlen(m->message, sizeof(m->message));
		if (n == 0 || n > IPSECAPI_BROKER_MAX_MESSAGE || m->error <= 0) {
			ipsecapi_fail(EINVAL, fn, "a broker error needs an errno and a message");
			return 0;
		}
		return 4 + n;
	}
	if (carries_datagram(m->type)) {
		if (!datagram_fits(m->type, &m->datagram)) {
			ipsecapi_fail(EINVAL, fn, "a datagram's flow that the protocol cannot carry");
			return 0;
		}
		return datagram_len(m->type);
	}
	if (carries_state(m->type) && !is_latch_state(m->state)) {
		ipsecapi_fail(EINVAL, fn, "0x%04x is no latch state", (unsigned)m->state);
		return 0;
	}
	return (carries_tag(m->type) ? 4 : 0) + (carries_state(m->type) ? 2 : 0);
}

static void write_datagram(const struct ipsecapi_broker_datagram *d, uint8_t type, uint8_t *out)
{
	put_u16(out, d->family);
	put_u16(out + 2, d->remote_port);
	memcpy(out + 4, d->local, 16);
	memcpy(out + 20, d->remote, 16);
	if (type == IPSECAPI_BROKER_CHECK_DATAGRAM) {
		put_u16(out + 36, d->privacy);
		put_u16(out + 38, d->integrity);
		put_u32(out + 40, d->reqid);
	}
}

size_t ipsecapi_broker_encode(const struct ipsecapi_broker_msg *m, uint8_t *out, size_t room,
			      const char *fn)
{
	size_t n;

	if (!is_request(m->type) && !is_answer(m->type)) {
		ipsecapi_fail(EINVAL, fn, "0x%02x is no broker message type", (unsigned)m->type);
		return 0;
	}
	n = body_len(m, fn);
	if (n == 0 && errno != 0) {
		return 0;
	}
	if (n > IPSECAPI_BROKER_MAX_BODY || IPSECAPI_BROKER_HEADER_LEN + n > room) {
		ipsecapi_fail(E2BIG, fn, "a broker message of %zu octets is too long", n);
		return 0;
	}
	out[0] = IPSECAPI_BROKER_VERSION;
	out[1] = m->type;
	out[2] = out[3] = 0;
	put_u32(out + 4, (uint32_t)n);
	if (carries_ptoken(m->type)) {
		ipsecapi_wire_write(m->ptoken, m->type == IPSECAPI_BROKER_SET_SOCKET_PTOKEN,
				    out + IPSECAPI_BROKER_HEADER_LEN);
	} else if (m->type == IPSECAPI_BROKER_ERROR) {
		put_u32(out + IPSECAPI_BROKER_HEADER_LEN, (uint32_t)m->error);
		memcpy(out + IPSECAPI_BROKER_HEADER_LEN + 4, m->message, n - 4);
	} else if (carries_datagram(m->type)) {
		write_datagram(&m->datagram, m->type, out + IPSECAPI_BROKER_HEADER_LEN);
	} else if (carries_tag(m->type)) {
		put_u32(out + IPSECAPI_BROKER_HEADER_LEN, m->tag);
		if (carries_state(m->type)) {
			put_u16(out + IPSECAPI_BROKER_HEADER_LEN + 4, m->state);
		}
	}
	return IPSECAPI_BROKER_HEADER_LEN + n;
}

static int decode_error(const uint8_t *body, size_t n, struct ipsecapi_broker_msg *m,
			const char *fn)
{
	uint32_t e;

	if (n < 5 || n > 4 + IPSECAPI_BROKER_MAX_MESSAGE) {
		return ipsecapi_fail(EBADMSG, fn, "a broker error of %zu octets", n);
	}
	e = get_u32(body);
	if (e == 0 || e > 4095 || memchr(body + 4, '\0', n - 4) != NULL) {
		return ipsecapi_fail(EBADMSG, fn, "a broker error with errno %u or a NUL in its text",
				     (unsigned)e);
	}
	m->error = (int)e;
	memcpy(m->message, body + 4, n - 4);
	m->message[n - 4] = '\0';
	return 0;
}

static int decode_latch(const uint8_t *body, size_t n, struct ipsecapi_broker_msg *m,
			const char *fn)
{
	if (n != (carries_state(m->type) ? 6u : 4u)) {
		return ipsecapi_fail(EBADMSG, fn, "a broker latch message of %zu octets", n);
	}
	m->tag = get_u32(body);
	if (carries_state(m->type)) {
		m->state = get_u16(body + 4);
		if (!is_latch_state(m->state)) {
			return ipsecapi_fail(EBADMSG, fn, "0x%04x is no latch state",
					     (unsigned)m->state);
		}
	}
	return 0;
}

static int decode_datagram(const uint8_t *body, size_t n, struct ipsecapi_broker_msg *m,
			   const char *fn)
{
	struct ipsecapi_broker_datagram *d = &m->datagram;

	if (n != datagram_len(m->type)) {
		return ipsecapi_fail(EBADMSG, fn, "a datagram request of %zu octets", n);
	}
	d->family = get_u16(body);
	d->remote_port = get_u16(body + 2);
	memcpy(d->local, body + 4, 16);
	memcpy(d->remote, body + 20, 16);
	if (m->type == IPSECAPI_BROKER_CHECK_DATAGRAM) {
		d->privacy = get_u16(body + 36);
		d->integrity = get_u16(body + 38);
		d->reqid = get_u32(body + 40);
	}
	if (!datagram_fits(m->type, d)) {
		return ipsecapi_fail(EBADMSG, fn,
				     "a datagram request with family %u, addresses or demands "
				     "that do not fit",
				     (unsigned)d->family);
	}
	return 0;
}

int ipsecapi_broker_decode(const uint8_t *buf, size_t len, bool from_application,
			   struct ipsecapi_broker_msg *m, const char *fn)
{
	const uint8_t *body = buf + IPSECAPI_BROKER_HEADER_LEN;
	size_t n;

	memset(m, 0, sizeof(*m));
	if (len < IPSECAPI_BROKER_HEADER_LEN) {
		return ipsecapi_fail(EBADMSG, fn, "a broker message of %zu octets", len);
	}
	if (buf[0] != IPSECAPI_BROKER_VERSION) {
		return ipsecapi_fail(ENOTSUP, fn, "broker protocol version %u (this library speaks %u)",
				     (unsigned)buf[0], IPSECAPI_BROKER_VERSION);
	}
	n = get_u32(buf + 4);
	if (buf[2] != 0 || buf[3] != 0 || n > IPSECAPI_BROKER_MAX_BODY ||
	    n != len - IPSECAPI_BROKER_HEADER_LEN) {
		return ipsecapi_fail(EBADMSG, fn, "a broker message whose header does not fit it");
	}
	if (from_application ? !is_request(buf[1]) : !is_answer(buf[1])) {
		return ipsecapi_fail(EBADMSG, fn, "0x%02x is no broker %s", (unsigned)buf[1],
				     from_application ? "request" : "answer");
	}
	m->type = buf[1];
	if (carries_ptoken(m->type)) {
		return ipsecapi_wire_read(&ipsecapi_ptoken_kind, body, n,
					  m->type == IPSECAPI_BROKER_SET_SOCKET_PTOKEN, &m->ptoken,
					  fn);
	}
	if (m->type == IPSECAPI_BROKER_ERROR) {
		return decode_error(body, n, m, fn);
	}
	if (carries_tag(m->type)) {
		return decode_latch(body, n, m, fn);
	}
	if (carries_datagram(m->type)) {
		return decode_datagram(body, n, m, fn);
	}
	if (n != 0) {
		return ipsecapi_fail(EBADMSG, fn, "a broker message of type 0x%02x with a body",
				     (unsigned)m->type);
	}
	return 0;
}

void ipsecapi_broker_msg_clear(struct ipsecapi_broker_msg *m)
{
	ipsecapi_token_free(m->ptoken);
	memset(m, 0, sizeof(*m));
}
