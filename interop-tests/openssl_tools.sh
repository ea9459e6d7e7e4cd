#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Stock openssl s_client and s_server against tls-bridge (btns_tls), on TLS
# 1.2 and 1.3, on loopback in a network namespace of the test's own.  The
# stock tools know nothing of the extension, so a connection is ordinary
# TLS under "prefer", which says why it is not bound, and fails its
# handshake under "require", with tls-bridge's reason on OpenSSL's error
# queue (ERR_print_errors_fp).  No IPsec here: btns_tls gets its binding as
# data.  (s_server's -serverinfo answers only an empty ClientHello
# extension, and tls-bridge's offer carries the binding, so a stock server
# cannot answer it; and so neither stock tool can bridge.)  A stock client
# that offers only the NULL suites is refused.
#   openssl_tools.sh BTNS_TLS
set -euo pipefail
if [ -z "${BTNS_IN_NETNS:-}" ]; then
	opts=(--net)
	[ "$(id -u)" -eq 0 ] || opts+=(--map-root-user)
	exec env BTNS_IN_NETNS=1 unshare "${opts[@]}" bash "$0" "$@"
fi
ip link set lo up
program=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
binding=ipsec-sa-unique-v1:0123456789abcdef0123456789abcdef
status=0
check() { # check WHAT COMMAND...
	if "${@:2}"; then echo "ok: $1"; else echo "FAIL: $1"; status=1; fi
}
# printed_value FILE NAME: the first value the program printed as NAME=VALUE
# into $work/FILE.
printed_value() { sed -n "s/^$2=//p" "$work/$1" | head -1; }
listening() { # listening PORT: waits until something listens on PORT
	for _ in $(seq 100); do
		ss -Hltn "sport = :$1" | grep -q . && return 0
		sleep 0.05
	done
	return 1
}

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
	-subj /CN=server -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

port=6200
for version in 1.2 1.3; do
	flag=-tls${version/./_}
	# Stock client, our server.
	for policy in prefer require; do
		port=$((port + 1))
		timeout 20 "$program" server $port $policy "$work/cert.pem" "$work/key.pem" "binding=$binding" \
			>"$work/server" 2>&1 &
		listening $port
		(echo "message from the client"; sleep 1) |
			timeout 20 openssl s_client -connect 127.0.0.1:$port $flag -quiet -ign_eof \
				>"$work/s_client" 2>&1 || true
		wait $! || true
		if [ $policy = prefer ]; then
			check "TLS $version, s_client to a server that prefers: ordinary TLS" \
				test "$(printed_value server handshake)" = ok
			check "TLS $version, the server says why it is not bound" \
				grep -q "^why=the client offered no IPsec channel binding" "$work/server"
			check "TLS $version, the messages pass" \
				grep -q "^reply from the server" "$work/s_client"
		else
			check "TLS $version, s_client to a server that requires: refused" \
				test "$(printed_value server handshake)" = failed
			check "TLS $version, s_client got a handshake_failure alert" \
				grep -q "handshake failure" "$work/s_client"
			check "TLS $version, the server's error queue names tls-bridge and why" \
				grep -q ":tls-bridge:.*:the client offered no IPsec channel binding" \
				"$work/server"
		fi
	done
	# Our client, stock server.
	for policy in prefer require; do
		port=$((port + 1))
		(sleep 2; echo "reply from the server") |
			timeout 20 openssl s_server -accept $port -cert "$work/cert.pem" \
				-key "$work/key.pem" $flag -naccept 1 -quiet >"$work/s_server" 2>&1 &
		listening $port
		timeout 20 "$program" client 127.0.0.1 $port $policy "binding=$binding" >"$work/client" 2>&1 || true
		wait || true
		if [ $policy = prefer ]; then
			check "TLS $version, a client that prefers, to s_server: ordinary TLS" \
				test "$(printed_value client handshake)" = ok
			check "TLS $version, the client says why it is not bound" \
				grep -q "^why=the server did not answer the IPsec channel binding" "$work/client"
			check "TLS $version, the messages pass" \
				test "$(printed_value client received)" = "reply from the server"
			check "TLS $version, s_server got the client's message" \
				grep -q "^message from the client" "$work/s_server"
		else
			check "TLS $version, a client that requires, to s_server: refused" \
				test "$(printed_value client handshake)" = failed
			check "TLS $version, the client's error queue names tls-bridge and why" \
				grep -q ":tls-bridge:.*:the server did not answer the IPsec channel" \
				"$work/client"
		fi
	done
done

# A stock client that offers only the NULL suites (TLS 1.2, at security
# level 0): a stock server takes them; ours, whose own list has them too
# (at level 0), does not, on a connection whose binding it did not verify.
null_client() { # null_client PORT OUTPUT
	(echo "message from the client"; sleep 1) |
		timeout 20 openssl s_client -connect 127.0.0.1:$1 -tls1_2 \
			-cipher 'ECDHE-ECDSA-NULL-SHA:ECDHE-RSA-NULL-SHA:@SECLEVEL=0' -quiet -ign_eof \
			>"$work/$2" 2>&1 || true
}
port=$((port + 1))
(sleep 2; echo "reply from the server") |
	timeout 20 openssl s_server -accept $port -cert "$work/cert.pem" -key "$work/key.pem" \
		-cipher 'ECDHE-ECDSA-NULL-SHA:@SECLEVEL=0' -naccept 1 -quiet >"$work/s_server" 2>&1 &
listening $port
null_client $port s_client
wait || true
check "TLS 1.2, s_client and s_server agree on a NULL suite" \
	grep -q "^reply from the server" "$work/s_client"
port=$((port + 1))
timeout 20 "$program" server $port prefer "$work/cert.pem" "$work/key.pem" "binding=$binding" \
	"ciphers=ECDHE-ECDSA-NULL-SHA:ECDHE-ECDSA-AES128-GCM-SHA256:@SECLEVEL=0" \
	>"$work/server" 2>&1 &
listening $port
null_client $port s_client
wait $! || true
check "TLS 1.2, our server takes no NULL suite from an unverified client" \
	test "$(printed_value server handshake)" = failed
check "TLS 1.2, s_client sees no shared cipher" grep -q "handshake failure" "$work/s_client"
exit $status
