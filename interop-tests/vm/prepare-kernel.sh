#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Prepares the test VM's kernel in CACHE: Debian's own kernel package (the
# one linux-image-amd64 depends on), fetched with apt-get and unpacked, its
# module index, and an initramfs that mounts the host's root over 9p.
# Nothing else is downloaded.  A prepared CACHE is reused.
#
# usage: prepare-kernel.sh CACHE
# Prints the kernel release on its last line.
set -eu
cache=$1
here=$(cd "$(dirname "$0")" && pwd)
say() { printf 'vm: %s\n' "$*" >&2; }
die() { printf 'vm: error: %s\n' "$*" >&2; exit 1; }

for tool in apt-cache apt-get dpkg-deb depmod modprobe cpio; do
	command -v "$tool" >/dev/null || die "$tool is missing (scripts/install-deps installs it)"
done
[ -x /bin/busybox ] || die "/bin/busybox is missing (package busybox-static)"

# The package that linux-image-amd64 depends on, e.g. linux-image-6.1.0-57-amd64.
resolve() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -1
}
package=$(resolve)
if [ -z "$package" ]; then
	say "apt knows no linux-image-amd64; updating the package lists"
	apt-get update -q >&2 || die "apt-get update failed"
	package=$(resolve)
fi
[ -n "$package" ] || die "cannot resolve linux-image-amd64 to a kernel package"
release=${package#linux-image-}
dir=$cache/$release

if [ -f "$dir/ready" ]; then
	say "kernel $release: cached in $dir"
	echo "$release"
	exit 0
fi

rm -rf "$dir"
mkdir -p "$dir/download" "$dir/root"
say "kernel $release: downloading $package with apt-get"
(cd "$dir/download" && apt-get download -q -o APT::Sandbox::User=root "$package" >&2) || {
	say "download failed; updating the package lists and retrying"
	apt-get update -q >&2 || die "apt-get update failed"
	(cd "$dir/download" && apt-get download -q -o APT::Sandbox::User=root "$package" >&2) ||
		die "apt-get download $package failed"
}
deb=$(ls "$dir"/download/*.deb)

say "kernel $release: unpacking the kernel and its network, crypto and 9p modules"
# Only what the guest can need; the rest of the package (sound, media, gpu,
# ...) would triple the unpacked size.
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir/root" --wildcards \
	'./boot/vmlinuz-*' './lib/modules/*/modules.*' \
	'./lib/modules/*/kernel/net/*' './lib/modules/*/kernel/crypto/*' \
	'./lib/modules/*/kernel/lib/*' './lib/modules/*/kernel/fs/*' \
	'./lib/modules/*/kernel/arch/*' './lib/modules/*/kernel/drivers/net/*' \
	'./lib/modules/*/kernel/drivers/virtio/*' './lib/modules/*/kernel/drivers/char/*' \
	'./lib/modules/*/kernel/drivers/block/*'
rm -rf "$dir/download"
depmod -b "$dir/root" "$release"

say "kernel $release: building the initramfs"
initrd=$dir/initramfs
mkdir -p "$initrd/bin" "$initrd/modules" "$initrd/proc" "$initrd/sys" "$initrd/dev" "$initrd/newroot"
cp /bin/busybox "$initrd/bin/busybox"
cp "$here/initramfs-init" "$initrd/init"
chmod 755 "$initrd/init"
: >"$initrd/modules/order"
for m in virtio_pci 9pnet_virtio 9p overlay; do
	modprobe -d "$dir/root" -S "$release" --show-depends "$m" | sed -n 's/^insmod \([^ ]*\).*/\1/p'
done | awk '!seen[$0]++' | while read -r ko; do
	cp "$ko" "$initrd/modules/"
	basename "$ko" >>"$initrd/modules/order"
done
[ -s "$initrd/modules/order" ] || die "no virtio, 9p or overlay module found in $package"
(cd "$initrd" && find . | cpio -o -H newc --quiet) >"$dir/initrd.img"
rm -rf "$initrd"
cp "$dir"/root/boot/vmlinuz-* "$dir/vmlinuz"
touch "$dir/ready"
say "kernel $release: ready in $dir"
echo "$release"
