#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# ipsecapid run by hand: it makes the missing directory of its socket
# (mode 0755), and when it ends (SIGTERM) it removes the socket file it
# made, but not one that a later broker put in its place.  Its log lines
# begin with "ipsecapid: ", or, when stderr is systemd's journal (named by
# JOURNAL_STREAM), with their syslog priority as sd-daemon(3) has it.
#   broker_by_hand.sh IPSECAPID
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

# As systemd runs it: JOURNAL_STREAM names stderr's device and inode.
journal=$work/journal.log
: >"$journal"
stream=$(stat -c %d:%i "$journal")
JOURNAL_STREAM=$stream "$ipsecapid" --socket "$sock" 2>>"$journal" &
pids+=($!)
for _ in $(seq 100); do grep -q listening "$journal" && break; sleep 0.05; done
stop "${pids[-1]}"
check "on the journal, a notice of the broker has priority 6 (info)" \
	grep -q "^<6>listening on $sock\$" "$journal"
check "and no line has the plain prefix" bash -c "! grep -v '^<[0-7]>' '$journal'"
JOURNAL_STREAM=$stream "$ipsecapid" --max-clients 0 2>>"$journal"
check "a refused option has priority 3 (err) there" \
	grep -q '^<3>--max-clients wants a number' "$journal"
check "by hand, lines begin with ipsecapid: " grep -q '^ipsecapid: listening on ' "$work/first.log"
JOURNAL_STREAM=$stream "$ipsecapid" --max-clients 0 2>"$work/other.log"
check "JOURNAL_STREAM that is not stderr is not the journal" \
	grep -q '^ipsecapid: --max-clients wants a number' "$work/other.log"
exit "$status"
