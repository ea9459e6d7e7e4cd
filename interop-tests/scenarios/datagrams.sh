#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The datagram calls on real SAs: a datagram received with ipsec_recvmsg()
# reports the ESP that carried it; ipsec_sendmsg() sends a demand that the
# socket's own policy makes the kernel enforce, encrypted, and refuses one
# that the SA in place cannot meet, one that only the SPD would enforce
# (which of its policies applies to one datagram is the kernel's to
# choose), and one that nothing enforces.  The same again from processes
# without CAP_NET_ADMIN, through a broker on each host.
# timeout: 120
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"

ptoken=$(tb_program socket_ptoken)
# esp_socket CMD...: CMD with the sender's socket policy requiring ESP
# (reqid 0, the SA pair's).
esp_socket() {
	BTNS_DEMAND=ENABLE,ENABLE,DISABLE,0 "$@"
}
tb_two_hosts
tb_ipsec esp-gcm transport required a "$A4" b "$B4"
tb_capture_start b eth0 wire

tb_step "a datagram over ESP AES-GCM-128, demanded at ENABLE"
tb_on b "$ptoken" recvmsg 5001 "$B4" >"$TB_WORK/b-5001" 2>&1 &
TB_PIDS+=($!)
tb_wait_listening b udp 5001
tb_check "ipsec_sendmsg sends it" esp_socket tb_on a "$ptoken" sendmsg "$B4" 5001 ENABLE,ENABLE,DISABLE,0
wait "${TB_PIDS[-1]}"
cat "$TB_WORK/b-5001"
tb_check "the receiver: privacy MEDIUM" grep -q '^privacyProtection=LEVEL_MEDIUM$' "$TB_WORK/b-5001"
tb_check "the receiver: integrity HIGH" grep -q '^integrityProtection=LEVEL_HIGH$' "$TB_WORK/b-5001"
tb_check "the receiver: the SA pair's binding" grep -q '^channelBinding=ipsec-sa-unique-v1:' "$TB_WORK/b-5001"

tb_step "demands the SAs or policies cannot meet"
esp_socket tb_on a "$ptoken" sendmsg "$B4" 5002 LEVEL_HIGH,ENABLE,DISABLE,0 >"$TB_WORK/a-5002" 2>&1 || true
cat "$TB_WORK/a-5002"
tb_check "LEVEL_HIGH over a 128-bit key: refused" grep -q '^send_error=.*less than the' "$TB_WORK/a-5002"
tb_on a "$ptoken" sendmsg "$B4" 5004 ENABLE,ENABLE,DISABLE,0 >"$TB_WORK/a-5004" 2>&1 || true
cat "$TB_WORK/a-5004"
tb_check "only the SPD requires ESP: refused" grep -q '^send_error=.*could leave unprotected' "$TB_WORK/a-5004"
tb_on a "$ptoken" sendmsg "$B6" 5003 ENABLE,ENABLE,DISABLE,0 >"$TB_WORK/a-5003" 2>&1 || true
cat "$TB_WORK/a-5003"
tb_check "no policy for the destination: refused" grep -q '^send_error=.*could leave unprotected' "$TB_WORK/a-5003"

tb_step "the same without CAP_NET_ADMIN, through ipsecapid on each host"
tb_broker a
tb_broker b
# ptoken_via_broker HOST ARGS...: socket_ptoken ARGS on HOST, through its broker.
ptoken_via_broker() {
	tb_unprivileged "$1" "$ptoken" "${@:2}"
}
ptoken_via_broker b recvmsg 5011 "$B4" >"$TB_WORK/b-5011" 2>&1 &
TB_PIDS+=($!)
tb_wait_listening b udp 5011
tb_check "ipsec_sendmsg sends it" esp_socket ptoken_via_broker a sendmsg "$B4" 5011 ENABLE,ENABLE,DISABLE,0
wait "${TB_PIDS[-1]}"
cat "$TB_WORK/b-5011"
for attr in privacyProtection integrityProtection channelBinding; do
	tb_check "the receiver: $attr as the privileged one saw it" \
		test "$(grep "^$attr=" "$TB_WORK/b-5011")" = "$(grep "^$attr=" "$TB_WORK/b-5001")"
done
esp_socket ptoken_via_broker a sendmsg "$B4" 5012 LEVEL_HIGH,ENABLE,DISABLE,0 >"$TB_WORK/a-5012" 2>&1 || true
tb_check "LEVEL_HIGH over a 128-bit key: refused" grep -q '^send_error=.*less than the' "$TB_WORK/a-5012"
ptoken_via_broker a sendmsg "$B6" 5013 ENABLE,ENABLE,DISABLE,0 >"$TB_WORK/a-5013" 2>&1 || true
tb_check "no policy for the destination: refused" grep -q '^send_error=.*could leave unprotected' "$TB_WORK/a-5013"
tb_check "the receiver's pToken came from its broker" \
	grep -q "get_msg_pToken socket:\[[0-9]*\]: ok" "$TB_WORK/broker-b.log"
tb_check "the sender's checks went to its broker" \
	test "$(grep -c "sendmsg socket:\[[0-9]*\]" "$TB_WORK/broker-a.log")" -eq 3
tb_capture_stop wire

tb_check "ESP on the wire" tb_positive "$(tb_pcap_count wire esp)"
tb_check "no cleartext datagram to the demanded ports" \
	test "$(tb_pcap_count wire udp and '(portrange 5001-5004 or portrange 5011-5013)')" -eq 0
