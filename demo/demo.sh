#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The demonstration (scripts/run-demo runs it where the kernel has ESP:
# the test VM, or this machine; ctest runs it too, as vm.demo).  Two
# hosts, a and b, get an IPsec SA from libreswan's pluto with NULL
# authentication (RFC 7619: no keys, no certificates, no PKI); a Kerberos
# service over mech_btns and a TLS service over tls-bridge bind to it and
# skip their own encryption; the savings are measured in this same guest;
# then a man in the middle who answers each end's IKE as the other relays
# between his two SAs, and both bindings catch him.
#
# BTNS_DEMO_KM=charon runs it with strongSwan's charon instead, which has
# no NULL authentication: raw public keys pinned by configuration, and a
# man in the middle whose SAs are keyed by hand.
#
# What it finds goes to $BTNS_RESULTS/demo.results as SECTION.KEY=VALUE
# lines, which demo/report.sh turns into the report (text and JSON); its
# steps to $BTNS_RESULTS/demo.progress.  Each claim the report makes is
# checked here first: a claim that does not hold fails the demonstration.
# timeout: 900
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/charon.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/pluto.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/gss.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/tls.sh"

out=${BTNS_RESULTS:-$TB_WORK}/demo.results
: >"$out"
step() {
	echo "$*" >>"${BTNS_RESULTS:-$TB_WORK}/demo.progress"
	tb_step "$*"
}
# result KEY VALUE: one line of the report's data.
result() {
	printf '%s=%s\n' "$1" "$2" >>"$out"
}
# ipsec_field HOST PORT NAME: what a service's show_protection printed.
ipsec_field() {
	tb_field "$1" "$2" "ipsec.$3"
}
export BTNS_SHOW_PROTECTION=1

km=${BTNS_DEMO_KM:-pluto}
case $km in
pluto | charon) ;;
*) tb_fail "BTNS_DEMO_KM is '$km'; it may be pluto (the default) or charon" ;;
esac

# The SA pair between a and b, from each key manager.
charon_sa() {
	charon_pair rawkey "esp_proposals = aes256gcm16
				start_action = trap"
	swanctl --initiate --child host-host --timeout 20 --uri "unix://$TB_WORK/charon-a/charon.vici" \
		>"$TB_WORK/initiate.out" 2>&1 || { cat "$TB_WORK/initiate.out"; tb_fail "charon negotiated no SA"; }
	charon_wait_children "$TB_WORK/charon-a" 1
	result ipsec.daemon "strongSwan's charon $(dpkg-query -W -f='${Version}' strongswan-charon) (Debian), IKEv2, on each host"
	result ipsec.authentication "raw public keys, each host's given to the other's charon: charon has no NULL authentication (RFC 7619), so the keys are pinned by configuration, and nothing else vouches for them; Kerberos and TLS authenticate the peers"
}
pluto_sa() {
	pluto_pair null
	pluto_up a
	tb_check "pluto: the peer authenticated by nothing (authby=null, ID_NULL)" \
		grep -q "authenticated peer using authby=null and ID_NULL" "$TB_WORK/pluto-a/pluto.log"
	result ipsec.daemon "libreswan's pluto $(pluto_version) (Debian's package), IKEv2, on each host"
	result ipsec.authentication "nothing: NULL authentication (RFC 7619), ID_NULL on both ends; no keys, no certificates, no PKI; Kerberos and TLS authenticate the peers, and the channel bindings tie them to the SA"
}

step "two hosts, and an IPsec SA from $([ "$km" = pluto ] && echo "libreswan's pluto, with NULL authentication" || echo "strongSwan's charon")"
tb_two_hosts
result ipsec.hosts "a $A4 and b $B4, network namespaces joined by a veth link"
"${km}_sa"
sa=$(tb_on a ip xfrm state list src "$A4" dst "$B4")
result ipsec.sa "ESP $(sed -n 's/.*mode \([a-z]*\).*/\1/p' <<<"$sa" | head -1) mode, $(sed -n 's/.*aead \([^ ]*\) .* \([0-9]*\)$/\1 ICV \2 bits/p' <<<"$sa" | head -1)"
tb_check "an ESP SA from a to b" grep -q "proto esp" <<<"$sa"

step "Kerberos over mech_btns (a KDC on b)"
gss_kdc_on b "$B4"
tb_capture_start b eth0 wire
gss_context 6001
for side in a b; do
	tb_check "kerberos, $side: established" test "$(tb_field $side 6001 major)" = 0
	tb_check "kerberos, $side: bound to the channel" test "$(tb_field $side 6001 bound)" = yes
	tb_check "kerberos, $side: gss_wrap skipped krb5's encryption" \
		test "$(tb_field $side 6001 wrap)" = bridged
	tb_check "kerberos, $side: latched" test "$(ipsec_field $side 6001 latch)" = LATCH_ESTABLISHED
	result "kerberos.$side.protection" "privacy $(ipsec_field $side 6001 privacy), integrity $(ipsec_field $side 6001 integrity), latch $(ipsec_field $side 6001 latch)"
	result "kerberos.$side.channel_binding" "$(ipsec_field $side 6001 channel_binding)"
	result "kerberos.$side.wrap" "$(tb_field $side 6001 wrap)"
