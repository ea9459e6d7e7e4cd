#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# mech_btns through a man in the middle with two SA pairs (a - m and
# m - b, m routing between them): each end sees ESP, but their channel
# bindings differ, so the acceptor refuses the context with
# GSS_S_BAD_BINDINGS and no message is ever wrapped.
# timeout: 150
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/gss.sh"

tb_line
tb_tunnel esp-gcm a "$A4" m "$M4A" "$A4/32" "$B4/32"
tb_tunnel esp-gcm m "$M4B" b "$B4" "$A4/32" "$B4/32"
gss_kdc_on b "$B4"
gss_context 6002
tb_check "b refused the context: the bindings differ" \
	test "$(tb_field b 6002 major)" = "$(printf '%u' 0x40000)"
tb_check "b says why" grep -q "^minor=.*man in the middle" "$TB_WORK/b-6002"
tb_check "a did not establish it" test "$(tb_field a 6002 major)" != 0
tb_check "no message was wrapped" tb_not grep -q "^wrap=" "$TB_WORK/a-6002" "$TB_WORK/b-6002"
