#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Helpers of the tls-bridge scenarios: a certificate for b, and one TLS
# connection from a (client) to b (server) through the btns_tls program,
# each end's IPsec channel taken from its socket.  Sourced after
# testbed.sh.

tls=$(tb_program btns_tls)

# tls_certificate: b's key and self-signed certificate in $TB_WORK.
tls_certificate() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
		-subj /CN=server -keyout "$TB_WORK/tls-key.pem" -out "$TB_WORK/tls-cert.pem" \
		2>/dev/null || tb_fail "no certificate"
}

# tls_connection PORT CLIENT_POLICY SERVER_POLICY [OPTION...]: the server
# on b and the client on a, both with btns_tls's OPTIONs; their output in
# $TB_WORK/b-PORT and a-PORT.
tls_connection() {
	tb_on b "$tls" server "$1" "$3" "$TB_WORK/tls-cert.pem" "$TB_WORK/tls-key.pem" "${@:4}" \
		>"$TB_WORK/b-$1" 2>&1 &
	TB_PIDS+=($!)
	tb_wait_listening b tcp "$1"
	tb_on a "$tls" client "$B4" "$1" "$2" "${@:4}" >"$TB_WORK/a-$1" 2>&1 || true
	wait "${TB_PIDS[-1]}" || true
	echo "a: $(tr '\n' ' ' <"$TB_WORK/a-$1")"
	echo "b: $(tr '\n' ' ' <"$TB_WORK/b-$1")"
}

# tls_inside CAPTURE SRC DST SPI NAME: what the ESP SA SPI from SRC to DST
# carried in capture CAPTURE, decrypted with its key (read from a's SAD)
# by esp_decrypt, apart from the kernel: the TCP payloads in
# $TB_WORK/NAME, the counts in $TB_WORK/NAME.count.
tls_inside() {
	local key
	key=$(tb_on a ip xfrm state get src "$2" dst "$3" proto esp spi "$4" |
		sed -n 's/.*aead rfc4106(gcm(aes)) \(0x[0-9a-f]*\) .*/\1/p')
	[ -n "$key" ] || tb_fail "no rfc4106 key for SPI $4"
	"$(tb_program esp_decrypt)" "$TB_WORK/$1.pcap" "$4" "$key" >"$TB_WORK/$5" \
		2>"$TB_WORK/$5.count" || tb_fail "esp_decrypt: $(tr '\n' ' ' <"$TB_WORK/$5.count")"
	echo "$5: $(tr '\n' ' ' <"$TB_WORK/$5.count")$(wc -c <"$TB_WORK/$5") octets of TCP payload"
}

# tls_break_latch PORT CLIENT SERVER AGAIN: a newer SA pair of other
# parameters under the NULL-cipher connection on PORT (client and server
# pids CLIENT and SERVER, which write again once file AGAIN exists), and
# the checks that the client's next write was refused and never arrived.
tls_break_latch() {
	tb_break_latch "$@"
	tb_check "a's second write was refused" test "$(tb_field a "$1" again)" = refused
	tb_check "a says the latch broke" grep -q "^why_again=the connection's latch broke" "$TB_WORK/a-$1"
	tb_check "a is no longer bound" test "$(tb_field a "$1" status_again)" = not-bound
	tb_check "b never received the second message" test "$(tb_field b "$1" again)" = closed
}
