#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Runner self-test: a guest that does not finish is killed when the guest
# timeout passes, and the suite reports it and fails; it does not hang.
#
# usage: check-hung-guest.sh CACHE WORKDIR BUILD_DIR
set -u
cache=$1 work=$2 build=$3
here=$(cd "$(dirname "$0")" && pwd)
if [ "${BTNS_VM:-qemu}" = host ]; then
	echo "BTNS_VM=host: there is no guest to kill"
	exit 77
fi
start=$(date +%s)
BTNS_VM_TIMEOUT=30 "$here/../vm/run-suite.sh" "$cache" "$work" "$build" "$here/guest_hangs.sh" >"$work.out" 2>&1
status=$?
elapsed=$(($(date +%s) - start))
cat "$work.out"
if [ "$status" -eq 0 ]; then
	echo "FAIL: the suite succeeded although its guest never finished"
	exit 1
fi
if ! grep -q "did not finish within 30s and was killed" "$work.out"; then
	echo "FAIL: the suite did not report the killed guest"
	exit 1
fi
if [ "$elapsed" -gt 60 ]; then
	echo "FAIL: the suite took ${elapsed}s, not about 30s"
	exit 1
fi
echo "ok: the hung guest was killed after ${elapsed}s and reported"
