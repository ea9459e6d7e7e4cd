#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Real BTNS: libreswan's pluto on a and b with RFC 7619 NULL
# authentication (no keys, no identities) negotiates the SAs of a kept TCP
# connection.  Both ends' peer iTokens say authMeth_BTNS and that only a
# channel binding can tell who the peer is, and both ends have the same
# unique channel binding; the broker tells an unprivileged process the
# same, and ipsec-ss marks the connection unauthenticated.  A socket that
# refuses unauthenticated peers (authMeth_BTNS DISABLE) cannot connect
# over these SAs, one that refuses other methods can.  The latch holds across a Child SA rekey and an
# IKE SA rekey (the same IKE SA's successors), and breaks when a new IKE
# SA (b's pluto restarted, so perhaps someone else) takes over with the
# same algorithms.  When pluto is killed, its SAs left in the kernel, a
# watched latch on the new SAs is told BROKEN from pluto's end alone, and
# a new connection's peer is no longer described.
# timeout: 240
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/pluto.sh"

ptoken=$(tb_program socket_ptoken)
tb_two_hosts
pluto_pair null
pluto_up a
tb_check "pluto negotiated one Child SA with NULL authentication" \
	test "$(pluto_child_spis "$TB_WORK/pluto-a" | grep -c .)" -eq 1
tb_check "pluto says the peer authenticated by NULL" \
	grep -q "authenticated peer using authby=null and ID_NULL" "$TB_WORK/pluto-a/pluto.log"

tb_kept_connection hold
tb_wait_for "$TB_WORK/a" '^\.$'
tb_wait_for "$TB_WORK/b" '^\.$'

tb_step "both ends' peer iTokens"
for end in a b; do
	block=$(tb_kept_ptoken "$end" 1)
	echo "$block"
	tb_check "$end: latched" grep -q '^latchState=LATCH_ESTABLISHED$' <<<"$block"
	tb_check "$end: the peer's method is authMeth_BTNS" \
		grep -q '^peer.authenticationMethod=authMeth_BTNS$' <<<"$block"
	tb_check "$end: the audit says only a channel binding can tell who the peer is" \
		grep -q '^peer.auditString=peer .* is unauthenticated (RFC 7619 NULL authentication): only a channel binding can tell who the peer is (ID ID_NULL' <<<"$block"
done
binding_a=$(tb_kept_ptoken a 1 | sed -n 's/^channelBinding=//p')
binding_b=$(tb_kept_ptoken b 1 | sed -n 's/^channelBinding=//p')
tb_check "a has a channel binding" test -n "$binding_a"
tb_check "both ends have the same channel binding" test "$binding_a" = "$binding_b"

tb_step "the broker and ipsec-ss on pluto's SAs"
tb_broker a
tb_on b "$ptoken" listen tcp 5004 "$B4" >"$TB_WORK/b-5004" 2>&1 &
TB_PIDS+=($!)
tb_wait_listening b tcp 5004
tb_unprivileged a "$ptoken" connect tcp "$B4" 5004 >"$TB_WORK/a-5004" 2>&1 || true
cat "$TB_WORK/a-5004"
tb_check "without CAP_NET_ADMIN, the answer came through the broker" \
	grep -q "get_socket_pToken socket:\[[0-9]*\]: ok" "$TB_WORK/broker-a.log"
tb_check "through the broker, the peer is unauthenticated (authMeth_BTNS)" \
	grep -q '^peer.authenticationMethod=authMeth_BTNS$' "$TB_WORK/a-5004"
account() {
	sed -n 's/^peer.auditString=peer [^ ]* //p'
}
tb_check "with the privileged process's account of the peer" \
	test "$(account <"$TB_WORK/a-5004")" = "$(tb_kept_ptoken a 1 | account)"
tb_on a "$BTNS_BUILD_DIR/tools/ipsec-ss" -H dst "$B4:5001" >"$TB_WORK/ss" 2>&1
tb_on a "$BTNS_BUILD_DIR/tools/ipsec-ss" --json >"$TB_WORK/ss.json" 2>&1
cat "$TB_WORK/ss" "$TB_WORK/ss.json"
# The text columns: Netid Local Peer Uid Inode Privacy Integrity Mode Latch
# Auth Binding Details.
tb_check "ipsec-ss marks the kept connection unauthenticated" \
	test "$(awk '{ print $3, $10 }' "$TB_WORK/ss")" = "$B4:5001 btns" -a \
	"$(grep -Ec ' unauthenticated=yes( |$)' "$TB_WORK/ss")" -eq 1
