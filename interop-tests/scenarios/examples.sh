#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The examples (examples/) over a real ESP SA (AES-GCM-128, transport mode,
# required), as an application author would run them: gss_echo_client and
# gss_echo_server bound to the channel and bridged (with the policy
# require, and with prefer, which binds where IPsec is), tls_bound_client and
# tls_bound_server bridged in both ways (the TLS 1.2 NULL suite and the
# TLS 1.3 hand-over), and the python3-gssapi snippet bound; each line
# echoed, none of them in clear on the wire.
# timeout: 120
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/gss.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/tls.sh"

ex=$BTNS_BUILD_DIR/examples
py=(/usr/bin/python3 "$BTNS_SOURCE_DIR/examples/gss_btns.py")

# example PORT SERVER-COMMAND... -- CLIENT-COMMAND...: the server on b,
# the client on a (to $B4 PORT); their output in $TB_WORK/b-PORT, a-PORT.
example() {
	local port=$1 server=()
	shift
	while [ "$1" != -- ]; do server+=("$1"); shift; done
	shift
	tb_on b "${server[@]}" >"$TB_WORK/b-$port" 2>&1 &
	TB_PIDS+=($!)
	tb_wait_listening b tcp "$port"
	tb_on a timeout 30 "$@" >"$TB_WORK/a-$port" 2>&1 || true
	wait "${TB_PIDS[-1]}" || true
	echo "a: $(tr '\n' ' ' <"$TB_WORK/a-$port")"
	echo "b: $(tr '\n' ' ' <"$TB_WORK/b-$port")"
}

# says HOST PORT LINE: HOST's output on PORT has exactly LINE.
says() { grep -q -x -F "$3" "$TB_WORK/$1-$2"; }

tb_two_hosts
tb_ipsec esp-gcm transport required a "$A4" b "$B4"
gss_kdc_on b "$B4"
tls_certificate
tb_capture_start b eth0 wire
example 6201 "$ex/gss_echo_server" 6201 -- \
	"$ex/gss_echo_client" "$B4" 6201 host@server "gss marker 6201"
example 6205 "$ex/gss_echo_server" -p prefer 6205 -- \
	"$ex/gss_echo_client" -p prefer "$B4" 6205 host@server "gss prefer marker 6205"
example 6202 "$ex/tls_bound_server" -m null -n server 6202 "$TB_WORK/tls-cert.pem" \
	"$TB_WORK/tls-key.pem" -- "$ex/tls_bound_client" -m null -n server "$TB_WORK/tls-cert.pem" \
	"$B4" 6202 "null suite marker 6202"
example 6203 "$ex/tls_bound_server" -m hand-over -n server 6203 "$TB_WORK/tls-cert.pem" \
	"$TB_WORK/tls-key.pem" -- "$ex/tls_bound_client" -m hand-over -n server \
	"$TB_WORK/tls-cert.pem" "$B4" 6203 "hand-over marker 6203"
example 6204 "${py[@]}" --bind server 6204 -- \
	"${py[@]}" --bind client "$B4" 6204 host@server "python marker 6204"
tb_capture_stop wire
gss_kdc_off

for side in a b; do
	tb_check "GSS, $side: bound" says $side 6201 "bound: yes"
	tb_check "GSS, $side: bridged" says $side 6201 "messages: bridged"
	tb_check "GSS, prefer, $side: IPsec is there, so bound" says $side 6205 "bound: yes"
	tb_check "GSS, prefer, $side: bridged" says $side 6205 "messages: bridged"
	tb_check "TLS NULL suite, $side: bridged" grep -q "^status: bridged" "$TB_WORK/$side-6202"
	tb_check "TLS NULL suite, $side: TLS 1.2 with the NULL suite" \
		says $side 6202 "cipher: TLSv1.2 ECDHE-ECDSA-NULL-SHA"
	tb_check "TLS NULL suite, $side: the data goes through TLS" \
		says $side 6202 "transport: tls"
	tb_check "TLS hand-over, $side: bridged" grep -q "^status: bridged" "$TB_WORK/$side-6203"
	tb_check "TLS hand-over, $side: the socket was handed over" \
		says $side 6203 "transport: socket"
	tb_check "python, $side: bound" says $side 6204 "bound: yes"
	tb_check "python, $side: bridged" says $side 6204 "messages: bridged"
done
tb_check "GSS: the server names the client" says b 6201 "client: user@TEST.REALM"
tb_check "GSS: the line is echoed" says a 6201 "echo: gss marker 6201"
tb_check "GSS, prefer: the line is echoed" says a 6205 "echo: gss prefer marker 6205"
tb_check "TLS NULL suite: the server's callback saw the SNI" says b 6202 "sni: server"
tb_check "TLS NULL suite: the line is echoed" says a 6202 "echo: null suite marker 6202"
tb_check "TLS hand-over: the line is echoed" says a 6203 "echo: hand-over marker 6203"
tb_check "python: the line is echoed" says a 6204 "echo: python marker 6204"
tb_check "ESP on the wire" tb_positive "$(tb_pcap_count wire esp)"
tb_check "no TCP outside ESP" test "$(tb_pcap_count wire tcp)" -eq 0
for marker in "gss marker" "gss prefer marker" "null suite marker" "hand-over marker" \
	"python marker"; do
	tb_check "\"$marker\" not in clear on the wire" tb_not tb_pcap_contains wire "$marker"
done
