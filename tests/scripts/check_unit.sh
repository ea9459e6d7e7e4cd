#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The broker's systemd units as a package installs them (prefix /usr, into a
# scratch root): systemd reads them without a complaint (systemd-analyze
# verify in that root: every key known, the binary there, the manual pages
# of Documentation= there), and the service's exposure (systemd-analyze
# security) is no higher than systemd-networkd's, the host's other service
# that holds CAP_NET_ADMIN.
#   check_unit.sh BUILD_DIR
set -eu
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
networkd=/lib/systemd/system/systemd-networkd.service

DESTDIR=$root cmake --install "$build" --prefix /usr >"$tmp/install.log" ||
	{ cat "$tmp/install.log"; exit 1; }
service=$(find "$root" -name ipsecapid.service)
socket=$(find "$root" -name ipsecapid.socket)
[ -n "$service" ] && [ -n "$socket" ] || { echo "the units are not installed"; exit 1; }
[ -f "$networkd" ] || { echo "no $networkd to compare with (Debian's systemd package)"; exit 1; }

# verify starts the units in a root of their own, which needs the host's
# targets and slices there.
mkdir -p "$root/etc/systemd/system"
cp /lib/systemd/system/*.target /lib/systemd/system/*.slice "$root/etc/systemd/system/"
if ! MANPATH=$root/usr/share/man systemd-analyze verify --root="$root" "$service" "$socket" \
	>"$tmp/verify" 2>&1 || [ -s "$tmp/verify" ]; then
	echo "systemd-analyze verify complains:"
	cat "$tmp/verify"
	exit 1
fi
echo "ok: systemd-analyze verify"

exposure() { # exposure UNIT_FILE: the overall exposure, as 10 times its value
	systemd-analyze security --offline=yes "$1" 2>&1 |
		sed -n 's/^→ Overall exposure level for .*: \([0-9]*\)\.\([0-9]\) .*/\1\2/p'
}
ours=$(exposure "$service")
theirs=$(exposure "$networkd")
[ -n "$ours" ] && [ -n "$theirs" ] || { echo "no exposure level read"; exit 1; }
echo "exposure: ipsecapid.service $((ours / 10)).$((ours % 10))," \
	"systemd-networkd.service $((theirs / 10)).$((theirs % 10))"
if [ "$ours" -gt "$theirs" ]; then
	echo "FAIL: ipsecapid.service is more exposed than systemd-networkd.service:"
	systemd-analyze security --offline=yes "$service" 2>&1 | grep '✗'
	exit 1
fi
