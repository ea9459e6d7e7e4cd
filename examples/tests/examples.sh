#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The examples over loopback, without IPsec (this host's kernel has no ESP;
# vm.examples runs them over ESP), against a real KDC (kdc.sh) and stock
# OpenSSL, in a network namespace of the test's own.  Without IPsec, what
# the API promises: a policy that demands the binding refuses, with the
# reason; one that does not gets an unbound context or plain TLS that
# still carries the line.
#   examples.sh EXAMPLES_BUILD_DIR MECH_CONF [PYTHON_EXAMPLE]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../mech_btns/tests/kdc.sh"
kdc_enter_netns "$0" "$@"
bin=$1 python_example=${3:-}
export GSS_MECH_CONFIG=$2
trap kdc_stop EXIT
kdc_start
out=$KDC_DIR
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# check NAME DESCRIPTION GREP-ARGS...: NAME's output (stdout and stderr)
# has a line that grep finds; absent NAME DESCRIPTION PATTERN: it has none.
check() {
	local f=$out/$1 d=$2
	shift 2
	if grep -q "$@" "$f"; then ok "$d"; else fail "$d"; fi
}
absent() { if grep -q "$3" "$out/$1"; then fail "$2"; else ok "$2"; fi; }
# exited NAME -eq|-ne DESCRIPTION: NAME's exit status is 0, or is not.
exited() {
	local rc
	rc=$(cat "$out/$1.rc")
	if test "$rc" "$2" 0; then ok "$3"; else fail "$3 (exit $rc)"; fi
}

# pair NAME PORT SERVER-COMMAND... -- CLIENT-COMMAND...: the server in the
# background, then the client; outputs in NAME.server, NAME.client, exit
# statuses in NAME.server.rc and NAME.client.rc.
pair() {
	local name=$1 port=$2 server=() pid rc
	shift 2
	while [ "$1" != -- ]; do server+=("$1"); shift; done
	shift
	timeout 30 "${server[@]}" >"$out/$name.server" 2>&1 &
	pid=$!
	for _ in $(seq 50); do
		ss -Hltn "sport = :$port" | grep -q . && break
		sleep 0.1
	done
	rc=0; timeout 30 "$@" >"$out/$name.client" 2>&1 || rc=$?
	echo "$rc" >"$out/$name.client.rc"
	rc=0; wait "$pid" || rc=$?
	echo "$rc" >"$out/$name.server.rc"
	echo "--- $name"
	sed 's/^/server: /' "$out/$name.server"
	sed 's/^/client: /' "$out/$name.client"
}

line="a line from the client"
gss() { pair "$1" "$2" "$bin/gss_echo_server" $3 "$2" -- \
	"$bin/gss_echo_client" $4 localhost "$2" host@localhost "$line"; }

gss gss-prefer 7001 "-p prefer" "-p prefer"
exited gss-prefer.client -eq "GSS, prefer: the client succeeds"
exited gss-prefer.server -eq "GSS, prefer: the server succeeds"
check gss-prefer.client "GSS, prefer: the echo is the line" -Fx "echo: $line"
check gss-prefer.server "GSS, prefer: the server unwrapped the line" -Fx "received: $line"
check gss-prefer.server "GSS, prefer: the server names the client" -Fx "client: user@TEST.REALM"
for side in client server; do
	check gss-prefer.$side "GSS, prefer: $side's context is not bound" -Fx "bound: no"
	check gss-prefer.$side "GSS, prefer: $side's message is krb5-wrapped" \
		-Fx "messages: krb5-wrapped"
done

not_ipsec="mech_btns: the socket is not protected by IPsec in both directions"
gss gss-require 7002 "" ""
exited gss-require.client -ne "GSS, require: the client fails"
exited gss-require.server -ne "GSS, require: the server fails"
check gss-require.client "GSS, require: the client says why (the minor status)" \
	-F "$not_ipsec"
check gss-require.client "GSS, require: ... and the major status" -F "Unspecified GSS failure"
absent gss-require.client "GSS, require: no echo" "^echo:"

gss gss-server-requires 7003 "-p require" "-p prefer"
exited gss-server-requires.server -ne \
	"GSS, the server requires: it refuses the unbound client"
check gss-server-requires.server "GSS, the server requires: it says why" -F "$not_ipsec"
absent gss-server-requires.server "GSS, the server requires: it unwrapped nothing" "^received:"
exited gss-server-requires.client -ne "GSS, the server requires: the client fails"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
	-addext subjectAltName=DNS:localhost -keyout "$out/key.pem" -out "$out/cert.pem" 2>/dev/null
tls() {
	pair "$1" "$2" "$bin/tls_bound_server" $3 -n localhost "$2" "$out/cert.pem" "$out/key.pem" \
		-- "$bin/tls_bound_client" $4 "$out/cert.pem" localhost "$2" "$line"
}

tls tls-require 7101 "" ""
exited tls-require.client -ne "TLS, require: the client refuses"
check tls-require.client "TLS, require: tls-bridge's refusal and reason are on the error queue" \
	-E ":tls-bridge:.*refused the handshake:.*no IPsec channel binding"
absent tls-require.client "TLS, require: no echo" "^echo:"
absent tls-require.server "TLS, require: the server received no line" "^received:"

