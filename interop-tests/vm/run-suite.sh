#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Runs interop scenarios against a kernel with ESP, AH and IPComp: boots
# Debian's kernel once under qemu (TCG) with the host's root shared
# read-only, runs every scenario in that one guest, each under its own
# timeout, and leaves the results in RESULTS for report.sh.  A guest that
# hangs is killed.  Exits non-zero if the guest could not run the plan.
#
# usage: run-suite.sh CACHE RESULTS BUILD_DIR SCENARIO.sh...
#
# BTNS_VM=host runs the scenarios on this machine's own kernel instead, as
# root, when that kernel has ESP (no VM then); on a kernel without ESP that
# is an error, never a skip.  BTNS_VM=auto uses this machine's kernel if it
# has ESP, else the VM.  BTNS_VM_TIMEOUT=S kills the guest after S
# seconds (default: 180 for the boot plus every scenario's timeout).
set -eu
cache=$1 results=$2 build=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
boot_allowance=180
say() { printf 'vm: %s\n' "$*"; }
die() { printf 'vm: error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "the scenarios need root (network namespaces, XFRM); run as root"
case $results in
"" | /) die "refusing '$results' as the results directory" ;;
esac

rm -rf "$results"
mkdir -p "$results"
total=0
for s in "$@"; do
	name=$(basename "$s" .sh)
	t=$(sed -n 's/^# timeout: *\([0-9][0-9]*\).*/\1/p' "$s" | head -1)
	t=${t:-120}
	total=$((total + t + 5))
	echo "$name $t $(cd "$(dirname "$s")" && pwd)/$(basename "$s")" >>"$results/plan"
done
cat >"$results/env" <<EOT
BTNS_SOURCE_DIR=$source_dir
BTNS_BUILD_DIR=$(cd "$build" && pwd)
BTNS_BENCH_SIZES="${BTNS_BENCH_SIZES:-}"
BTNS_BENCH_MIB="${BTNS_BENCH_MIB:-}"
BTNS_DEMO_MIB="${BTNS_DEMO_MIB:-}"
BTNS_DEMO_KM="${BTNS_DEMO_KM:-}"
BTNS_BENCH_RATIOS="${BTNS_BENCH_RATIOS:-}"
EOT
# libreswan's pluto, unpacked beside the kernel (it cannot be installed
# next to strongSwan).
echo "BTNS_LIBRESWAN=$("$here/prepare-libreswan.sh" "$cache" | tail -1)" >>"$results/env"

# Prints the progress lines that scenario NAME added since last time.
report_steps() {
	[ -f "$results/$1.progress" ] || return 0
	steps_shown=$(cat "$results/$1.progress.shown" 2>/dev/null || echo 0)
	steps_total=$(wc -l <"$results/$1.progress")
	[ "$steps_total" -gt "$steps_shown" ] || return 0
	sed -n "$((steps_shown + 1)),${steps_total}p" "$results/$1.progress" | while IFS= read -r line; do
		say "  $1: $line"
	done
	echo "$steps_total" >"$results/$1.progress.shown"
}

# Prints each scenario's progress, and its result once, as it arrives.
report_progress() {
	while read -r name _ _; do
		report_steps "$name"
		[ -f "$results/$name.status" ] && [ ! -f "$results/$name.reported" ] || continue
		status=$(cat "$results/$name.status")
		case $status in
		0) verdict=passed ;;
		124 | 137) verdict="TIMED OUT" ;;
		*) verdict="FAILED ($status)" ;;
		esac
		say "  $name: $verdict in $(cat "$results/$name.seconds" 2>/dev/null || echo '?')s"
		touch "$results/$name.reported"
	done <"$results/plan"
}

# Whether this machine's kernel can install an ESP SA (tried in a scratch
# network namespace).
kernel_has_esp() {
	ns=btns-esp-probe-$$
	ip netns add "$ns" || die "cannot create a network namespace"
	if ip netns exec "$ns" ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x100 \
		mode transport aead 'rfc4106(gcm(aes))' 0x0000000000000000000000000000000000000000 128 \
		2>/dev/null; then
		esp=yes
	else
		esp=no
	fi
	ip netns del "$ns"
	[ "$esp" = yes ]
}

vm=${BTNS_VM:-qemu}
if [ "$vm" = auto ]; then
	if kernel_has_esp; then vm=host; else vm=qemu; fi
fi
if [ "$vm" = host ]; then
	[ "${BTNS_VM:-}" = auto ] || kernel_has_esp ||
		die "BTNS_VM=host, but this kernel cannot install an ESP SA; unset BTNS_VM to use the VM"
	say "running the scenarios on this machine's kernel (it has ESP), not in a VM"
	sh "$here/run-plan.sh" "$results"
	report_progress
	[ -f "$results/done" ] || die "the plan did not finish"
	exit 0
fi

command -v qemu-system-x86_64 >/dev/null ||
	die "qemu-system-x86_64 is missing (package qemu-system-x86; scripts/install-deps installs it)"
release=$("$here/prepare-kernel.sh" "$cache" | tail -1)
kernel=$cache/$release
guest_timeout=${BTNS_VM_TIMEOUT:-$((boot_allowance + total))}

say "booting Debian's kernel $release under qemu (TCG); the guest is killed after ${guest_timeout}s"
start=$(date +%s.%N)
timeout -k 10 "$guest_timeout" qemu-system-x86_64 \
	-accel tcg -cpu max -m 2048 -smp 2 \
	-display none -monitor none -nic none -no-reboot \
	-serial "file:$results/console.log" \
	-kernel "$kernel/vmlinuz" -initrd "$kernel/initrd.img" \
	-append "console=ttyS0 panic=-1 loglevel=3 btns_main=$here/guest-main.sh btns_moddir=$kernel/root" \
	-fsdev local,id=hostroot,path=/,security_model=passthrough,readonly=on,multidevs=remap \
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
	-fsdev "local,id=results,path=$results,security_model=passthrough" \
	-device virtio-9p-pci,fsdev=results,mount_tag=results \
	</dev/null &
qemu=$!

booted=""
while kill -0 "$qemu" 2>/dev/null; do
	if [ -z "$booted" ] && [ -f "$results/ready" ]; then
		booted=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
		say "guest up after ${booted}s (guest uptime $(cat "$results/ready")s); running $(wc -l <"$results/plan") scenarios"
	fi
	report_progress
	sleep 0.5
done
set +e
wait "$qemu"
qemu_status=$?
set -e
report_progress
elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')

if [ -f "$results/done" ]; then
	say "suite finished in ${elapsed}s (boot ${booted}s)"
	exit 0
fi
if [ "$qemu_status" -eq 124 ] || [ "$qemu_status" -eq 137 ]; then
	say "the guest did not finish within ${guest_timeout}s and was killed"
else
	say "the guest stopped (qemu status $qemu_status) before finishing the plan"
fi
say "last lines of the guest's console ($results/console.log):"
tail -n 20 "$results/console.log" 2>/dev/null | sed 's/^/    /'
exit 1
