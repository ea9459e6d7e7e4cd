#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tls-bridge when the latch breaks under a connection bridged with a NULL
# cipher: a newer SA pair of other parameters (which the kernel uses from
# then on) breaks both sockets' latches, and TLS, which does not encrypt,
# refuses the client's next write instead of sending it on SAs that no
# one verified: the server never receives it, and the client says why.
# timeout: 150
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/tls.sh"

tb_two_hosts
tb_ipsec esp-gcm transport required a "$A4" b "$B4"
tls_certificate
again=$TB_WORK/again
tb_on b timeout 60 "$tls" server 6121 require "$TB_WORK/tls-cert.pem" "$TB_WORK/tls-key.pem" \
	version=1.2 bridging=null "again=$again" >"$TB_WORK/b-6121" 2>&1 &
TB_PIDS+=($!)
server=$!
tb_wait_listening b tcp 6121
tb_on a timeout 60 "$tls" client "$B4" 6121 require version=1.2 bridging=null "again=$again" \
	>"$TB_WORK/a-6121" 2>&1 &
TB_PIDS+=($!)
client=$!
tb_wait_for "$TB_WORK/a-6121" '^received='
tb_check "first: bridged with the NULL suite" test "$(tb_field a 6121 status)" = bridged
tb_check "first: the message passed" test "$(tb_field b 6121 received)" = "message from the client"

tls_break_latch 6121 "$client" "$server" "$again"
