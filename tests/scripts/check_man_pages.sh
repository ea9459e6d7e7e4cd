#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Every function of the public headers has a section 3 page (a page of its
# own or a .so link to the page that documents it), every page is clean
# under mandoc's linter, and every .so link points at a page that exists.
set -eu
#   check_man_pages.sh MANDIR HEADER...
mandir=$1
shift
status=0

functions=$(sed -n 's/^[a-z_][A-Za-z0-9_ *]*[ *]\(\(ipsec\|tls_bridge\)_[A-Za-z0-9_]*\)(.*/\1/p' "$@" |
	sort -u)
for f in $functions ipsecapi; do
	page=$mandir/$f.3
	if [ ! -f "$page" ]; then
		echo "missing man page: $page"
		status=1
		continue
	fi
	target=$(sed -n 's/^\.so man3\/\(.*\)$/\1/p' "$page")
	if [ -n "$target" ]; then
		[ -f "$mandir/$target" ] || { echo "$page: .so target $target does not exist"; status=1; }
		continue
	fi
	# A page that documents a function names it in its NAME section.
	sed -n '/^\.SH NAME/,/^\.SH/p' "$page" | grep -q "$f" ||
		{ echo "$page: NAME does not name $f"; status=1; }
done

for page in "$mandir"/*.3 "$mandir"/../man7/*.7; do
	grep -q '^\.so ' "$page" && continue
	out=$(mandoc -Tlint -W warning "$page" 2>&1) || true
	if [ -n "$out" ]; then
		echo "$out"
		status=1
	fi
done
[ $status -eq 0 ] && echo "$(echo "$functions" | wc -w) functions documented; pages lint clean"
exit $status
