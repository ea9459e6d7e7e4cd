#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Runs bench_tls_transfer in the test VM (ESP), in a network namespace with
# a dummy link of two addresses and an ESP SA pair (AES-GCM-128, transport
# mode) that the SPD requires between them; run by bench/run-tls-transfer
# through the interop-tests VM runner.
# timeout: 900
set -euo pipefail
if [ -z "${BTNS_IN_NETNS:-}" ]; then
	exec env BTNS_IN_NETNS=1 unshare --net bash "$0" "$@"
fi
ip link set lo up
ip link add bench0 type dummy
ip link set bench0 up
ip addr add 192.0.2.1/24 dev bench0
ip addr add 192.0.2.2/24 dev bench0
key() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x1001 mode transport \
	aead 'rfc4106(gcm(aes))' "0x$(key 20)" 128
ip xfrm state add src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x1002 mode transport \
	aead 'rfc4106(gcm(aes))' "0x$(key 20)" 128
for dir in out in; do
	ip xfrm policy add src 192.0.2.1 dst 192.0.2.2 dir $dir tmpl proto esp mode transport
	ip xfrm policy add src 192.0.2.2 dst 192.0.2.1 dir $dir tmpl proto esp mode transport
done
"$BTNS_BUILD_DIR/bench/bench_tls_transfer" "${BTNS_BENCH_MIB:-128}" 192.0.2.1 192.0.2.2
ip -s xfrm state | grep -A1 lifetime\ current | head -4
