#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# mech_btns in two processes without CAP_NET_ADMIN, each asking the broker
# of its host: the context is bound to the SA pair and bridged, as with
# privileged ones (gss_bridged), and when a newer SA pair of other
# parameters breaks the latch, the broker's latch watch tells both ends,
# whose gss_wrap falls back to krb5's encryption (as in gss_latch_breaks).
# timeout: 150
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/gss.sh"

tb_two_hosts
tb_ipsec esp-gcm transport required a "$A4" b "$B4"
gss_kdc_on b "$B4"
tb_broker a
tb_broker b
export BTNS_GSS_AGAIN=$TB_WORK/again
tb_unprivileged b "$gss" server 6013 >"$TB_WORK/b-6013" 2>&1 &
TB_PIDS+=($!)
server=$!
tb_wait_listening b tcp 6013
tb_unprivileged a "$gss" client "$B4" 6013 >"$TB_WORK/a-6013" 2>&1 &
TB_PIDS+=($!)
client=$!
tb_wait_for "$TB_WORK/a-6013" '^received='
echo "a: $(tr '\n' ' ' <"$TB_WORK/a-6013")"
tb_check "bound and bridged" grep -q '^wrap=bridged' "$TB_WORK/a-6013"
tb_check_brokered a b

gss_break_latch 6013 "$client" "$server"