done
tb_check "kerberos: the same channel binding on both ends" \
	test -n "$(ipsec_field a 6001 channel_binding)" -a \
	"$(ipsec_field a 6001 channel_binding)" = "$(ipsec_field b 6001 channel_binding)"
if [ "$km" = pluto ]; then
	for side in a b; do
		tb_check "kerberos, $side: the IPsec peer is unauthenticated (authMeth_BTNS)" \
			test "$(ipsec_field $side 6001 peer_method)" = authMeth_BTNS
	done
fi
result kerberos.a.peer_method "$(ipsec_field a 6001 peer_method)"
result kerberos.service "host@server, the user's ticket from the KDC on b"
result kerberos.a.pToken "$(ipsec_field a 6001 protection)"
result kerberos.a.peer "$(ipsec_field a 6001 peer)"
# An end-point binding needs both ends' public keys: none under NULL authentication.
[ -z "$(ipsec_field a 6001 end_point_binding)" ] ||
	result kerberos.a.end_point_binding "$(ipsec_field a 6001 end_point_binding)"
result kerberos.messages "$(tb_field b 6001 received) / $(tb_field a 6001 received)"

step "TLS over tls-bridge"
tls_certificate
tls_connection 6101 require require version=1.3 bridging=both "message=demo message over TLS"
for side in a b; do
	tb_check "tls, $side: bridged" test "$(tb_field $side 6101 status)" = bridged
	tb_check "tls, $side: the socket was handed over after the handshake" \
		test "$(tb_field $side 6101 transport)" = socket
	result "tls.$side.protection" "privacy $(ipsec_field $side 6101 privacy), integrity $(ipsec_field $side 6101 integrity), latch $(ipsec_field $side 6101 latch)"
	result "tls.$side.channel_binding" "$(ipsec_field $side 6101 channel_binding)"
	result "tls.$side.status" "$(tb_field $side 6101 status) ($(tb_field $side 6101 version), data over the $(tb_field $side 6101 transport))"
done
tb_check "tls: the same channel binding on both ends" \
	test -n "$(ipsec_field a 6101 channel_binding)" -a \
	"$(ipsec_field a 6101 channel_binding)" = "$(ipsec_field b 6101 channel_binding)"
tb_check "tls: b received a's message" test "$(tb_field b 6101 received)" = "demo message over TLS"
result tls.a.peer "$(ipsec_field a 6101 peer)"
result tls.messages "$(tb_field b 6101 received) / $(tb_field a 6101 received)"
tb_capture_stop wire
tb_check "wire: ESP" tb_positive "$(tb_pcap_count wire esp)"
tb_check "wire: no TCP outside ESP" test "$(tb_pcap_count wire tcp)" -eq 0
for marker in "message from the initiator" "demo message over TLS"; do
	tb_check "wire: \"$marker\" not in clear" tb_not tb_pcap_contains wire "$marker"
done
result wire.esp_packets "$(tb_pcap_count wire esp)"
result wire.tcp_outside_esp "$(tb_pcap_count wire tcp)"
result wire.messages_in_clear 0

step "measuring the savings (an ESP SA pair in this guest)"
# Each benchmark makes its own ESP SA pair, between two addresses in a
# network namespace of its own, so that both ends of a transfer are one
# process and its CPU time is counted whole.
# (Without the demonstration's Kerberos settings: the benchmark has a KDC
# of its own.)
bench() {
	env -u KDC_DIR -u KDC_ADDR -u KRB5_CONFIG -u KRB5CCNAME -u KRB5_KTNAME -u KRB5RCACHEDIR \
		BTNS_BENCH_MIB="${BTNS_DEMO_MIB:-16}" bash "$BTNS_SOURCE_DIR/bench/$1.sh"
}
bench tls_transfer >"$TB_WORK/tls-bench" 2>&1 ||
	{ cat "$TB_WORK/tls-bench"; tb_fail "the TLS transfer benchmark"; }
bench gss_wrap >"$TB_WORK/gss-bench" 2>&1 ||
	{ cat "$TB_WORK/gss-bench"; tb_fail "the gss_wrap benchmark"; }
