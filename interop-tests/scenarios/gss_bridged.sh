#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# mech_btns over a real ESP SA: a Kerberos context (a KDC on b) bound to the
# IPsec channel of the connection, whose latch holds, so that gss_wrap
# skips the second encryption on both sides.
# timeout: 150
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/gss.sh"

tb_two_hosts
tb_ipsec esp-gcm transport required a "$A4" b "$B4"
gss_kdc_on b "$B4"
tb_capture_start b eth0 wire
gss_context 6001
tb_capture_stop wire
for side in a b; do
	tb_check "$side: established" test "$(tb_field $side 6001 major)" = 0
	tb_check "$side: bound to the channel" test "$(tb_field $side 6001 bound)" = yes
	tb_check "$side: gss_wrap skipped the second encryption" test "$(tb_field $side 6001 wrap)" = bridged
	tb_check "$side: conf_state says the channel's confidentiality" test "$(tb_field $side 6001 conf_state)" = 1
	# GSS_S_DUPLICATE_TOKEN, a supplementary status (RFC 2744: 1 << 1).
	tb_check "$side: a replayed message is refused as a duplicate" \
		test "$(tb_field $side 6001 replay)" = 0x2
done
tb_check "b received a's message" test "$(tb_field b 6001 received)" = "message from the initiator"
tb_check "a received b's reply" test "$(tb_field a 6001 received)" = "reply from the acceptor"
tb_check "ESP on the wire" tb_positive "$(tb_pcap_count wire esp)"
tb_check "no message in clear on the wire" tb_not tb_pcap_contains wire "message from the initiator"