tls tls-server-requires 7102 "-p require" "-p prefer"
exited tls-server-requires.server -ne \
	"TLS, the server requires: it refuses the unbound client"
check tls-server-requires.server "TLS, the server requires: the reason is on its error queue" \
	-E ":tls-bridge:.*refused the handshake:.*offered no IPsec channel binding"
absent tls-server-requires.server "TLS, the server requires: no line received" "^received:"
exited tls-server-requires.client -ne "TLS, the server requires: the client's handshake fails"

for mode in null hand-over; do
	name=tls-prefer-$mode
	port=7103
	[ $mode = null ] || port=7104
	tls "$name" $port "-p prefer -m $mode" "-p prefer -m $mode"
	exited $name.client -eq "TLS, prefer, $mode: the client succeeds"
	exited $name.server -eq "TLS, prefer, $mode: the server succeeds"
	check $name.client "TLS, prefer, $mode: the echo is the line" -Fx "echo: $line"
	check $name.server "TLS, prefer, $mode: the server's callback saw the SNI" \
		-Fx "sni: localhost"
	for side in client server; do
		check $name.$side "TLS, prefer, $mode: $side is not bound" -F "status: not bound ("
		check $name.$side "TLS, prefer, $mode: $side stays on TLS" -Fx "transport: tls"
	done
done
check tls-prefer-null.client "TLS, the NULL-suite mode: TLS 1.2, encrypted (not bridged)" \
	-E "^cipher: TLSv1.2 ECDHE-ECDSA-AES(128|256)-GCM"
check tls-prefer-hand-over.client "TLS, the hand-over mode: TLS 1.3" -E "^cipher: TLSv1.3 TLS_"

tls tls-disable 7105 "-p disable" "-p disable"
exited tls-disable.client -eq "TLS, disable: plain TLS works"
check tls-disable.client "TLS, disable: the echo is the line" -Fx "echo: $line"
check tls-disable.client "TLS, disable: tls-bridge says it is not enabled" \
	-F "status: not bound (tls-bridge is not enabled"

pair tls-wrong-name 7106 "$bin/tls_bound_server" -p prefer -n other.example 7106 "$out/cert.pem" \
	"$out/key.pem" -- "$bin/tls_bound_client" -p prefer "$out/cert.pem" localhost 7106 "$line"
exited tls-wrong-name.server -ne "TLS, a name not served: the server's own callback refuses it"
check tls-wrong-name.client "TLS, a name not served: the client gets unrecognized_name" \
	-F "unrecognized name"

# Stock s_client: an application that knows nothing of tls-bridge.
s_client() {
	pair "$1" "$2" "$bin/tls_bound_server" $3 "$2" "$out/cert.pem" "$out/key.pem" -- \
		sh -c "(echo '$line'; sleep 2) | openssl s_client -connect localhost:$2 \
			-servername localhost -CAfile '$out/cert.pem' -verify_return_error -quiet"
}
s_client s_client-prefer 7107 "-p prefer"
exited s_client-prefer.server -eq "s_client, the server prefers: plain TLS"
check s_client-prefer.client "s_client, the server prefers: the line is echoed" \
	-Fx "$line"
check s_client-prefer.server "s_client, the server prefers: not bound, since no offer came" \
	-F "status: not bound (the client offered no IPsec channel binding)"
s_client s_client-require 7108 "-p require"
exited s_client-require.server -ne "s_client, the server requires: refused"
check s_client-require.server \
	"s_client, the server requires: tls-bridge's reason is on its queue" \
	-E ":tls-bridge:.*refused the handshake:.*offered no IPsec channel binding"
absent s_client-require.client "s_client, the server requires: no echo" "^$line\$"

# refused NAME COMMAND...: COMMAND fails at once on its bad input, saying so.
refused() {
	local name=$1
	shift
	if timeout 5 "$@" >"$out/$name" 2>&1; then
		fail "$name: bad input is refused"
	else
		check "$name" "$name: bad input is refused, saying so" -F "not a port number: 7x"
	fi
}
refused gss_echo_server "$bin/gss_echo_server" 7x
refused tls_bound_server "$bin/tls_bound_server" 7x "$out/cert.pem" "$out/key.pem"

if [ -n "$python_example" ]; then
	py=(/usr/bin/python3 "$python_example")
	pair py-c 7201 "$bin/gss_echo_server" -p prefer 7201 -- \
		"${py[@]}" client localhost 7201 host@localhost "$line"
	exited py-c.client -eq "python, against the C server: succeeds"
	check py-c.client "python, against the C server: the echo is the line" -Fx "echo: $line"
	check py-c.client "python: unbound, krb5-wrapped" -Fx "messages: krb5-wrapped"
	pair py-py 7202 "${py[@]}" server 7202 -- \
		"${py[@]}" client localhost 7202 host@localhost "$line"
	exited py-py.server -eq "python, both ends: succeeds"
	check py-py.server "python, both ends: the server unwrapped the line" -Fx "received: $line"
	pair py-bind 7203 "${py[@]}" --bind server 7203 -- \
		"${py[@]}" --bind client localhost 7203 host@localhost "$line"
	exited py-bind.client -ne "python, --bind without IPsec: refused"
	check py-bind.client "python, --bind without IPsec: says why" -F "$not_ipsec"
fi

echo "$failures failed"
[ "$failures" -eq 0 ]
