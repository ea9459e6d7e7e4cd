#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Installs the build into a scratch root (DESTDIR, prefix /opt/btns) and
# builds a user's program against it twice: with pkg-config and with
# find_package(ipsecapi); and a user of libtlsbridge the same two ways.  The
# GSS mechanism's line goes to the root's /etc/gss/mech.d, and names the
# module where it is installed.
# Extra compiler flags (the sanitizer build's) come from BTNS_CONSUMER_FLAGS.
set -eu
build=$1 consumer=$2
flags=${BTNS_CONSUMER_FLAGS:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/root/opt/btns

DESTDIR=$tmp/root cmake --install "$build" --prefix /opt/btns >"$tmp/install.log" ||
	{ cat "$tmp/install.log"; exit 1; }

for f in include/ipsecapi.h share/man/man3/ipsec_get_token_attr.3 share/man/man3/ipsecapi.3 \
	include/tls_bridge.h share/man/man3/tls_bridge_channel_binding.3; do
	[ -f "$prefix/$f" ] || { echo "not installed: $f"; exit 1; }
done
pcdir=$(dirname "$(find "$prefix" -name libipsecapi.pc)")
libdir=$(dirname "$pcdir")
[ -L "$libdir/libipsecapi.so" ] || { echo "no libipsecapi.so link in $libdir"; exit 1; }
conf=$tmp/root/etc/gss/mech.d/btns.conf
module=$(find "$prefix" -name mech_btns.so)
[ -f "$conf" ] && [ -n "$module" ] || { echo "the GSS mechanism is not installed"; exit 1; }
grep -q "^btns [0-9.]* ${module#"$tmp/root"}\$" "$conf" ||
	{ echo "$conf does not name ${module#"$tmp/root"}:"; cat "$conf"; exit 1; }

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
