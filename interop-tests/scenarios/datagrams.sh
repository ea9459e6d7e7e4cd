#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The datagram calls on real SAs: a datagram received with ipsec_recvmsg()
# reports the ESP that carried it; ipsec_sendmsg() refuses a demand that the
# SA in place cannot meet and one that no policy enforces, and sends one
# that it can, encrypted.
# timeout: 120
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"

ptoken=$(tb_program socket_ptoken)
tb_two_hosts
tb_ipsec esp-gcm transport required a "$A4" b "$B4"
tb_capture_start b eth0 wire

tb_step "a datagram over ESP AES-GCM-128, demanded at ENABLE"
on b "$ptoken" recvmsg 5001 "$B4" >"$TB_WORK/b-5001" 2>&1 &
TB_PIDS+=($!)
tb_wait_listening b udp 5001
tb_check "ipsec_sendmsg sends it" on a "$ptoken" sendmsg "$B4" 5001 ENABLE,ENABLE,DISABLE,0
wait "${TB_PIDS[-1]}"
cat "$TB_WORK/b-5001"
tb_check "the receiver: privacy MEDIUM" grep -q '^privacyProtection=LEVEL_MEDIUM$' "$TB_WORK/b-5001"
tb_check "the receiver: integrity HIGH" grep -q '^integrityProtection=LEVEL_HIGH$' "$TB_WORK/b-5001"
tb_check "the receiver: the SA pair's binding" grep -q '^channelBinding=ipsec-sa-unique-v1:' "$TB_WORK/b-5001"

tb_step "demands the SAs or policies cannot meet"
on a "$ptoken" sendmsg "$B4" 5002 LEVEL_HIGH,ENABLE,DISABLE,0 >"$TB_WORK/a-5002" 2>&1 || true
cat "$TB_WORK/a-5002"
tb_check "LEVEL_HIGH over a 128-bit key: refused" grep -q '^send_error=.*less than the' "$TB_WORK/a-5002"
on a "$ptoken" sendmsg "$B6" 5003 ENABLE,ENABLE,DISABLE,0 >"$TB_WORK/a-5003" 2>&1 || true
cat "$TB_WORK/a-5003"
tb_check "no policy for the destination: refused" grep -q '^send_error=.*would leave unprotected' "$TB_WORK/a-5003"
tb_capture_stop wire

tb_check "ESP on the wire" tb_positive "$(tb_pcap_count wire esp)"
tb_check "no cleartext datagram to the demanded ports" \
	test "$(tb_pcap_count wire udp and '(port 5001 or port 5002 or port 5003)')" -eq 0
