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
. "$BTNS_SOURCE_DIR/bench/esp_link.sh"
esp_link 42
export KDC_ENCTYPE=aes256-cts-hmac-sha384-192 KDC_SERVICE_HOST=server
. "$BTNS_SOURCE_DIR/mech_btns/tests/kdc.sh"
trap kdc_stop EXIT
kdc_start
export GSS_MECH_CONFIG=$BTNS_BUILD_DIR/mech_btns/mech.conf
klist -e | grep -i etype | head -1
"$BTNS_BUILD_DIR/bench/bench_gss_wrap" 192.0.2.1 192.0.2.2 7000 42
