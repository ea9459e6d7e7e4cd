#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# A latch on SAs from strongSwan's charon follows the IKE_SA: latched while
# charon names the peer (b.btns.test, by pre-shared key), the latch is
# bound to that peer too; a forced rekey of the CHILD_SA (new SPIs, the
# same parameters and peer) keeps it ESTABLISHED; and once charon is gone
# (killed, its SAs left in the kernel), the peer can no longer be named
# and the latch is BROKEN: never a stale answer.  A watch of a second
# connection hears it from charon's end alone, with no query and no XFRM
# event.
# timeout: 150
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/charon.sh"

ptoken=$(tb_program socket_ptoken)
tb_two_hosts
charon_pair_on_demand
export BTNS_DEMAND=ENABLE,ENABLE,DISABLE,100
export IPSECAPI_VICI_SOCKET=$TB_WORK/charon-a/charon.vici

# The first datagram makes charon negotiate; then a kept TCP connection.
tb_on a "$ptoken" connect udp "$B4" 5009 >/dev/null 2>&1 || true
charon_wait_children "$TB_WORK/charon-a" 1
first=$(charon_children "$TB_WORK/charon-a")
echo "$first"
tb_check "charon negotiated a CHILD_SA" test -n "$first"
tb_kept_connection hold
tb_wait_for "$TB_WORK/a" '^\.$'
# A second connection, watched (ipsec_create_latch_watch): its latch's
# events as they come, with no query.
tb_on b "$ptoken" listen tcp 5002 "$B4" >"$TB_WORK/b-watched" 2>&1 &
TB_PIDS+=($!)
tb_wait_listening b tcp 5002
mkfifo "$TB_WORK/watch-input"
tb_on a "$ptoken" connect tcp "$B4" 5002 watch <"$TB_WORK/watch-input" >"$TB_WORK/watch" 2>&1 &
TB_PIDS+=($!)
exec 4>"$TB_WORK/watch-input"
tb_wait_for "$TB_WORK/watch" '^latch='
tb_check "a watched connection, latched" grep -q '^latch=LATCH_ESTABLISHED$' "$TB_WORK/watch"

tb_kept_ptoken a 1
tb_check "latched" grep -q '^latchState=LATCH_ESTABLISHED$' <<<"$(tb_kept_ptoken a 1)"
tb_check "to the peer charon names" \
	grep -q '^peer.auditString=peer 192.0.2.2:5001 is b.btns.test, authenticated by pre-shared key' \
	<<<"$(tb_kept_ptoken a 1)"

tb_step "a forced rekey of the CHILD_SA"
swanctl --rekey --child host-host --uri "unix://$TB_WORK/charon-a/charon.vici" >/dev/null
for _ in $(seq 100); do
	now=$(charon_children "$TB_WORK/charon-a")
	[ -n "$now" ] && [ "$now" != "$first" ] && [ "$(grep -c . <<<"$now")" -eq 1 ] && break
	sleep 0.1
done
echo "$now"
tb_check "new SPIs" test -n "$now" -a "$(sed 's/.* spi-in=//' <<<"$now")" != "$(sed 's/.* spi-in=//' <<<"$first")"
second=$(tb_kept_ask 2)
echo "$second"
tb_check "the latch holds: same parameters, same peer" grep -q '^latchState=LATCH_ESTABLISHED$' <<<"$second"
tb_check "the watch saw no break" tb_not grep -q '^latch=LATCH_BROKEN$' "$TB_WORK/watch"

tb_step "charon killed, its SAs left in the kernel"
eval "kill -9 \$CHARON_PID_a"
sleep 0.5
tb_check "the SAs are still there" test -n "$(tb_on a ip xfrm state list proto esp)"
tb_wait_for "$TB_WORK/watch" '^latch=LATCH_BROKEN$' || true
cat "$TB_WORK/watch"
tb_check "the watch is told BROKEN, from charon's end alone (no XFRM event, no query)" \
	grep -q '^latch=LATCH_BROKEN$' "$TB_WORK/watch"
third=$(tb_kept_ask 3)
echo "$third"
tb_check "the latch is BROKEN: the peer cannot be named" grep -q '^latchState=LATCH_BROKEN$' <<<"$third"
tb_check "and the peer's audit says why" \
	grep -q '^peer.auditString=.*no IKE daemon told one (.*cannot be reached' <<<"$third"
exec 3>&- 4>&-
