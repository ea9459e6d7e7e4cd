#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# ipsec-ss lists the sockets of a network namespace of the test's own:
# both ends of TCP connections and connected UDP sockets over IPv4 and
# IPv6, each with its uid and its protection as the API sees it (none
# here: no SA), under a header, and nothing else (no listener, no
# unconnected socket).  -t, -u, -4, -6 and each form of the filter select
# the sockets they name; a filter outside the subset is refused with 2;
# --protected and --unprotected split the list; -p shows the processes
# that ss -p shows; text that may hold anything is quoted and escaped (a
# process named with a tab, quotes, a backslash and an octet that is not
# UTF-8); the JSON has the documented types, and --pretty the same
# value.  Without CAP_NET_ADMIN it says so once, and lists nothing.
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
pids=()
work=$(mktemp -d)
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
# The sockets' holders write nothing (their sleeps, which outlive them by
# a few seconds, hold no pipe of the caller's).
socat TCP-LISTEN:7001,bind=127.0.0.1 SYSTEM:'sleep 20' >/dev/null 2>&1 &
pids+=($!)
socat TCP-LISTEN:7006,bind=127.0.0.1 SYSTEM:'sleep 20' >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ "$(ss -Hltn | wc -l)" -ge 2 ] && break; sleep 0.05; done
socat SYSTEM:'sleep 20' TCP:127.0.0.1:7001,bind=127.0.0.1:7002 >/dev/null 2>&1 &
client=$!
pids+=("$client")
socat UDP:127.0.0.1:7004,bind=127.0.0.1:7003 SYSTEM:'sleep 20' >/dev/null 2>&1 &
pids+=($!)
socat UDP6:[::1]:7008,bind=[::1]:7007 SYSTEM:'sleep 20' >/dev/null 2>&1 &
pids+=($!)
socat UDP-RECVFROM:7005,bind=127.0.0.1 SYSTEM:'sleep 20' >/dev/null 2>&1 & # not connected
pids+=($!)
# A process whose name holds a tab, quotes, a backslash and an octet that
# is not UTF-8, holding its connection itself (fd 3; read is a builtin).
# shellcheck disable=SC2016 # expanded by the inner bash
bash -c 'exec 3<>/dev/tcp/127.0.0.1/7006; printf "a\t\"q\" \\\\\xff" >/proc/self/comm
	read -r -t 20 -u 3 _ || true' >/dev/null 2>&1 &
odd=$!
pids+=("$odd")
for _ in $(seq 100); do
	[ "$(ss -Htn state established | wc -l)" -ge 4 ] && [ "$(ss -Hun | wc -l)" -ge 2 ] && break
	sleep 0.05
done
text=$("$tool")
echo "$text"
header="Netid Local-Address:Port Peer-Address:Port Uid Inode Privacy Integrity Mode Latch Auth"
header="$header Binding Details"
check "a header line, one word per column, as ss prints one" \
	test "$(head -1 <<<"$text" | tr -s ' ')" = "$header"
rows=$(tail -n +2 <<<"$text")
row() { # row LOCAL PEER: the text row of that socket
	awk -v l="$1" -v p="$2" '$2 == l && $3 == p' <<<"$rows"
}
uid=$(id -u)
check "the server's end of the connection, with its uid" \
	test "$(row 127.0.0.1:7001 127.0.0.1:7002 | awk '{ print $1, $4 }')" = "tcp $uid"
check "the client's end" test "$(row 127.0.0.1:7002 127.0.0.1:7001 | awk '{ print $1 }')" = tcp
check "the connected UDP socket" \
	test "$(row 127.0.0.1:7003 127.0.0.1:7004 | awk '{ print $1 }')" = udp
check "the connected UDP socket over IPv6, its addresses in brackets" \
	test "$(row '[::1]:7007' '[::1]:7008' | awk '{ print $1 }')" = udp
check "nothing else: no listener, no unconnected socket" test "$(wc -l <<<"$rows")" -eq 6
check "each says it is not protected, as the API does: disable, no mode, no latch" \
	test "$(awk '$6 == "disable" && $7 == "disable" && $8 == "-" && $9 == "-"' <<<"$rows" |
		wc -l)" -eq 6
check "the library's sentence, quoted: a line splits without doubt" \
	test "$(grep -c ' information="Not protected by IPsec in both directions"$' <<<"$rows")" \
	-eq 6
check "-H leaves the header out" \
	test "$("$tool" -H | tr -s ' ')" = "$(tail -n +2 <<<"$("$tool")" | tr -s ' ')"

# The filters: the sockets each selects, as "netid local peer".
selected() {
	"$tool" -H "$@" | awk '{ print $1, $2, $3 }' | sort | tr '\n' ';'
}
expect() { # expect "WHAT" "EXPECTED ROWS" ARGS...
	check "$1" test "$(selected "${@:3}")" = "$2"
}
v4_tcp="tcp 127.0.0.1:7001 127.0.0.1:7002;tcp 127.0.0.1:7002 127.0.0.1:7001;"
expect "-4 -6 -t -u: all, as none" "$(selected)" -4 -6 -t -u
check "-t: four TCP ends" test "$("$tool" -H -t | awk '$1 == "tcp"' | wc -l)" -eq 4
check "and nothing but TCP" test "$("$tool" -H --tcp | wc -l)" -eq 4
expect "-u: the connected UDP sockets only" \
	"udp 127.0.0.1:7003 127.0.0.1:7004;udp [::1]:7007 [::1]:7008;" -u
expect "-6: the IPv6 socket only" "udp [::1]:7007 [::1]:7008;" --ipv6
check "-4: all but the IPv6 socket" test "$("$tool" -H -4 | grep -c '::1')" -eq 0 -a \
	"$("$tool" -H --ipv4 | wc -l)" -eq 5
