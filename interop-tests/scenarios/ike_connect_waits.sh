#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# A TCP connection whose socket requires ESP with reqid 100, opened with
# ipsec_connect() while no SA exists: the kernel refuses the handshake
# (EAGAIN) and asks strongSwan's charon, which has a trap for reqid 100;
# ipsec_connect() waits while charon negotiates, then the connection is
# made over ESP, latched, its peer named by charon.  Neither its handshake
# nor any of its data crosses in clear.  Without a trap for the reqid, ipsec_connect() gives
# up after the socket's SO_SNDTIMEO (else 10 s) with ETIMEDOUT
# and a reason (tested on this host in unit.test_socket_policy).
# timeout: 150
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/charon.sh"

ptoken=$(tb_program socket_ptoken)
tb_two_hosts
charon_pair_on_demand
export BTNS_DEMAND=ENABLE,ENABLE,DISABLE,100
tb_check "no SA before the connection" test -z "$(tb_on a ip xfrm state list)"
tb_capture_start b eth0 wire
tb_on b "$ptoken" listen tcp 5001 "$B4" >"$TB_WORK/b" 2>&1 &
TB_PIDS+=($!)
tb_wait_listening b tcp 5001
tb_on a env IPSECAPI_VICI_SOCKET="$TB_WORK/charon-a/charon.vici" \
	"$ptoken" connect tcp "$B4" 5001 >"$TB_WORK/a" 2>&1 || true
tb_capture_stop wire
cat "$TB_WORK/a"
tb_check "ipsec_connect waited for charon's SAs and connected" \
	grep -q '^privacyProtection=LEVEL_MEDIUM$' "$TB_WORK/a"
tb_check "latched" grep -q '^latchState=LATCH_ESTABLISHED$' "$TB_WORK/a"
tb_check "the peer named by charon" \
	grep -q '^peer.auditString=peer 192.0.2.2:5001 is b.btns.test, authenticated by pre-shared key' \
	"$TB_WORK/a"
# The kernel answers for a closed connection (TIME_WAIT's bare ACKs,
# RSTs) from a control socket of its own, which has no socket policy: with
# no SPD policy for the flow, those go in clear (see
# ipsec_set_socket_pToken(3)).  The handshake and every byte of data must
# not.
tb_check "ESP on the wire" test "$(tb_pcap_count wire esp)" -gt 0
tb_check "no handshake segment in clear" \
	test "$(tb_pcap_count wire 'tcp and port 5001 and tcp[tcpflags] & tcp-syn != 0')" -eq 0
tb_check "no TCP payload in clear" \
	test "$(tb_pcap_count wire 'tcp and port 5001 and (ip[2:2] - ((ip[0] & 0xf) << 2) - ((tcp[12] & 0xf0) >> 2)) != 0')" -eq 0
