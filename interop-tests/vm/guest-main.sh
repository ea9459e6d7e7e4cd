#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Stage 2 of the test VM, run as init on the host's root (read-only, under
# a tmpfs overlay): give the guest a fresh /run, mount the results share,
# let the kernel load modules from the prepared kernel tree, run the plan,
# power off.
# The kernel command line sets btns_moddir (the tree with lib/modules).
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
results=/run/btns-results

poweroff_now() {
	sync
	echo o >/proc/sysrq-trigger
	sleep 60 2>/dev/null
}

# The host's /run describes the host (its netns, its daemons): not ours.
mount -t tmpfs -o mode=755 tmpfs /run &&
	mkdir -p /run/netns /run/lock "$results" /dev/pts /dev/shm &&
	mount -t devpts devpts /dev/pts &&
	mount -t tmpfs tmpfs /dev/shm &&
	mount -t 9p -o trans=virtio,version=9p2000.L results "$results" || {
	echo "btns-vm: stage 2: cannot set up the guest's file systems"
	poweroff_now
}

[ -n "${btns_moddir:-}" ] || {
	echo "btns-vm: stage 2: no btns_moddir= on the kernel command line"
	poweroff_now
}

# The kernel asks this helper for crypto templates and protocols (esp4,
# rfc4106(gcm(aes)), ...), which live in the prepared tree, not in /lib.
cat >/run/btns-modprobe <<EOT
#!/bin/sh
exec /sbin/modprobe -d "$btns_moddir" "\$@"
EOT
chmod 755 /run/btns-modprobe
echo /run/btns-modprobe >/proc/sys/kernel/modprobe
ip link set lo up
cut -d' ' -f1 /proc/uptime >"$results/ready"

sh "$(dirname "$0")/run-plan.sh" "$results" >/dev/console 2>&1
poweroff_now
