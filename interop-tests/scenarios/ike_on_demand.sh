#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# SAs on demand from strongSwan's charon, for sockets that ask: each host's
# charon has a trap for reqid 100 and installs no policy of its own
# (start_action = trap, policies = no), so only a socket whose pToken
# requires ESP with reqid 100 (ipsec_set_socket_pToken) makes the kernel
# ask for SAs.  The first datagram, sent with ipsec_sendmsg() while there
# is no SA yet (the kernel says EAGAIN), waits while charon negotiates and
# then goes out over ESP.  Charon's CHILD_SA, read over VICI by
# libipsecapi's client, has that reqid and the kernel's SPIs; a connection
# then is protected by that SA pair and latched, and its peer iToken names
# b as charon authenticated it, and how.  Nothing crosses in clear.
# timeout: 150
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/charon.sh"

ptoken=$(tb_program socket_ptoken)
list=$(tb_program vici_list)
tb_two_hosts
charon_pair_on_demand
# spd_policies HOST: the policies in HOST's SPD (charon's own IKE sockets
# hold bypass policies: socket policies, not the SPD's)
spd_policies() {
	local d
	for d in in out fwd; do tb_on "$1" ip xfrm policy list dir $d; done
}
tb_check "no policy in either SPD: the traps install none" test -z "$(spd_policies a)$(spd_policies b)"

export BTNS_DEMAND=ENABLE,ENABLE,DISABLE,100
tb_capture_start b eth0 wire
tb_on b "$ptoken" recvmsg 5002 "$B4" >"$TB_WORK/b-5002" 2>&1 &
TB_PIDS+=($!)
tb_wait_listening b udp 5002
tb_step "the first datagram, with no SA yet, through ipsec_sendmsg"
tb_check "ipsec_sendmsg waits while charon negotiates, then sends" \
	tb_on a "$ptoken" sendmsg "$B4" 5002 ENABLE,ENABLE,DISABLE,100
wait "${TB_PIDS[-1]}" || true
cat "$TB_WORK/b-5002"
tb_check "it arrived protected by charon's SAs" \
	grep -q '^privacyProtection=LEVEL_MEDIUM$' "$TB_WORK/b-5002"
charon_wait_children "$TB_WORK/charon-a" 1
sas=$("$list" "$TB_WORK/charon-a/charon.vici")
echo "$sas"
tb_check "charon negotiated: the IKE_SA with b" \
	grep -q '^ike=host-host state=ESTABLISHED remote-host=192.0.2.2 local-id=a.btns.test remote-id=b.btns.test$' <<<"$sas"
child=$(grep '^child=' <<<"$sas" | head -1)
tb_check "and a CHILD_SA of reqid 100, installed" grep -q 'state=INSTALLED reqid=100 ' <<<"$child"
spi_in=$(sed -n 's/.* spi-in=\([0-9a-f]*\).*/\1/p' <<<"$child")
spi_out=$(sed -n 's/.* spi-out=\([0-9a-f]*\).*/\1/p' <<<"$child")
tb_check "its SPIs are the kernel's SAs, into a and out of it" \
	test -n "$(tb_on a ip xfrm state get src "$B4" dst "$A4" proto esp spi "0x$spi_in" 2>/dev/null)" -a \
	-n "$(tb_on a ip xfrm state get src "$A4" dst "$B4" proto esp spi "0x$spi_out" 2>/dev/null)"

tb_step "a connection, with the SAs up"
tb_on b "$ptoken" listen udp 5001 "$B4" >"$TB_WORK/b-5001" 2>&1 &
TB_PIDS+=($!)
tb_wait_listening b udp 5001
tb_on a env IPSECAPI_VICI_SOCKET="$TB_WORK/charon-a/charon.vici" \
	"$ptoken" connect udp "$B4" 5001 >"$TB_WORK/a-5001" 2>&1 || true
tb_capture_stop wire
cat "$TB_WORK/a-5001"
tb_check "exchanged" grep -q '^privacyProtection=' "$TB_WORK/a-5001"
tb_check "protected by charon's SAs (AES-GCM-128)" \
	grep -q '^privacyProtection=LEVEL_MEDIUM$' "$TB_WORK/a-5001"
tb_check "latched" grep -q '^latchState=LATCH_ESTABLISHED$' "$TB_WORK/a-5001"
tb_check "the peer's identity, from charon: b.btns.test, by pre-shared key" \
	grep -q '^peer.auditString=peer 192.0.2.2:5001 is b.btns.test, authenticated by pre-shared key (IKE_SA host-host #[0-9]* of charon at .*; we are a.btns.test)$' \
	"$TB_WORK/a-5001"
tb_check "its authentication method" \
	grep -q '^peer.authenticationMethod=authMeth_PRESHAREDKEY$' "$TB_WORK/a-5001"
tb_check "ESP on the wire, and no datagram in clear" \
	test "$(tb_pcap_count wire esp)" -gt 0 -a "$(tb_pcap_count wire udp and '(port 5001 or port 5002)')" -eq 0
