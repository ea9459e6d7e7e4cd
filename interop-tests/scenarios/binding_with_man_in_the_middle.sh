#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# A man in the middle with two SA pairs, a - m and m - b, relaying between
# them: each end sees ESP-protected TCP, but their unique channel bindings
# differ, which is how an upper layer that compares them catches m.
# timeout: 120
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"

ptoken=$(tb_program socket_ptoken)
tb_line
tb_tunnel esp-gcm a "$A4" m "$M4A" "$A4/32" "$B4/32"
tb_tunnel esp-gcm m "$M4B" b "$B4" "$A4/32" "$B4/32"

tb_on b "$ptoken" listen tcp 5001 >"$TB_WORK/b" 2>&1 &
TB_PIDS+=($!)
tb_wait_listening b tcp 5001
tb_on a "$ptoken" connect tcp "$B4" 5001 >"$TB_WORK/a" 2>&1 || cat "$TB_WORK/a"
wait "${TB_PIDS[-1]}"
cat "$TB_WORK/a" "$TB_WORK/b"

# channel_binding_in FILE: the channelBinding the program printed into
# $TB_WORK/FILE.
channel_binding_in() {
	sed -n 's/^channelBinding=//p' "$TB_WORK/$1"
}
tb_check "a: the connection is encrypted" grep -q "^privacyProtection=LEVEL_MEDIUM" "$TB_WORK/a"
tb_check "b: the connection is encrypted" grep -q "^privacyProtection=LEVEL_MEDIUM" "$TB_WORK/b"
tb_check "a: in tunnel mode" grep -q "^tunnelMode=ENABLE" "$TB_WORK/a"
tb_check "a has a unique binding" test -n "$(channel_binding_in a)"
tb_check "b has a unique binding" test -n "$(channel_binding_in b)"
tb_check "the bindings differ: m is in the middle" test "$(channel_binding_in a)" != "$(channel_binding_in b)"
