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

# tls_connection PORT CLIENT_POLICY SERVER_POLICY: the server on b and the
# client on a; their output in $TB_WORK/b-PORT and a-PORT.
tls_connection() {
	on b "$tls" server "$1" "$3" "$TB_WORK/tls-cert.pem" "$TB_WORK/tls-key.pem" \
		>"$TB_WORK/b-$1" 2>&1 &
	TB_PIDS+=($!)
	tb_wait_listening b tcp "$1"
	on a "$tls" client "$B4" "$1" "$2" >"$TB_WORK/a-$1" 2>&1 || true
	wait "${TB_PIDS[-1]}" || true
	echo "a: $(tr '\n' ' ' <"$TB_WORK/a-$1")"
	echo "b: $(tr '\n' ' ' <"$TB_WORK/b-$1")"
}

field() {
	sed -n "s/^$3=//p" "$TB_WORK/$1-$2" | head -1
}
