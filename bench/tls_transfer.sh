#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Runs bench_tls_transfer in the test VM (ESP), in a network namespace with
# a dummy link of two addresses and an ESP SA pair (AES-GCM-256, transport
# mode) that the SPD requires between them; run by bench/run-tls-transfer
# through the interop-tests VM runner.
# timeout: 900
set -euo pipefail
if [ -z "${BTNS_IN_NETNS:-}" ]; then
	exec env BTNS_IN_NETNS=1 unshare --net bash "$0" "$@"
fi
. "$BTNS_SOURCE_DIR/bench/esp_link.sh"
esp_link
"$BTNS_BUILD_DIR/bench/bench_tls_transfer" "${BTNS_BENCH_MIB:-128}" 192.0.2.1 192.0.2.2
echo "octets that the SAs carried: $(ip -s xfrm state |
	sed -n 's/^[[:space:]]*\([0-9]*\)(bytes).*/\1/p' | tr '\n' ' ')"
