/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef BTNS_SHOW_PROTECTION_H
#define BTNS_SHOW_PROTECTION_H

/* With BTNS_SHOW_PROTECTION set in the environment, prints what
 * ipsec_get_socket_pToken() says of socket fd, as "ipsec.NAME=VALUE"
 * lines: privacy, integrity, latch, protection (the pToken's audit text),
 * peer (the peer iToken's), peer_method, channel_binding and
 * end_point_binding; or ipsec.error.  Without it, nothing. */
void show_protection(int fd);

#endif