tb_check "and so does its JSON" jq -e --arg b "$B4" \
	'any(.[]; .peer == {"address": $b, "port": 5001} and .authentication == "btns" and
		.unauthenticated == true)' "$TB_WORK/ss.json"

tb_step "demands on how the peer authenticated"
# A socket's template names the reqid of pluto's SAs (pluto allocated it).
reqid=$(tb_on a ip xfrm state list proto esp | sed -n 's/.* reqid \([0-9]*\) .*/\1/p' | head -1)
tb_check "pluto's SAs have a reqid ($reqid)" tb_positive "$reqid"
tb_on b "$ptoken" listen tcp 5005 "$B4" >"$TB_WORK/b-5005" 2>&1 &
TB_PIDS+=($!)
tb_wait_listening b tcp 5005
status=0
tb_on a env BTNS_DEMAND=ENABLE,ENABLE,DISABLE,$reqid BTNS_REFUSE=authMeth_BTNS \
	"$ptoken" connect tcp "$B4" 5005 >"$TB_WORK/a-5005" 2>&1 || status=$?
wait "${TB_PIDS[-1]}" || true
cat "$TB_WORK/a-5005" "$TB_WORK/b-5005"
tb_check "a socket that refuses unauthenticated peers (authMeth_BTNS DISABLE) cannot connect" \
	test "$status" -ne 0
tb_check "and it says why" grep -q "the peer authenticated by nothing, BTNS (authMeth_BTNS), which the socket's pToken disables" \
	"$TB_WORK/a-5005"
tb_check "nothing of a's reached b" tb_not grep -q '^privacyProtection=' "$TB_WORK/b-5005"
tb_on b "$ptoken" listen tcp 5006 "$B4" >"$TB_WORK/b-5006" 2>&1 &
TB_PIDS+=($!)
tb_wait_listening b tcp 5006
tb_on a env BTNS_DEMAND=ENABLE,ENABLE,DISABLE,$reqid BTNS_REFUSE=authMeth_PRESHAREDKEY,authMeth_NONE \
	"$ptoken" connect tcp "$B4" 5006 >"$TB_WORK/a-5006" 2>&1 || true
cat "$TB_WORK/a-5006"
tb_check "one that refuses other methods is served: latched" \
	grep -q '^latchState=LATCH_ESTABLISHED$' "$TB_WORK/a-5006"
tb_check "to its unauthenticated peer" grep -q '^peer.authenticationMethod=authMeth_BTNS$' "$TB_WORK/a-5006"

tb_step "a Child SA rekey"
first=$(pluto_child_spis "$TB_WORK/pluto-a")
pluto_whack "$TB_WORK/pluto-a" --name btns --rekey-ipsec >/dev/null
for _ in $(seq 100); do
	now=$(pluto_child_spis "$TB_WORK/pluto-a")
	[ -n "$now" ] && [ "$now" != "$first" ] && break
	sleep 0.1
done
tb_check "new SPIs ($first -> $now)" test -n "$now" -a "$now" != "$first"
block=$(tb_kept_ask 2)
echo "$block"
tb_check "the latch holds: the same IKE SA" grep -q '^latchState=LATCH_ESTABLISHED$' <<<"$block"

tb_step "an IKE SA rekey"
pluto_whack "$TB_WORK/pluto-a" --name btns --rekey-ike >"$TB_WORK/rekey-ike.out" 2>&1
cat "$TB_WORK/rekey-ike.out"
tb_check "pluto rekeyed the IKE SA" grep -q 'rekeyed IKE SA' "$TB_WORK/rekey-ike.out"
block=$(tb_kept_ask 3)
echo "$block"
tb_check "the latch holds: the IKE SA's successor" grep -q '^latchState=LATCH_ESTABLISHED$' <<<"$block"

