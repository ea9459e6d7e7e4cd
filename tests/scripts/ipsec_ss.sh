#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# ipsec-ss lists the sockets of a network namespace of the test's own: both
# ends of a TCP connection and a connected UDP socket, each with its uid
# and its protection as the API sees it (none here: no SA), in text and in
# JSON; and nothing else (no listener, no unconnected socket).  Without
# CAP_NET_ADMIN it says so once, and lists nothing.
#   ipsec_ss.sh IPSEC_SS
set -euo pipefail
if [ -z "${BTNS_IN_NETNS:-}" ]; then
	exec env BTNS_IN_NETNS=1 unshare --net bash "$0" "$@"
fi
ip link set lo up
tool=$1
status=0
check() { # check WHAT COMMAND...
	if "${@:2}"; then echo "ok: $1"; else echo "FAIL: $1"; status=1; fi
}
socat TCP-LISTEN:7001,bind=127.0.0.1 SYSTEM:'sleep 20' &
server=$!
for _ in $(seq 100); do ss -Hltn 'sport = :7001' | grep -q . && break; sleep 0.05; done
socat SYSTEM:'sleep 20' TCP:127.0.0.1:7001,bind=127.0.0.1:7002 &
client=$!
socat UDP:127.0.0.1:7004,bind=127.0.0.1:7003 SYSTEM:'sleep 20' &
udp=$!
socat UDP-RECVFROM:7005,bind=127.0.0.1 SYSTEM:'sleep 20' & # not connected
unconnected=$!
trap 'kill $server $client $udp $unconnected 2>/dev/null || true' EXIT
for _ in $(seq 100); do
	[ "$(ss -Htn state established | wc -l)" -ge 2 ] && ss -Hun | grep -q 7003 && break
	sleep 0.05
done
text=$("$tool")
echo "$text"
json=$("$tool" --json)
echo "$json"
check "the server's end of the connection" \
	grep -q "^proto=tcp local=127.0.0.1:7001 peer=127.0.0.1:7002 uid=$(id -u) " <<<"$text"
check "the client's end" grep -q "^proto=tcp local=127.0.0.1:7002 peer=127.0.0.1:7001 " <<<"$text"
check "the connected UDP socket" grep -q "^proto=udp local=127.0.0.1:7003 peer=127.0.0.1:7004 " <<<"$text"
check "nothing else: no listener, no unconnected socket" test "$(wc -l <<<"$text")" -eq 3
check "each says it is not protected, as the API does" \
	test "$(grep -c 'privacy=DISABLE integrity=DISABLE .*information=Not protected' <<<"$text")" -eq 3
check "JSON: one object per socket, in an array" \
	test "$(head -1 <<<"$json")$(tail -1 <<<"$json")" = "[]" -a "$(grep -c '^  {' <<<"$json")" -eq 3
check "JSON: the fields, the uid a number" \
	grep -q '{"proto": "udp", "local": "127.0.0.1:7003", "peer": "127.0.0.1:7004", "uid": '"$(id -u)"', "inode": [0-9]*, "privacy": "DISABLE"' <<<"$json"
unprivileged_status=0
unprivileged=$(capsh --drop=cap_net_admin -- -c "$tool" 2>&1) || unprivileged_status=$?
echo "$unprivileged"
check "without CAP_NET_ADMIN: one error that says what is missing, and no list" \
	test "$unprivileged_status" -eq 1 -a "$unprivileged" = \
	"ipsec-ss: CAP_NET_ADMIN is needed to read the kernel's IPsec state (run it as root)"
exit $status
