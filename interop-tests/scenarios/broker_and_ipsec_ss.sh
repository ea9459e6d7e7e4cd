#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The broker and ipsec-ss on real SAs (ESP with AES-GCM, transport mode).
# A process without CAP_NET_ADMIN asks about its protected connection
# through ipsecapid: it gets the pToken a privileged one gets, latch and
# channel binding included.  ipsec-ss on a lists the latched connections
# with their levels, mode, latch and binding type, and a connection that
# no one asked about as protected, without a latch (asking latches
# nothing).
# timeout: 150
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"

tb_two_hosts
tb_ipsec esp-gcm transport required a "$A4" b "$B4"
ptoken=$(tb_program socket_ptoken)
ss_tool=$BTNS_BUILD_DIR/tools/ipsec-ss

# A privileged connection, kept, latched by its first query.
tb_kept_connection hold
tb_wait_for "$TB_WORK/a" '^\.$'

# The same through the broker, from a process without CAP_NET_ADMIN.
tb_broker a
tb_on b "$ptoken" listen tcp 5003 "$B4" >"$TB_WORK/b-5003" 2>&1 &
TB_PIDS+=($!)
tb_wait_listening b tcp 5003
tb_unprivileged a "$ptoken" connect tcp "$B4" 5003 >"$TB_WORK/a-5003" 2>&1 || true
echo "through the broker: $(tr '\n' ' ' <"$TB_WORK/a-5003")"
tb_check "without CAP_NET_ADMIN, the answer came through the broker" \
	grep -q "get_socket_pToken socket:\[[0-9]*\]: ok" "$TB_WORK/broker-a.log"
for attr in privacyProtection integrityProtection latchState channelBindingType; do
	tb_check "through the broker, $attr as the privileged process sees it" \
		test -n "$(grep "^$attr=" "$TB_WORK/a-5003")" -a \
		"$(grep "^$attr=" "$TB_WORK/a-5003")" = "$(grep -m1 "^$attr=" "$TB_WORK/a")"
done
tb_check "through the broker, the connection is latched" grep -q "^latchState=LATCH_ESTABLISHED" "$TB_WORK/a-5003"

# A connection that no one asks about, held open.
tb_on b socat TCP-LISTEN:5004,bind="$B4" SYSTEM:'sleep 15' &
TB_PIDS+=($!)
tb_wait_listening b tcp 5004
tb_on a socat SYSTEM:'sleep 15' TCP:"$B4":5004 &
TB_PIDS+=($!)
for _ in $(seq 50); do
	tb_on a ss -Htn state established "( dport = :5004 )" | grep -q . && break
	sleep 0.1
done
tb_on a "$ss_tool" >"$TB_WORK/ss" 2>&1
cat "$TB_WORK/ss"
latched=$(grep "peer=$B4:5001 " "$TB_WORK/ss" || true)
plain=$(grep "peer=$B4:5004 " "$TB_WORK/ss" || true)
tb_check "ipsec-ss lists the latched connection" test -n "$latched"
tb_check "with its levels, mode and latch" \
	grep -q "privacy=LEVEL_MEDIUM integrity=LEVEL_HIGH mode=transport latch=LATCH_ESTABLISHED" <<<"$latched"
tb_check "and its channel binding's type" grep -q "binding=CB_UNIQUE" <<<"$latched"
tb_check "the connection no one asked about: protected" \
	grep -q "privacy=LEVEL_MEDIUM integrity=LEVEL_HIGH mode=transport" <<<"$plain"
tb_check "and not latched: asking by flow latches nothing" tb_not grep -q "latch=" <<<"$plain"
