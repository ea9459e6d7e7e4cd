#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# ipsec_set_socket_pToken() on real SAs, with no SPD policy at all (the
# per-socket deployment): sockets that demand IPsec get ESP and report it;
# a demand stronger than the SA in place is refused; a demand with no SA
# sends nothing in clear; a bypass socket passes in clear where the SPD
# requires ESP.
# timeout: 180
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"

ptoken=$(tb_program socket_ptoken)
tb_two_hosts

# demanding_connection PROTO PORT DEMAND: the listener on b (bound to B4) and the
# connecting side on a, each setting DEMAND (BTNS_DEMAND) on its socket;
# their outputs land in $TB_WORK/b-PORT and a-PORT.
demanding_connection() {
	with_demand "$3" b "$ptoken" listen "$1" "$2" "$B4" >"$TB_WORK/b-$2" 2>&1 &
	TB_PIDS+=($!)
	tb_wait_listening b "$1" "$2"
	with_demand "$3" a "$ptoken" connect "$1" "$B4" "$2" >"$TB_WORK/a-$2" 2>&1
	echo "a: $(cat "$TB_WORK/a-$2")" | head -3
	wait "${TB_PIDS[-1]}"
}

# with_demand DEMAND HOST COMMAND...: COMMAND on HOST with BTNS_DEMAND set.
with_demand() {
	BTNS_DEMAND=$1 tb_on "$2" "${@:3}"
}

# ptoken_attr SIDE PORT NAME: one attribute as the program printed it.
ptoken_attr() {
	sed -n "s/^$3=//p" "$TB_WORK/$1-$2"
}

tb_sa_pair esp-gcm transport a "$A4" b "$B4" # SAs with reqid 0, no policy
tb_capture_start b eth0 wire

tb_step "TCP whose sockets require ESP"
demanding_connection tcp 5001 ENABLE,ENABLE,DISABLE,0
for side in a b; do
	tb_check "$side: privacy MEDIUM from the SA" test "$(ptoken_attr $side 5001 privacyProtection)" = LEVEL_MEDIUM
	tb_check "$side: governed by its socket policy" grep -q "out: socket policy.*, esp transport" "$TB_WORK/$side-5001"
done
tb_check "both ends compute the same binding" test "$(ptoken_attr a 5001 channelBinding)" = "$(ptoken_attr b 5001 channelBinding)"
tb_check "the SA carried the traffic" tb_positive "$(tb_sa_packets a "$A4" "$B4" esp "$TB_SPI_AB")"

tb_step "UDP whose sockets require ESP"
demanding_connection udp 5002 LEVEL_MEDIUM,LEVEL_HIGH,DISABLE,0
tb_check "UDP: privacy MEDIUM" test "$(ptoken_attr a 5002 privacyProtection)" = LEVEL_MEDIUM
tb_check "UDP: the listener's side too" test "$(ptoken_attr b 5002 privacyProtection)" = LEVEL_MEDIUM

tb_step "a demand stronger than the SA in place"
demanding_connection tcp 5003 LEVEL_HIGH,ENABLE,DISABLE,0,after || true
tb_check "refused: the kernel would use a 128-bit AES SA" grep -q "^set_error=.*less than the" "$TB_WORK/a-5003"
tb_check "the demands in words" \
	grep -q "privacy at least LEVEL_HIGH and integrity at least LEVEL_LOW demanded" "$TB_WORK/a-5003"

tb_step "a demand with no SA (reqid 9): nothing leaves"
tb_on b "$ptoken" listen tcp 5004 "$B4" >"$TB_WORK/b-5004" 2>&1 &
TB_PIDS+=($!)
tb_wait_listening b tcp 5004
tb_check "TCP cannot connect" tb_not with_demand ENABLE,ENABLE,DISABLE,9 a "$ptoken" connect tcp "$B4" 5004
tb_check "UDP cannot send" tb_not with_demand ENABLE,ENABLE,DISABLE,9 a "$ptoken" connect udp "$B4" 5005
kill "${TB_PIDS[-1]}" 2>/dev/null || true

tb_step "a bypass socket where the SPD requires ESP"
tb_policy a "$A4" "$B4" out esp transport required
tb_policy a "$B4" "$A4" in esp transport required
tb_policy b "$B4" "$A4" out esp transport required
tb_policy b "$A4" "$B4" in esp transport required
demanding_connection tcp 5006 DISABLE,DISABLE,DISABLE,0
tb_check "privacy DISABLE" test "$(ptoken_attr a 5006 privacyProtection)" = DISABLE
tb_check "the audit says why" grep -q "out: socket policy lets it pass in clear" "$TB_WORK/a-5006"
tb_capture_stop wire

# The kernel sends TCP's last acknowledgements from TIME_WAIT (and resets)
# through a socket of its own, without the connection's socket policy:
# header-only segments in clear, which ipsec_get_socket_pToken(3) documents.
# No handshake and no payload may be among them.
payload='(ip[2:2] - ((ip[0] & 0xf) << 2) - ((tcp[12] & 0xf0) >> 2)) != 0'
echo "cleartext segments of the protected connection: $(tb_pcap_count wire tcp port 5001)"
tb_check "no cleartext handshake of the protected connection" \
	test "$(tb_pcap_count wire "tcp port 5001 and tcp[tcpflags] & tcp-syn != 0")" -eq 0
tb_check "no cleartext payload of the protected connection" \
	test "$(tb_pcap_count wire "tcp port 5001 and $payload")" -eq 0
tb_check "no cleartext UDP of the protected connection" test "$(tb_pcap_count wire udp port 5002)" -eq 0
tb_check "ESP on the wire" tb_positive "$(tb_pcap_count wire esp)"
tb_check "nothing of the connections without SA" \
	test "$(tb_pcap_count wire src host "$A4" and '(port 5004 or port 5005)')" -eq 0
tb_check "the bypass connection's payload in clear (so the filter above sees payload)" \
	tb_positive "$(tb_pcap_count wire "tcp port 5006 and $payload")"