grep -v '^bench_tls_transfer: round' "$TB_WORK/tls-bench"
cat "$TB_WORK/gss-bench"
# bench_row FILE LABEL: the numbers of the table row that starts with LABEL.
bench_row() {
	grep "^$2 " "$1" | head -1 | sed "s/^$2 *//"
}
tls13=$(bench_row "$TB_WORK/tls-bench" "TLS 1.3 AES-256-GCM")
handover=$(bench_row "$TB_WORK/tls-bench" "tls-bridge TLS 1.3 hand-over")
gss_1m=$(bench_row "$TB_WORK/gss-bench" "1048576 B")
tb_check "the TLS benchmark measured both" test -n "$tls13" -a -n "$handover"
tb_check "the gss_wrap benchmark measured 1 MiB messages" test -n "$gss_1m"
# Columns: process CPU s/GiB, ratio, MB/s, machine CPU s/GiB, ratio.
read -r tls_cpu _ tls_mbs tls_machine _ <<<"$tls13"
read -r ho_cpu _ ho_mbs ho_machine _ <<<"$handover"
read -r gss_bridged gss_krb5 _ gss_ratio _ <<<"$gss_1m"
# number A [B]: A (or A / B) with two decimals; ratio A B: the same, "x".
number() { awk -v a="$1" -v b="${2:-1}" 'BEGIN { printf "%.2f", a / b }'; }
ratio() { echo "$(number "$1" "$2")x"; }
result savings.tls_double "TLS 1.3 AES-256-GCM inside ESP (encrypted twice): $tls_machine CPU s/GiB for the whole guest, $tls_mbs MB/s"
result savings.tls_bridged "tls-bridge's hand-over inside ESP (encrypted once): $ho_machine CPU s/GiB, $ho_mbs MB/s"
result savings.tls_cpu "encrypting twice costs $(ratio "$tls_machine" "$ho_machine") the CPU of the whole guest ($(ratio "$tls_cpu" "$ho_cpu") counting only the two ends' processes, without the kernel's ESP work)"
result savings.tls_throughput "bridged, $(ratio "$ho_mbs" "$tls_mbs") the throughput"
result savings.gss "gss_wrap + gss_unwrap of 1 MiB messages: $gss_bridged MB/s bridged, $gss_krb5 MB/s with krb5's encryption ($gss_ratio)"
# The same figures as numbers, for programs reading report.json.
result figures.tls_double_mb_per_s "$(number "$tls_mbs")"
result figures.tls_bridged_mb_per_s "$(number "$ho_mbs")"
result figures.tls_throughput_ratio "$(number "$ho_mbs" "$tls_mbs")"
result figures.tls_guest_cpu_ratio "$(number "$tls_machine" "$ho_machine")"
result figures.tls_process_cpu_ratio "$(number "$tls_cpu" "$ho_cpu")"
result figures.gss_bridged_mb_per_s "$(number "$gss_bridged")"
result figures.gss_krb5_mb_per_s "$(number "$gss_krb5")"
result figures.gss_ratio "$(number "$gss_bridged" "$gss_krb5")"
result figures.mib_per_transfer "${BTNS_DEMO_MIB:-16}"
result savings.where "in this guest (qemu without acceleration: compare the ratios, not the absolute figures), ${BTNS_DEMO_MIB:-16} MiB per transfer, medians of 3 rounds; gss_wrap medians of 41 rounds"

# The man in the middle, for each key manager: charon's is keyed by hand
# (charon has no NULL authentication to fool); pluto's speaks IKE.
charon_mitm() {
	tb_line
	tb_tunnel esp-gcm a "$A4" m "$M4A" "$A4/32" "$B4/32"
	tb_tunnel esp-gcm m "$M4B" b "$B4" "$A4/32" "$B4/32"
	result mitm.setup "m between a and b, with an ESP SA pair (tunnel mode, AES-GCM) to each, keyed by hand: it decrypts, could read and change everything, and encrypts again; as a key manager without authentication (BTNS) would let it"
}
pluto_mitm() {
	tb_two_faces
	pluto_warm_modules
	pluto_host a "$A4" "$B4" null
	pluto_host ma "$B4" "$A4" null
	pluto_host mb "$A4" "$B4" null
	pluto_host b "$B4" "$A4" null
	pluto_up a
	pluto_up mb
	for h in a b; do
		tb_check "mitm: $h's pluto took m for its peer (NULL authentication, ID_NULL)" \
			grep -q "authenticated peer using authby=null and ID_NULL" "$TB_WORK/pluto-$h/pluto.log"
	done
	tb_two_faces_relay udp 88
	tb_two_faces_relay tcp 88
	tb_two_faces_relay tcp 6002
	tb_two_faces_relay tcp 6102
	result mitm.setup "m answers a's IKE as b and b's as a: two faces (network namespaces), one holding b's address on the link to a, the other a's address on the link to b, each with a pluto of its own doing NULL authentication; a and b each negotiated an SA pair with m, by two IKE SAs with independent Diffie-Hellman secrets, and m relays the TCP and UDP bytes between them (socat): it reads everything and could change it"
	result mitm.ike "a's pluto and b's each logged 'authenticated peer using authby=null and ID_NULL': NULL authentication cannot tell m from the real peer"
}

