#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Installs the build twice, into scratch roots (DESTDIR), with prefixes
# given at install time (cmake --install --prefix): /usr, as a package
# does, and /opt/btns.  Each time every file lands under the prefix (but
# the GSS mechanism's line, in /etc/gss/mech.d when the prefix is /usr),
# and every path the installed files name is the prefix's: the unit's
# ExecStart=, the pkg-config files' prefix, the mech.d line's module.
# Then it builds a user's program against /opt/btns twice: with pkg-config
# and with find_package(ipsecapi); and a user of libtlsbridge the same two
# ways.  Extra compiler flags (the sanitizer build's) come from
# BTNS_CONSUMER_FLAGS.
set -eu
build=$1 consumer=$2
flags=${BTNS_CONSUMER_FLAGS:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# check_install ROOT PREFIX MECH_DIR: installs into ROOT with PREFIX and
# checks the paths; the GSS mechanism's line is expected in MECH_DIR.
check_install() {
	root=$1 prefix=$2 mech_dir=$3
	DESTDIR=$root cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" ||
		{ cat "$tmp/install.log"; exit 1; }
	outside=$(find "$root" ! -type d | grep -v -e "^$root$prefix/" \
		-e "^$root$mech_dir/btns.conf\$" || true)
	[ -z "$outside" ] || fail "installed outside $prefix: $outside"

	for f in include/ipsecapi.h include/tls_bridge.h include/gssapi/gssapi_btns.h \
		sbin/ipsecapid sbin/ipsec-ss share/man/man3/tls_bridge.3 share/man/man7/mech_btns.7 \
		share/man/man3/ipsecapi.3 share/man/man3/tls_bridge_channel_binding.3 \
		share/man/man8/ipsecapid.8; do
		[ -f "$root$prefix/$f" ] || fail "not installed: $prefix/$f"
	done
	service=$(find "$root$prefix" -name ipsecapid.service)
	[ -n "$service" ] && [ -n "$(find "$root$prefix" -name ipsecapid.socket)" ] ||
		fail "the units are not installed under $prefix"
	grep -qx "ExecStart=$prefix/sbin/ipsecapid \$IPSECAPID_OPTIONS" "$service" ||
		fail "$service does not start $prefix/sbin/ipsecapid: $(grep ExecStart "$service")"

	for pc in libipsecapi libtlsbridge; do
		file=$(find "$root$prefix" -name "$pc.pc")
		[ -n "$file" ] || fail "$pc.pc is not installed"
		grep -qx "prefix=$prefix" "$file" || fail "$file: $(grep '^prefix=' "$file")"
		libdir=$(PKG_CONFIG_PATH=$(dirname "$file") pkg-config --variable=libdir "$pc")
		[ -L "$root$libdir/$pc.so" ] || fail "$pc.pc: libdir $libdir has no $pc.so"
	done

	conf=$root$mech_dir/btns.conf
	[ -f "$conf" ] || fail "the GSS mechanism's line is not in $mech_dir"
	module=$(find "$root$prefix" -name mech_btns.so)
	[ -n "$module" ] || fail "the GSS mechanism is not installed"
	grep -q "^btns [0-9.]* ${module#"$root"}\$" "$conf" ||
		fail "$conf does not name ${module#"$root"}: $(cat "$conf")"
	echo "ok: installed with prefix $prefix"
}

check_install "$tmp/usr" /usr /etc/gss/mech.d
check_install "$tmp/root" /opt/btns /opt/btns/etc/gss/mech.d
prefix=$tmp/root/opt/btns
pcdir=$(dirname "$(find "$prefix" -name libipsecapi.pc)")
libdir=$(dirname "$pcdir")

echo "pkg-config:"
cflags=$(PKG_CONFIG_PATH=$pcdir pkg-config --define-prefix --cflags libipsecapi)
libs=$(PKG_CONFIG_PATH=$pcdir pkg-config --define-prefix --libs libipsecapi)
# shellcheck disable=SC2086 # word splitting of flags is intended
cc $flags $cflags -o "$tmp/consumer-pc" "$consumer/consumer.c" $libs
LD_LIBRARY_PATH=$libdir "$tmp/consumer-pc"

echo "pkg-config, libtlsbridge:"
cflags=$(PKG_CONFIG_PATH=$pcdir pkg-config --define-prefix --cflags libtlsbridge)
libs=$(PKG_CONFIG_PATH=$pcdir pkg-config --define-prefix --libs libtlsbridge)
# shellcheck disable=SC2086 # word splitting of flags is intended
# libtlsbridge needs libipsecapi, which a scratch root is not searched for.
cc $flags $cflags -o "$tmp/tls-consumer-pc" "$consumer/tls_consumer.c" $libs -Wl,-rpath-link,"$libdir"
LD_LIBRARY_PATH=$libdir "$tmp/tls-consumer-pc"

echo "find_package(ipsecapi) and find_package(tlsbridge):"
cmake -S "$consumer" -B "$tmp/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" \
	-DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags -Wl,-rpath-link,$libdir" \
	>"$tmp/cmake.log" || { cat "$tmp/cmake.log"; exit 1; }
cmake --build "$tmp/cmake-build" >"$tmp/build.log" || { cat "$tmp/build.log"; exit 1; }
LD_LIBRARY_PATH=$libdir "$tmp/cmake-build/consumer"
LD_LIBRARY_PATH=$libdir "$tmp/cmake-build/tls_consumer"
