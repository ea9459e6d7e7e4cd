#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tls-bridge in two processes without CAP_NET_ADMIN, each asking the broker
# of its host: both ends bind TLS to the IPsec SA pair and bridge with the
# NULL suite, as privileged ones do (tls_bridged), and when a newer SA pair
# of other parameters breaks the latch, the broker's latch watch tells the
# client, which refuses its next write (as in tls_latch_breaks).
# timeout: 150
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/tls.sh"

tb_two_hosts
tb_ipsec esp-gcm transport required a "$A4" b "$B4"
tls_certificate
tb_broker a
tb_broker b
again=$TB_WORK/again
tb_unprivileged b timeout 60 "$tls" server 6131 require "$TB_WORK/tls-cert.pem" \
	"$TB_WORK/tls-key.pem" version=1.2 bridging=null "again=$again" >"$TB_WORK/b-6131" 2>&1 &
TB_PIDS+=($!)
server=$!
tb_wait_listening b tcp 6131
tb_unprivileged a timeout 60 "$tls" client "$B4" 6131 require version=1.2 bridging=null \
	"again=$again" >"$TB_WORK/a-6131" 2>&1 &
TB_PIDS+=($!)
client=$!
tb_wait_for "$TB_WORK/a-6131" '^received='
echo "a: $(tr '\n' ' ' <"$TB_WORK/a-6131")"
tb_check "bound and bridged with the NULL suite" test "$(tb_field a 6131 status)" = bridged
tb_check "the server too" test "$(tb_field b 6131 status)" = bridged
tb_check "both ends have the same tls-exporter" \
	test -n "$(tb_field a 6131 exporter)" -a "$(tb_field a 6131 exporter)" = "$(tb_field b 6131 exporter)"
tb_check "the message passed" test "$(tb_field b 6131 received)" = "message from the client"
tb_check_brokered a b

tls_break_latch 6131 "$client" "$server" "$again"
