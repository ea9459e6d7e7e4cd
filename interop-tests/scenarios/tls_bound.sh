#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tls-bridge over a real ESP SA: each end takes its IPsec channel binding
# from its socket (libipsecapi), the server verifies the client's before
# the cipher is chosen, and both see the connection bound, on TLS 1.3
# (both ends require the binding).  ESP on the wire, nothing in clear.
# timeout: 150
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/tls.sh"

tb_two_hosts
tb_ipsec esp-gcm transport required a "$A4" b "$B4"
tls_certificate
tb_capture_start b eth0 wire
tls_connection 6101 require require
tb_capture_stop wire
for side in a b; do
	tb_check "$side: the socket gave its IPsec channel binding" test "$(field $side 6101 attach)" = ok
	tb_check "$side: handshake done" test "$(field $side 6101 handshake)" = ok
	tb_check "$side: bound to the IPsec channel" test "$(field $side 6101 status)" = bound
done
tb_check "both ends have the same tls-exporter" \
	test -n "$(field a 6101 exporter)" -a "$(field a 6101 exporter)" = "$(field b 6101 exporter)"
tb_check "b received a's message" test "$(field b 6101 received)" = "message from the client"
tb_check "a received b's reply" test "$(field a 6101 received)" = "reply from the server"
tb_check "ESP on the wire" tb_positive "$(tb_pcap_count wire esp)"
tb_check "no message in clear on the wire" tb_not tb_pcap_contains wire "message from the client"
