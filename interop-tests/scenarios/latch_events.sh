#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The latch watch on real SAs: without being asked, it reports a latch
# that breaks when its SAs are deleted, mends when a congruent pair comes,
# and breaks again when that pair's hard lifetime ends (an expiry that the
# kernel reports only as an EXPIRE message).
# timeout: 120
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"

tb_two_hosts
tb_ipsec esp-cbc transport required a "$A4" b "$B4"
tb_kept_connection watch

# event N STATE: waits (up to 10 s) for the watch's Nth event to be STATE.
event() {
	local _
	for _ in $(seq 100); do
		[ "$(grep -c '^latch=' "$TB_WORK/a")" -ge "$1" ] && break
		sleep 0.1
	done
	echo "event $1: $(grep '^latch=' "$TB_WORK/a" | sed -n "$1p")"
	test "$(grep '^latch=' "$TB_WORK/a" | sed -n "$1p")" = "latch=$2"
}

tb_check "the first event: the connection latched" event 1 LATCH_ESTABLISHED

tb_step "the SAs deleted"
for h in a b; do on $h ip xfrm state flush; done
tb_check "the watch reports BROKEN unasked" event 2 LATCH_BROKEN

tb_step "a congruent SA pair with a hard lifetime of 4 seconds"
spi_ab=0x1$(tb_key 3) spi_ba=0x2$(tb_key 3)
algs_ab=$(tb_sa_algorithms esp-cbc) algs_ba=$(tb_sa_algorithms esp-cbc)
for h in a b; do
	eval "on $h ip xfrm state add src $A4 dst $B4 proto esp spi $spi_ab mode transport $algs_ab limit time-hard 4"
	eval "on $h ip xfrm state add src $B4 dst $A4 proto esp spi $spi_ba mode transport $algs_ba limit time-hard 4"
done
tb_check "the watch reports ESTABLISHED again" event 3 LATCH_ESTABLISHED
tb_check "the hard expiry breaks it" event 4 LATCH_BROKEN
tb_check "the expired SAs are gone" test -z "$(on a ip xfrm state)"
exec 3>&-
