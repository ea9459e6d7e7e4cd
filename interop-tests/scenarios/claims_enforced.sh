#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Claims that the kernel enforces, on real SAs, where an attacker's layout
# made the library report protection for traffic that went in clear:
#   - an older bypass of equal priority beside a newer require policy,
#     with the SA pair in place: the kernel applies the bypass, so the
#     connection reads as not protected and is not latched;
#   - an older NULL-encryption SA beside a newer AES-GCM one that both fit
#     the receiving socket's template: the kernel accepts either, so a
#     datagram's pToken reads DISABLE;
#   - two addresses of one host with an SA pair and SPD policies between
#     them: the loopback route skips the SPD, so the connection reads as
#     not protected, and its data goes in clear on lo;
#   - a watched connection whose socket policies required ESP, closed: the
#     kernel's late answers for it go by the guard that its watch put in
#     the SPD, in ESP, not in clear.
# timeout: 180
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"

ptoken=$(tb_program socket_ptoken)
tb_two_hosts

# printed_value FILE NAME: the value the program printed as NAME=VALUE into
# $TB_WORK/FILE.
printed_value() {
	sed -n "s/^$2=//p" "$TB_WORK/$1"
}

# demanding_connection NAME HOST_A HOST_B ADDRESS PORT [DEMAND]: socket_ptoken
# listening on HOST_B at ADDRESS and connecting from HOST_A, each setting
# DEMAND on its socket if given; outputs in $TB_WORK/NAME-a and NAME-b.
demanding_connection() {
	local name=$1 host_a=$2 host_b=$3 address=$4 port=$5 demand=()
	[ $# -gt 5 ] && demand=("BTNS_DEMAND=$6")
	tb_on "$host_b" env "${demand[@]}" "$ptoken" listen tcp "$port" "$address" \
		>"$TB_WORK/$name-b" 2>&1 &
	TB_PIDS+=($!)
	tb_wait_listening "$host_b" tcp "$port"
	tb_on "$host_a" env "${demand[@]}" "$ptoken" connect tcp "$address" "$port" \
		>"$TB_WORK/$name-a" 2>&1
	wait "${TB_PIDS[-1]}"
	cat "$TB_WORK/$name-a"
}

tb_step "a tie: an older bypass beside a newer require, the SA pair in place"
tb_sa_pair esp-gcm transport a "$A4" b "$B4"
for dir in out in; do
	tb_on a ip xfrm policy add src 192.0.2.0/24 dst 192.0.2.0/24 dir $dir priority 100
done
tb_on a ip xfrm policy add src "$A4" dst "$B4" dir out priority 100 tmpl proto esp mode transport
tb_on a ip xfrm policy add src "$B4" dst "$A4" dir in priority 100 tmpl proto esp mode transport
tb_capture_start b eth0 tie
demanding_connection tie a b "$B4" 5001
tb_capture_stop tie
tb_check "a: privacy DISABLE" test "$(printed_value tie-a privacyProtection)" = DISABLE
tb_check "a: the audit says the kernel's choice cannot be told" \
	grep -q "out: which policy the kernel applies cannot be told" "$TB_WORK/tie-a"
tb_check "a: no latch" tb_not grep -q "^latchState=" "$TB_WORK/tie-a"
tb_check "the truth: a's data went in clear" tb_pcap_contains tie hello
tb_check "nothing pinned onto a's socket: its later data in clear too" \
	test "$(tb_sa_packets a "$A4" "$B4" esp "$TB_SPI_AB")" -eq 0
tb_on a ip xfrm policy flush
tb_on a ip xfrm state flush
tb_on b ip xfrm state flush

tb_step "the weakest SA a datagram may have come under"
# a also holds an older NULL-encryption SA from b, which b no longer uses.
eval "tb_on a ip xfrm state add src $B4 dst $A4 proto esp spi 0x3$(tb_key 3) mode transport \
	$(tb_sa_algorithms esp-null)"
sleep 1.1 # so that the other is newer, by the second
tb_sa_pair esp-gcm transport a "$A4" b "$B4"
BTNS_DEMAND=ENABLE,ENABLE,DISABLE,0 tb_on a "$ptoken" recvmsg 5002 "$A4" >"$TB_WORK/weakest" 2>&1 &
TB_PIDS+=($!)
tb_wait_listening a udp 5002
tb_check "b sends over the newest SA" \
	env BTNS_DEMAND=ENABLE,ENABLE,DISABLE,0 ip netns exec "$(tb_ns b)" \
	"$ptoken" sendmsg "$A4" 5002 ENABLE,ENABLE,DISABLE,0
wait "${TB_PIDS[-1]}"
cat "$TB_WORK/weakest"
tb_check "it came under AES-GCM" tb_positive "$(tb_sa_packets a "$B4" "$A4" esp "$TB_SPI_BA")"
tb_check "yet a NULL-encryption SA would have been taken too: privacy DISABLE" \
	test "$(printed_value weakest privacyProtection)" = DISABLE
tb_check "and the audit says why" grep -q "SAs of other parameters" "$TB_WORK/weakest"
tb_on a ip xfrm state flush
tb_on b ip xfrm state flush

tb_step "two addresses of one host: the loopback route skips the SPD"
tb_on a ip link add d0 type dummy
tb_on a ip addr add 10.7.0.2/24 dev d0
tb_on a ip link set d0 up
spi_out=0x1$(tb_key 3) spi_in=0x2$(tb_key 3)
tb_on a ip xfrm state add src 10.7.0.2 dst 10.7.0.2 proto esp spi "$spi_out" mode transport \
	aead 'rfc4106(gcm(aes))' "0x$(tb_key 20)" 128
tb_on a ip xfrm state add src 10.7.0.2 dst 10.7.0.2 proto esp spi "$spi_in" mode transport \
	aead 'rfc4106(gcm(aes))' "0x$(tb_key 20)" 128
for dir in out in; do
	tb_on a ip xfrm policy add src 10.7.0.2 dst 10.7.0.2 dir $dir tmpl proto esp mode transport
done
tb_capture_start a lo loopback
demanding_connection loopback a a 10.7.0.2 5003
tb_capture_stop loopback
tb_check "privacy DISABLE" test "$(printed_value loopback-a privacyProtection)" = DISABLE
tb_check "the audit says the route skips the SPD" grep -q "out: the route by lo skips the SPD" \
	"$TB_WORK/loopback-a"
tb_check "no latch" tb_not grep -q "^latchState=" "$TB_WORK/loopback-a"
tb_check "the truth: the data went in clear on lo" tb_pcap_contains loopback hello
tb_on a ip xfrm policy flush
tb_on a ip xfrm state flush

tb_step "a watched connection that required ESP, closed: late answers go in ESP"
tb_sa_pair esp-gcm transport a "$A4" b "$B4"
# b has no socket policies: the SPD holds its side to ESP.
tb_policy b "$B4" "$A4" out esp transport required
tb_policy b "$A4" "$B4" in esp transport required
tb_on b timeout 20 socat TCP4-LISTEN:5004,bind="$B4",reuseaddr SYSTEM:'echo hi; sleep 1' &
TB_PIDS+=($!)
tb_wait_listening b tcp 5004
mkfifo "$TB_WORK/close"
BTNS_DEMAND=ENABLE,ENABLE,DISABLE,0 tb_on a "$ptoken" connect tcp "$B4" 5004 watch \
	<"$TB_WORK/close" >"$TB_WORK/closed" 2>&1 &
watcher=$!
exec 5>"$TB_WORK/close"
tb_wait_for "$TB_WORK/closed" '^latch='
exec 5>&- # a closes first, and ends in TIME_WAIT once b closes
wait "$watcher" || true
cat "$TB_WORK/closed"
tb_check "a's connection was latched" grep -q '^latch=LATCH_ESTABLISHED$' "$TB_WORK/closed"
tb_check "AES-128-GCM in the audit as a 128-bit key (its salt not counted)" \
	grep -q "rfc4106(gcm(aes)) 128-bit key 128-bit ICV" "$TB_WORK/closed"
tb_check "its watch saw it end" grep -q '^latch=LATCH_CLOSED$' "$TB_WORK/closed"
port=$(sed -n 's/^auditString=tcp 192\.0\.2\.1:\([0-9]*\) >.*/\1/p' "$TB_WORK/closed")
spd=$(tb_on a ip xfrm policy list dir out)
echo "$spd"
tb_check "the guard holds a's flow in the SPD" grep -q "sport $port dport 5004" <<<"$spd"
# b comes back to the closed connection's flow; a's TIME_WAIT answers.
tb_capture_start b eth0 late
echo late | tb_on b timeout 5 socat -u STDIN "TCP4:$A4:$port,sourceport=5004,reuseaddr" || true
sleep 1
tb_capture_stop late
echo "a's TCP segments in clear after the close: $(tb_pcap_count late tcp and src host "$A4")"
tb_check "a answered only in ESP" test "$(tb_pcap_count late tcp and src host "$A4")" -eq 0
tb_check "and it did answer" tb_positive "$(tb_pcap_count late esp and src host "$A4")"
