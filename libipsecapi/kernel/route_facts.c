/* SPDX-License-Identifier: BSD-2-Clause */
/* Whether the SPD applies to a flow (route_facts.h). */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "core.h"
#include "route_facts.h"

struct route_answer {
	bool found;
	uint8_t type;
	uint32_t oif;
};

static int on_route_attr(const struct nlattr *attr, void *data)
{
	struct route_answer *a = data;

	if (mnl_attr_get_type(attr) == RTA_OIF && mnl_attr_validate(attr, MNL_TYPE_U32) >= 0) {
		a->oif = mnl_attr_get_u32(attr);
	}
	return MNL_CB_OK;
}

static int on_route(const struct nlmsghdr *nlh, void *data)
{
	struct route_answer *a = data;
	const struct rtmsg *rtm;

	if (nlh->nlmsg_type != RTM_NEWROUTE || mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	rtm = mnl_nlmsg_get_payload(nlh);
	a->found = true;
	a->type = rtm->rtm_type;
	return mnl_attr_parse(nlh, sizeof(*rtm), on_route_attr, a);
}

/* The kernel's route for the flow's outbound packets. */
static int ask_route(const struct ipsecapi_flow *flow, struct route_answer *a, const char *fn)
{
	uint8_t buf[8192];
	size_t alen = flow->family == AF_INET ? 4 : 16;
	struct mnl_socket *sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm;
	uint32_t seq = (uint32_t)time(NULL);
	ssize_t n;
	int rc = -1, err;

	if (sock == NULL) {
		return ipsecapi_fail(errno, fn, "cannot open a routing socket: %s", strerror(errno));
	}
	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = seq;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (uint8_t)flow->family;
	rtm->rtm_dst_len = rtm->rtm_src_len = (uint8_t)(alen * 8);
	mnl_attr_put(nlh, RTA_DST, alen, &flow->remote);
	mnl_attr_put(nlh, RTA_SRC, alen, &flow->local);
	mnl_attr_put_u32(nlh, RTA_MARK, flow->mark);
	mnl_attr_put_u8(nlh, RTA_IP_PROTO, flow->proto);
	mnl_attr_put_u16(nlh, RTA_SPORT, htons(flow->local_port));
	mnl_attr_put_u16(nlh, RTA_DPORT, htons(flow->remote_port));
	if (mnl_socket_sendto(sock, nlh, nlh->nlmsg_len) >= 0 &&
	    (n = mnl_socket_recvfrom(sock, buf, sizeof(buf))) >= 0) {
		rc = mnl_cb_run(buf, (size_t)n, seq, 0, on_route, a);
	}
	err = errno;
	mnl_socket_close(sock);
	if (rc == MNL_CB_ERROR && err != ENETUNREACH && err != EHOSTUNREACH && err != EINVAL) {
		return ipsecapi_fail(err, fn, "cannot ask the kernel for the route of a flow: %s",
				     strerror(err));
	}
	return 0;
}

/* A device's IPv4 or IPv6 setting, 0 if it has none. */
static int setting(uint16_t family, const char *dev, const char *name)
{
	char path[128];
	FILE *f;
	int value = 0;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/conf/%s/%s",
		 family == AF_INET ? "ipv4" : "ipv6", dev, name);
	f = fopen(path, "re");
	if (f == NULL) {
		return 0;
	}
	if (fscanf(f, "%d", &value) != 1) {
		value = 0;
	}
	fclose(f);
	return value;
}

/* What holds for dev holds if it holds for "all" too (IN_DEV_ORCONF). */
static bool set_for(uint16_t family, const char *dev, const char *name)
{
	return setting(family, dev, name) != 0 || setting(family, "all", name) != 0;
}

/* Whether a device other than dev and loopback takes packets in without
 * inbound policy checks. */
static bool another_skips_inbound(uint16_t family, const char *dev)
{
	char path[64];
	DIR *d;
	struct dirent *e;
	bool found = false;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/conf", family == AF_INET ? "ipv4" : "ipv6");
	d = opendir(path);
	if (d == NULL) {
		return false;
	}
	while (!found && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, dev) == 0 ||
		    strcmp(e->d_name, "lo") == 0 || strcmp(e->d_name, "all") == 0 ||
		    strcmp(e->d_name, "default") == 0) {
			continue;
		}
		found = setting(family, e->d_name, "disable_policy") != 0;
	}
	closedir(d);
	return found;
}

int ipsecapi_route_facts(const struct ipsecapi_flow *flow, struct ipsecapi_route_facts *r,
			 const char *fn)
{
	struct route_answer a;

	memset(r, 0, sizeof(*r));
	memset(&a, 0, sizeof(a));
	r->spd_out = r->spd_in = true;
	if (ask_route(flow, &a, fn) != 0) {
		return -1;
	}
	if (!a.found || a.oif == 0 || if_indextoname(a.oif, r->dev) == NULL) {
		return 0;
	}
	r->local = a.type == RTN_LOCAL;
	if (flow->family == AF_INET) {
		r->spd_out = !set_for(AF_INET, r->dev, "disable_xfrm");
	} else {
		r->spd_out = !r->local && strcmp(r->dev, "lo") != 0;
	}
	/* A local peer's packets come in through loopback, the route's device;
	 * another peer's may come in through any device. */
	r->spd_in = !set_for(flow->family, r->dev, "disable_policy");
	r->in_unknown = !r->local && another_skips_inbound(flow->family, r->dev);
	return 0;
}