tb_step "a new IKE SA with the same algorithms: b's pluto restarted"
# shellcheck disable=SC2154 # set by pluto_host
kill -9 "$PLUTO_PID_b"
for _ in $(seq 50); do
	kill -0 "$PLUTO_PID_b" 2>/dev/null || break
	sleep 0.1
done
tb_on b ip xfrm state flush
tb_on b ip xfrm policy flush
rm -rf "$TB_WORK/pluto-b"
pluto_configure "$TB_WORK/pluto-b" "$B4" "$A4" null
pluto_start "$TB_WORK/pluto-b" b
pluto_up b
# a keeps the old IKE SA and Child SAs beside the new ones; with them gone,
# the kernel has one SA pair again, of the same algorithms as before.
old=$(pluto_whack "$TB_WORK/pluto-a" --showstates | sed -n 's/^000 #\([0-9]*\): .* IKE SA #\([0-9]*\);.*/\1 \2/p')
echo "a's Child SAs and their IKE SAs: $(tr '\n' ' ' <<<"$old")"
newest_ike=$(awk '{ print $2 }' <<<"$old" | sort -n | tail -1)
for state in $(awk -v n="$newest_ike" '$2 != n { print $1 } $2 != n { print $2 }' <<<"$old" | sort -u); do
	pluto_whack "$TB_WORK/pluto-a" --deletestate "$state" >/dev/null 2>&1 || true
done
for _ in $(seq 50); do
	[ "$(pluto_child_spis "$TB_WORK/pluto-a" | grep -c .)" -eq 1 ] && break
	sleep 0.1
done
tb_check "a has one Child SA left, under the new IKE SA #$newest_ike" \
	test "$(pluto_child_spis "$TB_WORK/pluto-a" | grep -c .)" -eq 1
block=$(tb_kept_ask 4)
echo "$block"
tb_check "the latch is BROKEN: a new IKE SA may be someone else" \
	grep -q '^latchState=LATCH_BROKEN$' <<<"$block"
tb_check "and the peer is now the lineage of IKE SA #$newest_ike" \
	grep -q "^peer.auditString=.*which descends from IKE SA #$newest_ike," <<<"$block"

tb_step "a watched connection over the new IKE SA's SAs"
# A second connection, watched: its latch's events as they come.
tb_on b "$ptoken" listen tcp 5002 "$B4" >"$TB_WORK/b-watched" 2>&1 &
TB_PIDS+=($!)
tb_wait_listening b tcp 5002
mkfifo "$TB_WORK/watch-input"
tb_on a "$ptoken" connect tcp "$B4" 5002 watch <"$TB_WORK/watch-input" >"$TB_WORK/watch" 2>&1 &
TB_PIDS+=($!)
exec 4>"$TB_WORK/watch-input"
tb_wait_for "$TB_WORK/watch" '^latch='
tb_check "the watched connection latched" grep -q '^latch=LATCH_ESTABLISHED$' "$TB_WORK/watch"

tb_step "a's pluto killed, its SAs left in the kernel"
eval "kill -9 \$PLUTO_PID_a"
sleep 0.5
tb_check "the SAs are still there" test -n "$(tb_on a ip xfrm state list proto esp)"
tb_wait_for "$TB_WORK/watch" '^latch=LATCH_BROKEN$'
cat "$TB_WORK/watch"
tb_check "the watch is told BROKEN, from pluto's end alone (no XFRM event, no query)" grep -q '^latch=LATCH_BROKEN$' "$TB_WORK/watch"
tb_on b "$ptoken" listen tcp 5003 "$B4" >/dev/null 2>&1 &
TB_PIDS+=($!)
tb_wait_listening b tcp 5003
tb_on a "$ptoken" connect tcp "$B4" 5003 >"$TB_WORK/a-5003" 2>&1 || true
cat "$TB_WORK/a-5003"
tb_check "a new connection's peer is not described by a pluto that is gone" \
	grep -q '^peer.auditString=.*no IKE daemon told one (pluto does not run' "$TB_WORK/a-5003"
tb_check "and no method is claimed" tb_not grep -q '^peer.authenticationMethod=' "$TB_WORK/a-5003"
exec 3>&- 4>&-
