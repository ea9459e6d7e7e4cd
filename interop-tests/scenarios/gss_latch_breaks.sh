#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# mech_btns when the latch breaks mid-session: a bridged context, then a
# newer SA pair of other parameters (which the kernel uses from then on):
# the latch is BROKEN, so gss_wrap falls back to krb5's encryption on both
# sides, and the messages still arrive.
# timeout: 150
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/gss.sh"

tb_two_hosts
tb_ipsec esp-gcm transport required a "$A4" b "$B4"
kdc_on b "$B4"
export BTNS_GSS_AGAIN=$TB_WORK/again
on b "$gss" server 6003 >"$TB_WORK/b-6003" 2>&1 &
TB_PIDS+=($!)
server=$!
tb_wait_listening b tcp 6003
on a "$gss" client "$B4" 6003 >"$TB_WORK/a-6003" 2>&1 &
TB_PIDS+=($!)
client=$!
tb_wait_for "$TB_WORK/a-6003" '^received='
tb_check "first: bridged" grep -q '^wrap=bridged' "$TB_WORK/a-6003"

tb_step "a newer SA pair of other parameters"
tb_sa_pair esp-cbc transport a "$A4" b "$B4"
touch "$BTNS_GSS_AGAIN"
wait "$client" || true
wait "$server" || true
echo "a: $(tr '\n' ' ' <"$TB_WORK/a-6003")"
echo "b: $(tr '\n' ' ' <"$TB_WORK/b-6003")"
after() {
	sed -n '/^again$/,$p' "$TB_WORK/$1-6003" | sed -n "s/^$2=//p" | head -1
}
for side in a b; do
	tb_check "$side: after the break, gss_wrap is krb5's" test "$(after $side wrap)" = krb5
done
tb_check "b received a's second message" test "$(after b received)" = "second message from the initiator"
tb_check "a received b's second reply" test "$(after a received)" = "second reply from the acceptor"