expect "-4 -u" "udp 127.0.0.1:7003 127.0.0.1:7004;" -4 -u
expect "sport = :PORT" "tcp 127.0.0.1:7001 127.0.0.1:7002;" sport = :7001
expect "dport = :PORT" "tcp 127.0.0.1:7002 127.0.0.1:7001;" dport = :7001
expect "the filter as one argument" "tcp 127.0.0.1:7002 127.0.0.1:7001;" 'dport = :7001'
expect "src ADDR:PORT" "udp 127.0.0.1:7003 127.0.0.1:7004;" src 127.0.0.1:7003
expect "dst [IPV6]:PORT" "udp [::1]:7007 [::1]:7008;" dst '[::1]:7008'
expect "src IPV6/PLEN" "udp [::1]:7007 [::1]:7008;" src ::1/128
expect "src ADDR/PLEN and dport" "$v4_tcp" src 127.0.0.0/8 and sport '>=' :7001 and \
	dport '<=' :7002
expect "dst ADDR/PLEN that nothing is in" "" dst 10.0.0.0/8
expect "conditions that exclude each other" "" sport = :7001 and sport = :7002
for bad in "or|sport = :7001 or sport = :7002" "(|( sport = :7001 )" ":ssh|sport = :ssh" \
	"state|state established" "22|dport = 22"; do
	token=${bad%%|*}
	filter=${bad#*|}
	bad_status=0
	# shellcheck disable=SC2086 # the filter's words
	"$tool" $filter >"$work/out" 2>"$work/err" || bad_status=$?
	check "\"$filter\" refused with 2" test "$bad_status" -eq 2
	check "naming \"$token\"" grep -q "^ipsec-ss: filter: \"$token\"" "$work/err"
	check "and nothing listed" test ! -s "$work/out"
done
check "--protected: none, no SA here" test -z "$("$tool" -H --protected)"
check "--unprotected: all" test "$("$tool" -H --unprotected)" = "$("$tool" -H)"

# -p: the processes that hold each socket, as ss -p finds them.
processes=$("$tool" -H -p)
echo "$processes"
holders() { # holders LINE: its pid=N,fd=M pairs, sorted
	grep -o 'pid=[0-9]*,fd=[0-9]*' | sort | tr '\n' ' '
}
while read -r local peer; do
	ours=$(awk -v l="$local" -v p="$peer" '$2 == l && $3 == p' <<<"$processes" | holders)
	theirs=$(ss -Hntup state established src "$local" dst "$peer" | holders)
	check "-p: $local $peer held by what ss -p says ($ours)" \
		test -n "$ours" -a "$ours" = "$theirs"
done < <(awk '{ print $2, $3 }' <<<"$processes")
check "-p: the client's socat, as ss prints it" \
	grep -q "^tcp .* 127.0.0.1:7002 .* users:((\"socat\",pid=$client,fd=[0-9]*))  " \
	<<<"$processes"
check "-p: a name quoted and escaped" grep -qF \
	"users:((\"a\\t\\\"q\\\" \\\\\\xff\",pid=$odd,fd=3))" <<<"$processes"

# JSON, compact and --pretty.
json=$("$tool" --json)
echo "$json"
pretty=$("$tool" -j --pretty)
check "JSON: one line, as ip -j writes" test "$(wc -l <<<"$json")" -eq 1
check "--pretty: indented, the same value" \
	test "$(wc -l <<<"$pretty")" -gt 6 -a "$(jq -cS . <<<"$pretty")" = "$(jq -cS . <<<"$json")"
jq_true() { # jq_true ARGS...: jq's filter is true of standard input
	jq -e "$@" >/dev/null
}
jq_check() { # jq_check WHAT FILTER: FILTER is true of the JSON
	check "JSON: $1" jq_true "$2" <<<"$json"
}
jq_check "an array of one object per socket" 'type == "array" and length == 6'
jq_check "the ends as address and port, the port a number" \
	'any(.[]; .proto == "udp" and .local == {"address": "127.0.0.1", "port": 7003} and
		.peer == {"address": "127.0.0.1", "port": 7004})'
jq_check "IPv6 addresses without brackets" \
	'any(.[]; .local == {"address": "::1", "port": 7007})'
jq_check "uid and inode numbers" \
	"all(.[]; .uid == $uid and (.inode | type == \"number\" and . > 0))"
jq_check "protected a boolean, levels in lower case, no mode when not protected" \
	'all(.[]; .protected == false and .privacy == "disable" and .integrity == "disable" and
		(has("mode") | not))'
jq_check "no processes without -p" 'all(.[]; has("processes") | not)'
processes_json=$("$tool" -j -p)
check "JSON -p: each socket's processes, name, pid and fd" jq_true --argjson client "$client" \
	'any(.[]; .local.port == 7002 and .processes == [{"name": "socat", "pid": $client,
		"fd": .processes[0].fd}] and (.processes[0].fd | type == "number"))' \
	<<<"$processes_json"
check "JSON -p: a name that is not UTF-8, still valid JSON (U+FFFD for the octet)" \
	test "$(jq -r --argjson odd "$odd" '.[].processes[] | select(.pid == $odd) | .name' \
		<<<"$processes_json")" = "$(printf 'a\t"q" \\\357\277\275')"

unprivileged_status=0
unprivileged=$(capsh --drop=cap_net_admin -- -c "$tool" 2>&1) || unprivileged_status=$?
echo "$unprivileged"
check "without CAP_NET_ADMIN: one error that says what is missing, and no list" \
	test "$unprivileged_status" -eq 1 -a "$unprivileged" = \
	"ipsec-ss: CAP_NET_ADMIN is needed to read the kernel's IPsec state (run it as root)"
exit $status
