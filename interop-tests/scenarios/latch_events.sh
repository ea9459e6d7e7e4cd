#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The latch watch on real SAs: without being asked, it reports a latch
# that breaks when its SAs are deleted, mends when a congruent pair comes,
# and breaks again when that pair's hard lifetime ends (an expiry that the
# kernel reports only as an EXPIRE message).  Two watches see it all: one
# of a privileged process, which follows the kernel's events itself, and
# one of a process without CAP_NET_ADMIN, which ipsecapid keeps for it.
# timeout: 120
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"

tb_two_hosts
tb_ipsec esp-cbc transport required a "$A4" b "$B4"
tb_kept_connection watch

# The unprivileged watcher: its own connection, to port 5002.
ptoken=$(tb_program socket_ptoken)
tb_broker a
tb_on b "$ptoken" listen tcp 5002 "$B4" >"$TB_WORK/b-5002" 2>&1 &
TB_PIDS+=($!)
tb_wait_listening b tcp 5002
mkfifo "$TB_WORK/commands-5002"
tb_unprivileged a "$ptoken" connect tcp "$B4" 5002 watch \
	<"$TB_WORK/commands-5002" >"$TB_WORK/a-5002" 2>&1 &
TB_PIDS+=($!)
exec 4>"$TB_WORK/commands-5002"

# await_event FILE N STATE: waits (up to 10 s) for the Nth event that the
# watcher writing FILE reports to be STATE.
await_event() {
	local _
	for _ in $(seq 100); do
		[ "$(grep -c '^latch=' "$1")" -ge "$2" ] && break
		sleep 0.1
	done
	echo "event $2 in $(basename "$1"): $(grep '^latch=\|^error=' "$1" | sed -n "$2p")"
	test "$(grep '^latch=' "$1" | sed -n "$2p")" = "latch=$3"
}

# check_both_watchers DESCRIPTION N STATE: the Nth event of each watcher is STATE.
check_both_watchers() {
	tb_check "$1 (privileged watch)" await_event "$TB_WORK/a" "$2" "$3"
	tb_check "$1 (through the broker)" await_event "$TB_WORK/a-5002" "$2" "$3"
}

check_both_watchers "the first event: the connection latched" 1 LATCH_ESTABLISHED
tb_check "the unprivileged watch is the broker's" \
	grep -q "watch_latch socket:\[[0-9]*\]: ok" "$TB_WORK/broker-a.log"

tb_step "the SAs deleted"
for h in a b; do tb_on $h ip xfrm state flush; done
check_both_watchers "the watch reports BROKEN unasked" 2 LATCH_BROKEN

tb_step "a congruent SA pair with a hard lifetime of 4 seconds"
spi_ab=0x1$(tb_key 3) spi_ba=0x2$(tb_key 3)
algs_ab=$(tb_sa_algorithms esp-cbc) algs_ba=$(tb_sa_algorithms esp-cbc)
for h in a b; do
	eval "tb_on $h ip xfrm state add src $A4 dst $B4 proto esp spi $spi_ab mode transport $algs_ab limit time-hard 4"
	eval "tb_on $h ip xfrm state add src $B4 dst $A4 proto esp spi $spi_ba mode transport $algs_ba limit time-hard 4"
done
check_both_watchers "the watch reports ESTABLISHED again" 3 LATCH_ESTABLISHED
check_both_watchers "the hard expiry breaks it" 4 LATCH_BROKEN
tb_check "the expired SAs are gone" test -z "$(tb_on a ip xfrm state)"
exec 3>&- 4>&-
