#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Runs bench_broker in the test VM (ESP), in a network namespace with a
# dummy link of two addresses and an ESP SA pair that the SPD requires
# between them; run by bench/run-broker through the interop-tests VM
# runner.
# timeout: 600
set -euo pipefail
if [ -z "${BTNS_IN_NETNS:-}" ]; then
	exec env BTNS_IN_NETNS=1 unshare --net bash "$0" "$@"
fi
. "$BTNS_SOURCE_DIR/bench/esp_link.sh"
esp_link
"$BTNS_BUILD_DIR/bench/bench_broker" "$BTNS_BUILD_DIR/broker/ipsecapid" 192.0.2.1 192.0.2.2
"$BTNS_BUILD_DIR/bench/bench_broker" "$BTNS_BUILD_DIR/broker/ipsecapid"
