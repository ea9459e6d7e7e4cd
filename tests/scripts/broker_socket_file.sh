#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# ipsecapid run by hand: it makes the missing directory of its socket
# (mode 0755), and when it ends (SIGTERM) it removes the socket file it
# made, but not one that a later broker put in its place.
#   broker_socket_file.sh IPSECAPID
set -uo pipefail
ipsecapid=$1
status=0
check() { # check WHAT COMMAND...
	if "${@:2}"; then echo "ok: $1"; else echo "FAIL: $1"; status=1; fi
}
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT
sock=$work/run/broker.sock

# start NAME: a broker at $sock, its log in $work/NAME.log; waits until it
# listens.
start() {
	"$ipsecapid" --socket "$sock" 2>"$work/$1.log" &
	pids+=($!)
	for _ in $(seq 100); do
		grep -q listening "$work/$1.log" && return 0
		sleep 0.05
	done
	cat "$work/$1.log"
	return 1
}
# stop PID: SIGTERM, and its exit status.
stop() {
	kill -TERM "$1"
	wait "$1"
}

check "a broker starts with its socket's directory missing" start first
first=${pids[-1]}
check "it made the directory, mode 0755" test "$(stat -c %a "$work/run")" = 755
check "and listens there" test -S "$sock"
check "a second broker takes the path over" start second
second=${pids[-1]}
stop "$first"
check "the first broker ended cleanly on SIGTERM" test $? -eq 0
check "and left the second broker's socket in place" test -S "$sock"
stop "$second"
check "the second broker ended cleanly on SIGTERM" test $? -eq 0
check "and removed its socket" test ! -e "$sock"
exit "$status"
