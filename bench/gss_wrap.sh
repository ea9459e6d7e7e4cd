#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Runs bench_gss_wrap in the test VM (ESP), in a network namespace with a
# dummy link of two addresses, an ESP SA pair of reqid 42 between them,
# and a KDC whose keys are aes256-cts-hmac-sha384-192; run by
# bench/run-gss-wrap through the interop-tests VM runner.
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
ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x1001 reqid 42 mode transport \
	aead 'rfc4106(gcm(aes))' "0x$(key 36)" 128
ip xfrm state add src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x1002 reqid 42 mode transport \
	aead 'rfc4106(gcm(aes))' "0x$(key 36)" 128
export KDC_ENCTYPE=aes256-cts-hmac-sha384-192 KDC_SERVICE_HOST=server
. "$BTNS_SOURCE_DIR/mech_btns/tests/kdc.sh"
trap kdc_stop EXIT
kdc_start
export GSS_MECH_CONFIG=$BTNS_BUILD_DIR/mech_btns/mech.conf
klist -e | grep -i etype | head -1
"$BTNS_BUILD_DIR/bench/bench_gss_wrap" 192.0.2.1 192.0.2.2 7000 42
