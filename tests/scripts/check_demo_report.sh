#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# demo/report.sh on results with every kind of character a value may hold
# (quotes, backslashes, tabs, UTF-8): the JSON is valid (jq reads it back)
# and has the values as they were, nested at the keys' dots, decimal
# numbers as JSON numbers; the text has each section's title and each value
# but the figures, which are for programs.
set -eu
report=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tab=$(printf '\t')
cat >"$work/results" <<EOT
ipsec.sa=ESP "quoted", back\\slash,${tab}tab, é
kerberos.a.wrap=bridged
kerberos.b.wrap=krb5
kerberos.service=host@server
kerberos.a.peer=b
mitm.tls=refused by b: the IPsec channel bindings differ
wire.esp_packets=23
wire.messages_in_clear=0
figures.tls_throughput_ratio=1.33
figures.negative=-0.5
figures.padded=007
figures.with_unit=1.33x
EOT
"$report" json "$work/results" "every claim held" >"$work/json"
fail() { echo "FAIL: $*"; cat "$work/json"; exit 1; }
[ "$(jq -r .outcome "$work/json")" = "every claim held" ] || fail "the outcome"
[ "$(jq -r .ipsec.sa "$work/json")" = "ESP \"quoted\", back\\slash,${tab}tab, é" ] ||
	fail "a value with quotes, a backslash, a tab and UTF-8"
[ "$(jq -r .kerberos.a.wrap "$work/json")" = bridged ] || fail "a nested key"
[ "$(jq -r .kerberos.a.peer "$work/json")" = b ] || fail "a key whose object came earlier"
[ "$(jq -r '.kerberos | keys_unsorted | join(",")' "$work/json")" = "a,b,service" ] ||
	fail "the keys' order"
[ "$(jq -c '[.wire.esp_packets, .wire.messages_in_clear, .figures.tls_throughput_ratio,
	.figures.negative]' "$work/json")" = "[23,0,1.33,-0.5]" ] || fail "numbers as JSON numbers"
[ "$(jq -c '[.figures.padded, .figures.with_unit] | map(type)' "$work/json")" = \
	'["string","string"]' ] || fail "text that is not a decimal number stays a string"
"$report" text "$work/results" "every claim held" >"$work/text"
if grep -q -e throughput -e padded "$work/text"; then
	cat "$work/text"
	fail "the figures section is for JSON only"
fi
for line in "outcome: every claim held" "Kerberos over mech_btns" "With a man in the middle" \
	"refused by b: the IPsec channel bindings differ"; do
	grep -q -F "$line" "$work/text" || { cat "$work/text"; echo "FAIL: no \"$line\" in the text"; exit 1; }
done
if "$report" json "$work/none" x >/dev/null 2>&1; then
	echo "FAIL: a missing results file was not an error"
	exit 1
fi
echo "the demonstration's report is valid JSON and readable text"
