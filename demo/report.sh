#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The demonstration's report, from the SECTION.KEY=VALUE lines that
# demo/demo.sh leaves, in plain text or in JSON (keys split at their dots
# into nested objects, in the order they first came; a value written as a
# decimal number is a JSON number).  Section "figures" holds the measured
# numbers for programs: JSON only, the text says them in words.
#
#   report.sh text|json RESULTS VERDICT
#
# VERDICT is the demonstration's outcome, in words ("every claim held", or
# which check failed); it leads either report.
set -eu
format=$1 results=$2 verdict=$3
[ -f "$results" ] || { echo "report.sh: no results at $results" >&2; exit 1; }

text() {
	awk -v verdict="$verdict" '
	BEGIN {
		title["ipsec"] = "The IPsec SA"
		title["kerberos"] = "Kerberos over mech_btns"
		title["tls"] = "TLS over tls-bridge"
		title["wire"] = "On the wire, between a and b"
		title["savings"] = "What skipping the second encryption saves, measured in this run"
		title["mitm"] = "With a man in the middle"
		title["summary"] = "Summary"
		print "BTNS end to end: Kerberos and TLS bound to an IPsec SA"
		print "outcome: " verdict
	}
	{
		eq = index($0, "=")
		key = substr($0, 1, eq - 1)
		value = substr($0, eq + 1)
		dot = index(key, ".")
		section = substr(key, 1, dot - 1)
		if (section == "figures") next
		label = substr(key, dot + 1)
		gsub(/[._]/, " ", label)
		if (section != last) {
			printf "\n%s\n", (section in title) ? title[section] : section
			last = section
		}
		# The value, folded at 100 columns under a label of 24.
		line = sprintf("  %-24s", label)
		n = split(value, words, " ")
		width = length(line)
		for (i = 1; i <= n; i++) {
			if (width + 1 + length(words[i]) > 100 && width > 26) {
				print line
				line = sprintf("  %-24s", "")
				width = length(line)
			}
			line = line " " words[i]
			width += 1 + length(words[i])
		}
		print line
	}' "$results"
}

json() {
	awk -v verdict="$verdict" '
	function escape(s,    out, i, c) {
		out = ""
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (c == "\\") out = out "\\\\"
			else if (c == "\"") out = out "\\\""
			else if (c == "\t") out = out "\\t"
			else if (c < " ") out = out sprintf("\\u%04x", ord[c])
			else out = out c
		}
		return "\"" out "\""
	}
	# Emits the object of the keys under prefix p (with its dot), at depth d.
	function emit(p, d,    i, k, rest, child, seen, first, pad) {
		pad = sprintf("%" (2 * d) "s", "")
		first = 1
		printf "{"
		for (i = 1; i <= n; i++) {
			k = keys[i]
			if (substr(k, 1, length(p)) != p) continue
			rest = substr(k, length(p) + 1)
			child = index(rest, ".") ? substr(rest, 1, index(rest, ".") - 1) : rest
			if (child in seen) continue
			seen[child] = 1
			printf "%s\n%s  %s: ", first ? "" : ",", pad, escape(child)
			first = 0
			if (index(rest, ".")) emit(p child ".", d + 1)
			else if (values[k] ~ /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/) printf "%s", values[k]
			else printf "%s", escape(values[k])
		}
		printf "\n%s}", pad
	}
	BEGIN {
		for (i = 1; i < 32; i++) ord[sprintf("%c", i)] = i
		keys[++n] = "outcome"
		values["outcome"] = verdict
	}
	{
		eq = index($0, "=")
		k = substr($0, 1, eq - 1)
		if (!(k in values)) keys[++n] = k
		values[k] = substr($0, eq + 1)
	}
	END {
		emit("", 0)
		print ""
	}' "$results"
}

case $format in
text) text ;;
json) json ;;
*) echo "usage: report.sh text|json RESULTS VERDICT" >&2; exit 2 ;;
esac
