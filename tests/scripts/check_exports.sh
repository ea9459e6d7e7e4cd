#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The shared library exports exactly the functions that the public header
# declares, each under the library's symbol version, and has a SONAME.
#   check_exports.sh LIB HEADER [PREFIX VERSION_NODE SONAME_STEM]
# (by default libipsecapi's: ipsec_, LIBIPSECAPI_, libipsecapi.so)
set -eu
lib=$1 header=$2 prefix=${3:-ipsec_} node=${4:-LIBIPSECAPI_} stem=${5:-libipsecapi.so}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Function names declared in the header: an identifier followed by "(" at
# the start of a declaration line or after a return type.
sed -n "s/^[a-z_][A-Za-z0-9_ *]*[ *]\\(${prefix}[A-Za-z0-9_]*\\)(.*/\\1/p" "$header" |
	sort -u >"$tmp/declared"
nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBR]$/ { print $3 }' | sed 's/@.*//' | sort -u >"$tmp/exported"

status=0
if ! cmp -s "$tmp/declared" "$tmp/exported"; then
	echo "exported symbols differ from the header's functions (< header, > library):"
	diff "$tmp/declared" "$tmp/exported" || true
	status=1
fi
[ -s "$tmp/declared" ] || { echo "no function found in $header"; status=1; }
unversioned=$(nm -D --defined-only --with-symbol-versions "$lib" |
	awk -v node="$node" '$2 == "T" && $3 !~ ("@@?" node) { print $3 }')
if [ -n "$unversioned" ]; then
	echo "symbols without the $node version: $unversioned"
	status=1
fi
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" { print $2 }')
case "$soname" in
"$stem".[0-9]*) ;;
*) echo "unexpected SONAME '$soname'"; status=1 ;;
esac
[ $status -eq 0 ] && echo "$(wc -l <"$tmp/exported") functions exported, SONAME $soname"
exit $status
