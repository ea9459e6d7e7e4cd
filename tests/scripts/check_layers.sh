#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The layers of libipsecapi, checked from the sources and the objects:
#  - a file includes, of the project's headers, only the public header,
#    headers of its own folder, and the contract header of a layer below
#    its own (the build already refuses a layer above: it is not on the
#    include path);
#  - the broker daemon and the tools include only the engine's contract
#    (and the daemon the broker link's, whose wire protocol it speaks);
#  - the bridges include only their own headers, bridge-common's and the
#    public ones;
#  - no two object files call each other, directly or around a circle
#    (tsort finds the loop), within the library, the daemon and each
#    bridge.
# Usage: check_layers.sh SOURCE_DIR BUILD_DIR
set -eu
src=$1
build=$2
layers="core kernel km engine broker_link api"
status=0

layer_fail() {
	echo "$*"
	status=1
}

# The contract header of a layer.
layer_contract() {
	echo "$1.h"
}

# The quoted includes of file $1, one per line.
layer_includes() {
	sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$1"
}

below=""
for layer in $layers; do
	for file in "$src/libipsecapi/$layer"/*.[ch]; do
		for inc in $(layer_includes "$file"); do
			if [ "$inc" = ipsecapi.h ] || [ -f "$src/libipsecapi/$layer/$inc" ]; then
				continue
			fi
			ok=no
			for lower in $below; do
				[ "$inc" = "$(layer_contract "$lower")" ] && ok=yes
			done
			[ $ok = yes ] || layer_fail "${file#"$src"/}: includes \"$inc\", which is not" \
				"its folder's, nor the contract of a layer below $layer ($below)"
		done
	done
	below="$below $layer"
done

for file in "$src"/broker/*.[ch] "$src"/tools/*.c; do
	for inc in $(layer_includes "$file"); do
		case "$inc" in
		ipsecapi.h | engine.h) ;;
		broker_link.h) case "$file" in "$src"/broker/*) ;; *) layer_fail \
			"${file#"$src"/}: includes broker_link.h" ;; esac ;;
		*) [ -f "$(dirname "$file")/$inc" ] || layer_fail "${file#"$src"/}: includes" \
			"\"$inc\", a header of a library layer other than the engine's contract" ;;
		esac
	done
done

# The bridges use the library as any application does: its public header.
for file in "$src"/bridge-common/*.[ch] "$src"/mech_btns/*.[ch] "$src"/tls-bridge/*.[ch]; do
	for inc in $(layer_includes "$file"); do
		[ -f "$(dirname "$file")/$inc" ] || [ -f "$src/bridge-common/$inc" ] ||
			layer_fail "${file#"$src"/}: includes \"$inc\", not its own nor bridge-common's"
	done
done

# "caller callee" pairs of object files, from what each defines and needs.
layer_calls() {
	tmp=$(mktemp -d)
	for o in "$@"; do
		nm --defined-only -g "$o" | awk -v o="$o" 'NF == 3 { print $3, o }'
	done | sort >"$tmp/defs"
	for o in "$@"; do
		nm -u "$o" | awk -v o="$o" '{ print $NF, o }'
	done | sort >"$tmp/uses"
	join "$tmp/uses" "$tmp/defs" | awk '$2 != $3 { print $2, $3 }' | sort -u
	rm -rf "$tmp"
}

for group in "libipsecapi ipsecapi_(core|kernel|km|engine|broker_link|api)" \
	"broker ipsecapid(_core)?" "tls-bridge tlsbridge_objects" "mech_btns mech_btns_objects"; do
	dir=${group%% *}
	targets=${group#* }
	objects=$(find "$build/$dir/CMakeFiles" -name '*.o' 2>/dev/null |
		grep -E "/CMakeFiles/$targets\.dir/" | sort)
	if [ -z "$objects" ]; then
		layer_fail "no objects of $targets under $build/$dir"
		continue
	fi
	# shellcheck disable=SC2086 # one argument per object
	if ! layer_calls $objects | tsort >/dev/null 2>"$build/layers.tsort"; then
		layer_fail "object files of $group call each other around a circle:"
		sed "s|$build/||g" "$build/layers.tsort"
	fi
done

[ $status -eq 0 ] && echo "layers hold: no upward include, contracts only, no circle"
exit $status
