#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Runs bench_xfrm_lookup in the test VM, where the kernel has ESP; run by
# bench/run-xfrm-lookup through the interop-tests VM runner.
# timeout: 1500
set -eu
"$BTNS_BUILD_DIR/bench/bench_xfrm_lookup" ${BTNS_BENCH_SIZES:-}
