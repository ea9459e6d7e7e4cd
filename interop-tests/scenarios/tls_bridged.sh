#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tls-bridge over a real ESP SA (AES-GCM-128, transport mode), each end
# taking its IPsec channel binding from its socket (libipsecapi), both
# sockets latched: bridged on TLS 1.2 with a NULL cipher suite, bridged on
# TLS 1.3 by handing the socket over after the handshake, and bound, not
# bridged, on TLS 1.3 (both ends require the binding; the server verifies
# the client's before the cipher is chosen).  The capture shows ESP on
# the wire and nothing in clear; decrypted apart from the kernel
# (esp_decrypt, with the SAs' keys), it shows the bridged messages in
# clear inside ESP (no TLS encryption) and the unbridged one encrypted.
# timeout: 200
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/tls.sh"

tb_two_hosts
tb_ipsec esp-gcm transport required a "$A4" b "$B4"
tls_certificate
tb_capture_start b eth0 wire
tls_connection 6111 require require version=1.2 bridging=null "message=null cipher marker 6111"
tls_connection 6112 require require version=1.3 bridging=both "message=hand-over marker 6112"
tls_connection 6113 require require version=1.3 bridging=none "message=encrypted marker 6113"
tb_capture_stop wire

for side in a b; do
	tb_check "$side, TLS 1.2: bridged" test "$(tb_field $side 6111 status)" = bridged
	tb_check "$side, TLS 1.2: with the NULL suite" \
		test "$(tb_field $side 6111 cipher)" = ECDHE-ECDSA-NULL-SHA
	tb_check "$side, TLS 1.2: the data goes through TLS" test "$(tb_field $side 6111 transport)" = tls
	tb_check "$side, TLS 1.3: bridged" test "$(tb_field $side 6112 status)" = bridged
	tb_check "$side, TLS 1.3: the socket was handed over" \
		test "$(tb_field $side 6112 transport)" = socket
	tb_check "$side, TLS 1.3 without bridging: bound" test "$(tb_field $side 6113 status)" = bound
done
tb_check "TLS 1.2: b received a's message" test "$(tb_field b 6111 received)" = "null cipher marker 6111"
tb_check "TLS 1.2: a received b's reply" test "$(tb_field a 6111 received)" = "reply from the server"
tb_check "TLS 1.3 hand-over: b received a's message" \
	test "$(tb_field b 6112 received)" = "hand-over marker 6112"
tb_check "TLS 1.3 hand-over: a received b's reply" \
	test "$(tb_field a 6112 received)" = "reply from the server"
tb_check "TLS 1.3 unbridged: b received a's message" \
	test "$(tb_field b 6113 received)" = "encrypted marker 6113"
for port in 6111 6112 6113; do
	tb_check "$port: both ends have the same tls-exporter" \
		test -n "$(tb_field a $port exporter)" -a "$(tb_field a $port exporter)" = "$(tb_field b $port exporter)"
done

tb_check "ESP on the wire" tb_positive "$(tb_pcap_count wire esp)"
tb_check "no TCP outside ESP" test "$(tb_pcap_count wire tcp)" -eq 0
for marker in "null cipher marker" "hand-over marker" "encrypted marker" "reply from the server"; do
	tb_check "\"$marker\" not in clear on the wire" tb_not tb_pcap_contains wire "$marker"
done

tb_step "inside ESP, decrypted apart from the kernel"
tls_inside wire "$A4" "$B4" "$TB_SPI_AB" a-to-b
tls_inside wire "$B4" "$A4" "$TB_SPI_BA" b-to-a
tb_check "a to b: every ESP packet authenticates with the SA's key" \
	grep -q "^unauthenticated=0$" "$TB_WORK/a-to-b.count"
tb_check "b to a: every ESP packet authenticates with the SA's key" \
	grep -q "^unauthenticated=0$" "$TB_WORK/b-to-a.count"
tb_check "inside ESP, the NULL-cipher message is in clear (a TLS record, not encrypted)" \
	grep -q -a -F "null cipher marker 6111" "$TB_WORK/a-to-b"
tb_check "inside ESP, the handed-over message is in clear" \
	grep -q -a -F "hand-over marker 6112" "$TB_WORK/a-to-b"
tb_check "inside ESP, b's replies on both bridged connections are in clear" \
	test "$(grep -a -o -F "reply from the server" "$TB_WORK/b-to-a" | wc -l)" -eq 2
tb_check "inside ESP, the unbridged message is encrypted by TLS" \
	tb_not grep -q -a -F "encrypted marker 6113" "$TB_WORK/a-to-b"
