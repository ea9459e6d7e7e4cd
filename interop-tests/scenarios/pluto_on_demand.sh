#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# SAs on demand from libreswan's pluto, for sockets that ask.  Each host's
# pluto has a trap connection (auto=ondemand) of reqid 100: a socket whose
# pToken requires ESP with reqid 100 makes the kernel ask pluto for SAs.
# With NULL authentication (opportunistic BTNS: no keys), the first
# datagram, sent with ipsec_sendmsg() while there is no SA yet, waits
# while pluto negotiates and then goes out over ESP; a connection then is
# latched to an unauthenticated peer.  With a pre-shared key, a TCP
# connection's ipsec_connect() waits for its SA, and its peer is named
# and authenticated by pre-shared key.  Nothing crosses in clear.
# timeout: 150
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/pluto.sh"

ptoken=$(tb_program socket_ptoken)
on_demand="reqid=100
	auto=ondemand"
export BTNS_DEMAND=ENABLE,ENABLE,DISABLE,100

tb_step "NULL authentication, on demand"
tb_two_hosts
pluto_pair null "$on_demand"
tb_check "no SA before anything is sent" test -z "$(tb_on a ip xfrm state list proto esp)"
tb_capture_start b eth0 wire
tb_on b "$ptoken" recvmsg 5002 "$B4" >"$TB_WORK/b-5002" 2>&1 &
TB_PIDS+=($!)
tb_wait_listening b udp 5002
tb_check "ipsec_sendmsg waits while pluto negotiates, then sends" \
	tb_on a "$ptoken" sendmsg "$B4" 5002 "$BTNS_DEMAND"
wait "${TB_PIDS[-1]}" || true
cat "$TB_WORK/b-5002"
grep "on-demand" "$TB_WORK/pluto-a/pluto.log"
tb_check "pluto negotiated on demand" \
	grep -q "initiate on-demand for packet .*$B4:5002" "$TB_WORK/pluto-a/pluto.log"
tb_check "the datagram arrived protected by pluto's SAs (AES-GCM-256)" \
	grep -q '^privacyProtection=LEVEL_HIGH$' "$TB_WORK/b-5002"
tb_check "the SAs have the trap's reqid" \
	grep -q 'reqid 100 ' <<<"$(tb_on a ip xfrm state list proto esp)"

tb_on b "$ptoken" listen tcp 5001 "$B4" >"$TB_WORK/b-5001" 2>&1 &
TB_PIDS+=($!)
tb_wait_listening b tcp 5001
tb_on a "$ptoken" connect tcp "$B4" 5001 >"$TB_WORK/a-5001" 2>&1 || true
tb_capture_stop wire
cat "$TB_WORK/a-5001"
tb_check "a connection over them is latched" grep -q '^latchState=LATCH_ESTABLISHED$' "$TB_WORK/a-5001"
tb_check "to an unauthenticated peer" \
	grep -q '^peer.authenticationMethod=authMeth_BTNS$' "$TB_WORK/a-5001"
tb_check "ESP on the wire, and no datagram or segment in clear" \
	test "$(tb_pcap_count wire esp)" -gt 0 -a \
	"$(tb_pcap_count wire '(udp port 5002) or (tcp port 5001)')" -eq 0

tb_step "a pre-shared key, on demand, for a TCP connection"
tb_start_over
tb_two_hosts
pluto_pair psk "$on_demand"
tb_capture_start b eth0 wire_psk
tb_on b "$ptoken" listen tcp 5003 "$B4" >"$TB_WORK/b-5003" 2>&1 &
TB_PIDS+=($!)
tb_wait_listening b tcp 5003
tb_on a env BTNS_REFUSE=authMeth_BTNS "$ptoken" connect tcp "$B4" 5003 >"$TB_WORK/a-5003" 2>&1 ||
	true
wait "${TB_PIDS[-1]}" || true
tb_capture_stop wire_psk
cat "$TB_WORK/a-5003" "$TB_WORK/b-5003"
tb_check "ipsec_connect waited for the SA: latched" \
	grep -q '^latchState=LATCH_ESTABLISHED$' "$TB_WORK/a-5003"
tb_check "a's peer is b.btns.test, by pre-shared key" \
	grep -q '^peer.auditString=peer 192.0.2.2:5003 is @b.btns.test, authenticated by pre-shared key (Child SA #[0-9]* under IKE SA #[0-9]*, connection "btns" of pluto at ' \
	"$TB_WORK/a-5003"
for end in a b; do
	tb_check "$end: authMeth_PRESHAREDKEY" \
		grep -q '^peer.authenticationMethod=authMeth_PRESHAREDKEY$' "$TB_WORK/$end-5003"
done
tb_check "b's peer is a.btns.test" grep -q '^peer.auditString=peer 192.0.2.1:[0-9]* is @a.btns.test, ' \
	"$TB_WORK/b-5003"
tb_check "the same channel binding on both ends" \
	test "$(sed -n 's/^channelBinding=//p' "$TB_WORK/a-5003")" = \
	"$(sed -n 's/^channelBinding=//p' "$TB_WORK/b-5003")"
tb_check "no segment in clear" test "$(tb_pcap_count wire_psk 'tcp port 5003')" -eq 0
