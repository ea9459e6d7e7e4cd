#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The Debian packages (debian/), as a user gets them: built from a copy of
# the source tree (dpkg-buildpackage -b), each package holding the files it
# must and no file in two, lintian without an error, then installed with
# dpkg into a scratch root (an overlay on the host's / in a mount namespace
# of its own, so that the host is not touched): programs build against them
# with pkg-config and find_package and run, the GSS mechanism's line names
# the installed module and MIT's mechglue lists the mechanism, the broker
# runs, systemd reads its units and the socket is enabled; dpkg --purge
# then leaves nothing of them behind.
#   check_debian.sh SOURCE_DIR CONSUMER_DIR
set -eu
fail() { echo "FAIL: $*"; exit 1; }
packages="libipsecapi0 libipsecapi-dev ipsecapid libgss-btns libtlsbridge0 libtlsbridge-dev"

# in_root ROOT COMMAND...: COMMAND inside the scratch root, in a clean
# environment.
in_root() {
	r=$1
	shift
	chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"
}

# installed_checks TMP ROOT: runs in the mount namespace, with the overlay
# mounted on ROOT; installs the packages there and checks what they do.
installed_checks() {
	tmp=$1 root=$2
	mkdir "$root/debs" "$root/consumer"
	cp "$tmp"/out/*.deb "$root/debs/"
	rm "$root"/debs/*-dbgsym_*.deb
	cp "$consumer"/* "$root/consumer/"
	# The host may hold a by-hand install of the project (cmake --install):
	# the root is made as a host without it.
	while read -r path; do
		rm -f "$root$path"
	done <"$tmp/files"
	for dir in /etc/systemd/system /run/systemd/system /usr/local/lib/systemd/system \
		/usr/lib/systemd/system; do
		rm -f "$root$dir/ipsecapid.service" "$root$dir/ipsecapid.socket"
	done
	in_root "$root" sh -c 'dpkg -i /debs/*.deb' >"$tmp/dpkg-i.log" 2>&1 ||
		{ cat "$tmp/dpkg-i.log"; fail "dpkg -i of the packages failed"; }
	echo "ok: dpkg -i"

	in_root "$root" sh -euc '
		cd /consumer
		cc -o consumer consumer.c $(pkg-config --cflags --libs libipsecapi)
		cc -o tls_consumer tls_consumer.c $(pkg-config --cflags --libs libtlsbridge)
		./consumer
		./tls_consumer' || fail "a program built with pkg-config does not build or run"
	in_root "$root" sh -euc '
		cmake -S /consumer -B /consumer/build >/consumer/cmake.log ||
			{ cat /consumer/cmake.log; exit 1; }
		cmake --build /consumer/build >/consumer/build.log || { cat /consumer/build.log; exit 1; }
		/consumer/build/consumer
		/consumer/build/tls_consumer' || fail "a program built with find_package does not build or run"
	rm -rf "$root/consumer"
	echo "ok: consumers built with pkg-config and with find_package run"

	conf=/etc/gss/mech.d/btns.conf
	module=$(sed -n 's/^btns [0-9.]* \(.*\)$/\1/p' "$root$conf")
	[ -n "$module" ] || fail "$conf has no line for btns: $(cat "$root$conf")"
	[ -f "$root$module" ] || fail "$conf names $module, which is not installed"
	in_root "$root" dpkg -S "$module" | grep -q '^libgss-btns:' ||
		fail "$module is not libgss-btns's"
	in_root "$root" dpkg-query -W -f='${Conffiles}\n' libgss-btns | grep -q " $conf " ||
		fail "$conf is not a conffile of libgss-btns"
	# The mechglue lists a mechanism of its configuration whether it loads
	# or not; it asks the loaded module for the SASL name.
	header=$root/usr/include/gssapi/gssapi_btns.h
	oid=$(sed -n 's/^#define GSS_BTNS_MECHANISM_OID_STRING "\([0-9.]*\)"$/\1/p' "$header")
	sasl=$(sed -n 's/^#define GSS_BTNS_SASL_NAME "\(.*\)"$/\1/p' "$header")
	[ -n "$oid" ] && [ -n "$sasl" ] || fail "no mechanism OID or SASL name in $header"
	answer=$(in_root "$root" python3 -c 'import sys, gssapi.raw as g
print(g.inquire_saslname_for_mech(g.OID.from_int_seq(sys.argv[1])).sasl_mech_name.decode())' \
		"$oid" 2>&1) || fail "MIT's mechglue does not load the installed mechanism: $answer"
	[ "$answer" = "$sasl" ] || fail "the mechanism $oid says its SASL name is $answer"
	echo "ok: $conf names $module, which the mechglue loads ($oid, $sasl)"

	version=$(dpkg-parsechangelog -l "$tmp/src/debian/changelog" -S Version)
	for tool in ipsecapid ipsec-ss; do
		out=$(in_root "$root" "/usr/sbin/$tool" --version) ||
			fail "$tool --version failed"
		[ "$out" = "$tool ${version%-*}" ] || fail "$tool --version: $out"
	done
	echo "ok: ipsecapid and ipsec-ss run ($version)"

	# verify starts the units in the root, whose targets and slices are the host's.
	units="$root/lib/systemd/system/ipsecapid.service $root/lib/systemd/system/ipsecapid.socket"
	# shellcheck disable=SC2086 # one word per unit
	if ! MANPATH=$root/usr/share/man systemd-analyze verify --root="$root" $units \
		>"$tmp/verify" 2>&1 || [ -s "$tmp/verify" ]; then
		cat "$tmp/verify"
		fail "systemd-analyze verify complains of the installed units"
	fi
	wants=$(readlink "$root/etc/systemd/system/sockets.target.wants/ipsecapid.socket") ||
		fail "ipsecapid.socket is not enabled"
	[ "$wants" = /lib/systemd/system/ipsecapid.socket ] ||
		fail "the enabled ipsecapid.socket is $wants, not the package's"
	echo "ok: systemd-analyze verify; ipsecapid.socket enabled"

	# The same packages again: the maintainer scripts' upgrade paths.
	in_root "$root" sh -c 'dpkg -i /debs/*.deb' >"$tmp/dpkg-i.log" 2>&1 ||
		{ cat "$tmp/dpkg-i.log"; fail "dpkg -i over the installed packages failed"; }
	[ -L "$root/etc/systemd/system/sockets.target.wants/ipsecapid.socket" ] ||
		fail "ipsecapid.socket is no longer enabled after an upgrade"
	echo "ok: dpkg -i over the installed packages"

	# shellcheck disable=SC2086 # one word per package
	in_root "$root" dpkg -r $packages >"$tmp/dpkg-r.log" 2>&1 ||
		{ cat "$tmp/dpkg-r.log"; fail "dpkg -r failed"; }
	[ -f "$root$conf" ] || fail "dpkg -r removed the conffile $conf"
	# shellcheck disable=SC2086 # one word per package
	in_root "$root" dpkg --purge $packages >"$tmp/dpkg-purge.log" 2>&1 ||
		{ cat "$tmp/dpkg-purge.log"; fail "dpkg --purge failed"; }
	while read -r path; do
		[ ! -e "$root$path" ] && [ ! -L "$root$path" ] || fail "$path is left after the purge"
	done <"$tmp/files"
	# What the packages' scripts left in the overlay's upper half: all but
	# dpkg's records, its log, the linker's and man-db's caches, and what
	# was removed from the host's files (whiteouts, character devices).
	rm -rf "$root/debs"
	left=$(cd "$tmp/upper/data" && find . ! -type d ! -type c | grep -v \
		-e '^\./var/lib/dpkg/' -e '^\./var/log/' -e '^\./etc/ld\.so\.cache$' \
		-e '^\./var/cache/ldconfig/' -e '^\./var/cache/man/' || true)
	[ -z "$left" ] || fail "left after the purge: $left"
	echo "ok: dpkg -r keeps the conffile; dpkg --purge leaves nothing"
}

if [ "${1:-}" = --inside ]; then
	# The second half, in a mount namespace of its own: the overlay, its
	# upper half on a tmpfs, goes when the namespace does.
	tmp=$2 consumer=$3
	mount -t tmpfs tmpfs "$tmp/upper"
	mkdir "$tmp/upper/data" "$tmp/upper/work"
	mount -t overlay overlay \
		-o "lowerdir=/,upperdir=$tmp/upper/data,workdir=$tmp/upper/work" "$tmp/root"
	mount --bind /dev "$tmp/root/dev"
	mount -t proc proc "$tmp/root/proc"
	installed_checks "$tmp" "$tmp/root"
	exit 0
fi

src=$1 consumer=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for p in dpkg-buildpackage lintian unshare chroot systemd-analyze; do
	command -v "$p" >/dev/null || fail "no $p (scripts/install-deps)"
done

# The tree but the build directories and git's, so that nothing built
# before reaches the packages.
mkdir "$tmp/src" "$tmp/out"
tar -C "$src" --exclude=./.git --exclude='./build*' --exclude='./obj-*' -cf - . |
	tar -C "$tmp/src" -xf -
start=$(date +%s)
(cd "$tmp/src" && dpkg-buildpackage -us -uc -b -j2) >"$tmp/build.log" 2>&1 ||
	{ tail -n 60 "$tmp/build.log"; fail "dpkg-buildpackage failed"; }
echo "ok: dpkg-buildpackage in $(($(date +%s) - start)) s"
mv "$tmp"/*.deb "$tmp"/*.changes "$tmp"/*.buildinfo "$tmp/out/"

# contents PACKAGE: the paths of PACKAGE's files, but directories.
contents() {
	deb=$(find "$tmp/out" -name "$1_*.deb")
	[ -n "$deb" ] || fail "no package $1"
	dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { print substr($6, 2) }'
}
# expect PACKAGE PATTERN...: PACKAGE has a file matching each PATTERN
# (grep -x) and no other but its documentation and lintian's overrides.
expect() {
	pkg=$1
	shift
	contents "$pkg" >"$tmp/$pkg.files"
	for pattern in "$@" "/usr/share/doc/$pkg/.*"; do
		grep -qx "$pattern" "$tmp/$pkg.files" || fail "$pkg has no file $pattern"
	done
	for pattern in "$@" "/usr/share/doc/$pkg/.*" "/usr/share/lintian/overrides/$pkg"; do
		echo "$pattern"
	done >"$tmp/patterns"
	other=$(grep -vx -f "$tmp/patterns" "$tmp/$pkg.files" || true)
	[ -z "$other" ] || fail "$pkg holds files it should not: $other"
	cat "$tmp/$pkg.files" >>"$tmp/files"
}
lib='/usr/lib/[a-z0-9_]*-linux-gnu[a-z0-9_]*'
expect libipsecapi0 "$lib/libipsecapi\.so\.0" "$lib/libipsecapi\.so\.0\.1\.0"
expect libipsecapi-dev /usr/include/ipsecapi\\.h "$lib/libipsecapi\.so" \
	"$lib/pkgconfig/libipsecapi\.pc" "$lib/cmake/ipsecapi/ipsecapiConfig\.cmake" \
	"$lib/cmake/ipsecapi/.*\.cmake" /usr/share/man/man3/ipsecapi\\.3\\.gz \
	/usr/share/man/man3/ipsec_create_iToken\\.3\\.gz '/usr/share/man/man3/ipsec_.*\.3\.gz'
expect ipsecapid /usr/sbin/ipsecapid /usr/sbin/ipsec-ss \
	/lib/systemd/system/ipsecapid\\.service /lib/systemd/system/ipsecapid\\.socket \
	/usr/share/man/man8/ipsecapid\\.8\\.gz /usr/share/man/man8/ipsec-ss\\.8\\.gz
expect libgss-btns "$lib/mech_btns/mech_btns\.so" /etc/gss/mech\\.d/btns\\.conf \
	/usr/include/gssapi/gssapi_btns\\.h /usr/share/man/man7/mech_btns\\.7\\.gz
expect libtlsbridge0 "$lib/libtlsbridge\.so\.0" "$lib/libtlsbridge\.so\.0\.1\.0"
expect libtlsbridge-dev /usr/include/tls_bridge\\.h "$lib/libtlsbridge\.so" \
	"$lib/pkgconfig/libtlsbridge\.pc" "$lib/cmake/tlsbridge/tlsbridgeConfig\.cmake" \
	"$lib/cmake/tlsbridge/.*\.cmake" /usr/share/man/man3/tls_bridge\\.3\\.gz \
	'/usr/share/man/man3/tls_bridge_.*\.3\.gz'
twice=$(sort "$tmp/files" | uniq -d)
[ -z "$twice" ] || fail "in two packages: $twice"
echo "ok: the six packages hold their files, none in two"

status=0
lintian --display-info "$tmp"/out/*.changes >"$tmp/lintian.log" 2>&1 || status=$?
grep -v '^running with root privileges' "$tmp/lintian.log" || true
if grep -q '^E:' "$tmp/lintian.log"; then
	fail "lintian reports errors"
fi
[ "$status" -eq 0 ] || fail "lintian failed (exit $status)"
echo "ok: lintian reports no error"

mkdir "$tmp/upper" "$tmp/root"
unshare --mount --propagation private "$0" --inside "$tmp" "$consumer"
