#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The broker and ipsec-ss on real SAs (ESP with AES-GCM, transport mode).
# A process without CAP_NET_ADMIN asks about its protected connection
# through ipsecapid: it gets the pToken a privileged one gets, latch and
# channel binding included.  ipsec-ss on a lists the latched connections
# with their levels, mode, latch and binding type, and a connection that
# no one asked about as protected, without a latch (asking latches
# nothing), in text and in JSON; --protected lists both, --unprotected
# neither, and its filter selects each by its peer's port or address.
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
# The columns: Netid Local Peer Uid Inode Privacy Integrity Mode Latch Auth
# Binding Details.
row() { # row PEER: the text row of the connection to PEER
	awk -v p="$1" '$3 == p' "$TB_WORK/ss"
}
latched=$(row "$B4:5001")
plain=$(row "$B4:5004")
tb_check "ipsec-ss lists the latched connection" test -n "$latched"
tb_check "with its levels, mode and latch" \
	test "$(awk '{ print $6, $7, $8, $9 }' <<<"$latched")" = "medium high transport established"
tb_check "and its channel binding's type" test "$(awk '{ print $11 }' <<<"$latched")" = unique
tb_check "the connection no one asked about: protected" \
	test "$(awk '{ print $6, $7, $8 }' <<<"$plain")" = "medium high transport"
tb_check "and not latched: asking by flow latches nothing" \
	test "$(awk '{ print $9 }' <<<"$plain")" = -

tb_on a "$ss_tool" --json >"$TB_WORK/ss.json" 2>&1
cat "$TB_WORK/ss.json"
jq_true() { # jq_true ARGS...: jq's filter is true of its input
	jq -e "$@" >/dev/null
}
tb_check "JSON: the latched connection, its levels, mode, latch and binding" \
	jq_true --arg b "$B4" 'any(.[]; .peer == {"address": $b, "port": 5001} and
		.protected == true and .privacy == "medium" and .integrity == "high" and
		.mode == "transport" and .latch == "established" and .binding == "unique")' \
	"$TB_WORK/ss.json"
tb_check "JSON: the other protected, without a latch" \
	jq_true --arg b "$B4" 'any(.[]; .peer == {"address": $b, "port": 5004} and
		.protected == true and .mode == "transport" and (has("latch") | not))' \
	"$TB_WORK/ss.json"

peers() { # peers ARGS...: the peers of the connections ipsec-ss ARGS lists
	tb_on a "$ss_tool" -H "$@" | awk '{ print $3 }' | sort | tr '\n' ' '
}
tb_check "--protected lists both" grep -q "$B4:5001 $B4:5004 " <<<"$(peers --protected)"
tb_check "--unprotected neither" tb_not grep -q "$B4:500[14] " <<<"$(peers --unprotected)"
tb_check "dport = :5004 selects the one no one asked about" \
	test "$(peers -t dport = :5004)" = "$B4:5004 "
tb_check "dst ADDRESS:PORT selects the latched one" \
	test "$(peers dst "$B4:5001" and src "$A4")" = "$B4:5001 "