step "a man in the middle between the hosts"
# The hosts go; the man in the middle's layout replaces them.
gss_kdc_off
tb_start_over
TB_WORK=$TB_WORK/mitm
mkdir -p "$TB_WORK"
"${km}_mitm"
gss_kdc_on b "$B4"
tb_capture_start a eth0 mitm_a
tb_capture_start b eth0 mitm_b
gss_context 6002
tb_check "mitm, kerberos: b refused the context (GSS_S_BAD_BINDINGS)" \
	test "$(tb_field b 6002 major)" = "$(printf '%u' 0x40000)"
tb_check "mitm, kerberos: no message was wrapped" \
	tb_not grep -q "^wrap=" "$TB_WORK/a-6002" "$TB_WORK/b-6002"
tb_check "mitm: each end is encrypted by ESP" \
	test "$(ipsec_field a 6002 privacy)" != DISABLE -a "$(ipsec_field b 6002 privacy)" != DISABLE
if [ "$km" = pluto ]; then
	for side in a b; do
		tb_check "mitm: $side's IPsec peer is unauthenticated (authMeth_BTNS)" \
			test "$(ipsec_field $side 6002 peer_method)" = authMeth_BTNS
	done
	result mitm.a.peer "$(ipsec_field a 6002 peer)"
fi
tb_check "mitm: the two ends' channel bindings differ" \
	test "$(ipsec_field a 6002 channel_binding)" != "$(ipsec_field b 6002 channel_binding)"
result mitm.a.channel_binding "$(ipsec_field a 6002 channel_binding)"
result mitm.b.channel_binding "$(ipsec_field b 6002 channel_binding)"
result mitm.kerberos "refused by b: $(tb_field b 6002 minor)"
tls_certificate
tls_connection 6102 require require version=1.3 bridging=both "message=demo message through m"
tb_capture_stop mitm_a
tb_capture_stop mitm_b
gss_kdc_off
tb_check "mitm, tls: b refused the handshake" test "$(tb_field b 6102 handshake)" = failed
tb_check "mitm, tls: b says the bindings differ" \
	grep -q "^why=the IPsec channel bindings differ" "$TB_WORK/b-6102"
tb_check "mitm, tls: no message passed" tb_not grep -q "^received=" "$TB_WORK/a-6102" "$TB_WORK/b-6102"
result mitm.tls "refused by b: $(tb_field b 6102 why)"
# What each end sent (a capture on a tunnel's end also sees the packets
# that the kernel decrypted, as if they came in again).
sent_in_clear() {
	tb_pcap_count "$1" "tcp and src host $2"
}
tb_check "mitm wire: ESP on both links" \
	test "$(tb_pcap_count mitm_a esp)" -gt 0 -a "$(tb_pcap_count mitm_b esp)" -gt 0
tb_check "mitm wire: a and b sent no TCP outside ESP" \
	test "$(sent_in_clear mitm_a "$A4")" -eq 0 -a "$(sent_in_clear mitm_b "$B4")" -eq 0
tb_check "mitm wire: the message nowhere in clear" \
	tb_not tb_pcap_contains mitm_a "demo message through m"
result mitm.wire "ESP on both links ($(tb_pcap_count mitm_a esp) packets between a and m, $(tb_pcap_count mitm_b esp) between m and b); neither a nor b sent TCP outside ESP; the message never left a"

if [ "$km" = pluto ]; then
	result summary.protected "Kerberos (mech_btns) and TLS (tls-bridge) connections between a and b, by one ESP SA pair that pluto negotiated with NULL authentication: no keys, no certificates, no PKI for IPsec"
	result summary.authenticated "the SA: by nothing (NULL authentication); the peers: by Kerberos and by TLS, whose channel bindings tie each to the SA"
else
	result summary.protected "Kerberos (mech_btns) and TLS (tls-bridge) connections between a and b, by one ESP SA pair that charon negotiated"
fi
result summary.skipped "krb5's encryption in gss_wrap, and TLS's record encryption (the socket handed over after the handshake): the SA already encrypts"
if [ "$km" = pluto ]; then
	result summary.caught "a man in the middle who answered each end's IKE as the other (NULL authentication let him): the channel bindings differ, so Kerberos (GSS_S_BAD_BINDINGS) and TLS refuse, and nothing is sent"
else
	result summary.caught "a man in the middle with an SA pair to each end: both channel bindings differ, Kerberos and TLS refuse, nothing is sent"
fi
step "done"
