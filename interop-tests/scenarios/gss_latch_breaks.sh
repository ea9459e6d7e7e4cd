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
gss_kdc_on b "$B4"
export BTNS_GSS_AGAIN=$TB_WORK/again
tb_on b "$gss" server 6003 >"$TB_WORK/b-6003" 2>&1 &
TB_PIDS+=($!)
server=$!
tb_wait_listening b tcp 6003
tb_on a "$gss" client "$B4" 6003 >"$TB_WORK/a-6003" 2>&1 &
TB_PIDS+=($!)
client=$!
tb_wait_for "$TB_WORK/a-6003" '^received='
tb_check "first: bridged" grep -q '^wrap=bridged' "$TB_WORK/a-6003"

gss_break_latch 6003 "$client" "$server"
