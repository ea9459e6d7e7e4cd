#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The tools' command lines keep the habits of command-line programs: -h and
# --help print the usage on standard output and exit 0, -V and --version
# print the version and exit 0, and an unknown option or a stray argument
# is refused with the usage on standard error and exit 2, naming it
# (ipsec-ss's arguments are its filter, which refuses a word it does not
# know); nothing else runs: ipsecapid opens no socket, ipsec-ss lists
# nothing.
#   command_line.sh VERSION PROGRAM...
set -uo pipefail
version=$1
shift
status=0
check() { # check WHAT COMMAND...
	if "${@:2}"; then echo "ok: $1"; else echo "FAIL: $1"; status=1; fi
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for program in "$@"; do
	name=$(basename "$program")
	for help in -h --help; do
		"$program" "$help" >"$work/out" 2>"$work/err"
		rc=$?
		check "$name $help exits 0" test "$rc" -eq 0
		check "$name $help prints the usage on stdout" grep -q "^usage: $name " "$work/out"
		check "$name $help says nothing on stderr" test ! -s "$work/err"
	done
	for v in -V --version; do
		"$program" "$v" >"$work/out" 2>"$work/err"
		rc=$?
		check "$name $v exits 0" test "$rc" -eq 0
		check "$name $v prints \"$name $version\"" test "$(cat "$work/out")" = "$name $version"
	done
	"$program" --no-such-option >"$work/out" 2>"$work/err"
	rc=$?
	check "$name refuses an unknown option with 2" test "$rc" -eq 2
	check "with the usage on stderr" grep -q "^usage: $name " "$work/err"
	check "and nothing on stdout" test ! -s "$work/out"
	"$program" stray >"$work/out" 2>"$work/err"
	rc=$?
	check "$name refuses a stray argument with 2" test "$rc" -eq 2
	check "saying which" grep -q "^$name: .*\"stray\"" "$work/err"
	check "with the usage on stderr" grep -q "^usage: $name " "$work/err"
	check "and nothing on stdout" test ! -s "$work/out"
done
exit "$status"
