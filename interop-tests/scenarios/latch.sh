#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Connection latches (RFC 5660) on real SAs: the first query latches a
# protected TCP connection; a rekey to new keys and SPIs of the same
# parameters keeps it ESTABLISHED; deleting the SAs breaks it, and a
# congruent SA pair restores it; a newer SA of other parameters (which the
# kernel would use) breaks it; the latched policy outlives a change of the
# SPD; and new demands set on the latched connection break it.
# timeout: 180
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"

tb_two_hosts
tb_ipsec esp-cbc transport required a "$A4" b "$B4"
tb_kept_connection hold
answers=1

# ask_ptoken [LINE]: the client's pToken again (after LINE, such as "set
# DEMAND"); sets state to its latchState line.
ask_ptoken() {
	local _
	answers=$((answers + 1))
	echo "${1:-}" >&3
	for _ in $(seq 100); do
		[ "$(grep -c '^\.$' "$TB_WORK/a")" -ge "$answers" ] && break
		sleep 0.1
	done
	state=$(awk -v n="$answers" '/^\.$/ { k++; next } k == n - 1 && /^(latchState|error)=/' "$TB_WORK/a" | tail -1)
	echo "answer $answers: $state"
}

# first: the first answer's latchState.
tb_wait_for "$TB_WORK/a" '^\.$'
tb_check "the first query latches the protected connection" \
	test "$(awk '/^\.$/ { exit } /^latchState=/' "$TB_WORK/a")" = latchState=LATCH_ESTABLISHED
tb_check "the latch pinned the connection's policy to its socket" \
	tb_on a sh -c "ip xfrm policy | grep -q 'socket out'"

tb_step "rekey: new SPIs and keys, the same parameters"
old_ab=$TB_SPI_AB old_ba=$TB_SPI_BA
tb_sa_pair esp-cbc transport a "$A4" b "$B4"
for h in a b; do
	tb_on $h ip xfrm state delete src "$A4" dst "$B4" proto esp spi "$old_ab"
	tb_on $h ip xfrm state delete src "$B4" dst "$A4" proto esp spi "$old_ba"
done
ask_ptoken
tb_check "a congruent rekey keeps the latch" test "$state" = latchState=LATCH_ESTABLISHED

tb_step "the SAs deleted"
for h in a b; do tb_on $h ip xfrm state flush; done
ask_ptoken
tb_check "deleting the SAs breaks the latch" test "$state" = latchState=LATCH_BROKEN
tb_sa_pair esp-cbc transport a "$A4" b "$B4"
ask_ptoken
tb_check "a congruent SA pair restores it" test "$state" = latchState=LATCH_ESTABLISHED

tb_step "a newer SA of other parameters"
tb_on a ip xfrm state add src "$A4" dst "$B4" proto esp spi "0x3$(tb_key 3)" mode transport \
	enc 'cbc(aes)' "0x$(tb_key 16)" auth-trunc 'hmac(sha1)' "0x$(tb_key 20)" 96
ask_ptoken
tb_check "a conflicting SA breaks the latch" test "$state" = latchState=LATCH_BROKEN
tb_on a ip xfrm state deleteall src "$A4" dst "$B4" proto esp
tb_sa_pair esp-cbc transport a "$A4" b "$B4"

tb_step "the SPD changes under a latched connection"
ask_ptoken
tb_check "ESTABLISHED again" test "$state" = latchState=LATCH_ESTABLISHED
tb_on a ip xfrm policy flush
ask_ptoken
tb_check "the latched policy still governs the socket" test "$state" = latchState=LATCH_ESTABLISHED

tb_step "new demands on the latched connection"
ask_ptoken "set ENABLE,ENABLE,DISABLE,0"
tb_check "demands its SAs meet as before keep the latch" test "$state" = latchState=LATCH_ESTABLISHED
ask_ptoken "set DISABLE,DISABLE,DISABLE,0"
tb_check "a bypass breaks it" test "$state" = latchState=LATCH_BROKEN
exec 3>&-
