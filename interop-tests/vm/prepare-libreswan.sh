#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Prepares libreswan's pluto for the test VM in CACHE, without installing
# it: Debian's libreswan conflicts with strongSwan's packages (a host runs
# one IKE daemon), and the scenarios need both.  The package and the
# libraries that this host lacks are fetched with apt-get and unpacked;
# nothing else is downloaded.  A prepared CACHE is reused.
#
# usage: prepare-libreswan.sh CACHE
# Prints the unpacked root on its last line: ROOT/usr/libexec/ipsec/pluto,
# with its libraries in ROOT/usr/lib/x86_64-linux-gnu.
set -eu
cache=$1
say() { printf 'vm: %s\n' "$*" >&2; }
die() { printf 'vm: error: %s\n' "$*" >&2; exit 1; }

for tool in apt-cache apt-get dpkg-deb ldd; do
	command -v "$tool" >/dev/null || die "$tool is missing (scripts/install-deps installs it)"
done

version() {
	apt-cache policy libreswan 2>/dev/null | sed -n 's/^ *Candidate: *//p' | head -1
}
v=$(version)
if [ -z "$v" ] || [ "$v" = "(none)" ]; then
	say "apt knows no libreswan; updating the package lists"
	apt-get update -q >&2 || die "apt-get update failed"
	v=$(version)
fi
[ -n "$v" ] && [ "$v" != "(none)" ] || die "apt has no libreswan package"
dir=$cache/libreswan-$v
root=$dir/root
if [ -f "$dir/ready" ]; then
	say "libreswan $v: cached in $dir"
	echo "$root"
	exit 0
fi

rm -rf "$dir"
mkdir -p "$dir/download" "$root"
# certutil (libnss3-tools) makes pluto's NSS database; the others are the
# libraries of pluto that strongSwan's hosts do not have.
packages="libreswan libnss3-tools libldns3 libevent-pthreads-2.1-7"
say "libreswan $v: downloading $packages with apt-get"
(cd "$dir/download" && apt-get download -q -o APT::Sandbox::User=root $packages >&2) || {
	say "download failed; updating the package lists and retrying"
	apt-get update -q >&2 || die "apt-get update failed"
	(cd "$dir/download" && apt-get download -q -o APT::Sandbox::User=root $packages >&2) ||
		die "apt-get download $packages failed"
}
for deb in "$dir"/download/*.deb; do
	dpkg-deb -x "$deb" "$root"
done
rm -rf "$dir/download"

libs=$root/usr/lib/x86_64-linux-gnu
for program in usr/libexec/ipsec/pluto usr/libexec/ipsec/whack usr/libexec/ipsec/addconn usr/bin/certutil; do
	[ -x "$root/$program" ] || die "the packages have no $program"
	missing=$(LD_LIBRARY_PATH=$libs ldd "$root/$program" | sed -n 's/^[[:space:]]*\([^ ]*\) => not found.*/\1/p')
	[ -z "$missing" ] || die "$program needs $(echo $missing) (install the package that has it)"
done
touch "$dir/ready"
say "libreswan $v: ready in $dir"
echo "$root"
