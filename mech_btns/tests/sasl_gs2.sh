#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Cyrus SASL's GS2 plugin lists mech_btns as GS2-BTNS, with channel
# binding, on the client and the server side (saslpluginviewer, with
# GSS_MECH_CONFIG naming the module of this build).
#   sasl_gs2.sh MECH_CONF
set -euo pipefail
export GSS_MECH_CONFIG=$1
fail() { echo "FAIL: $*"; exit 1; }
for side in -c -s; do
	out=$(saslpluginviewer "$side" 2>&1)
	entry=$(printf '%s\n' "$out" | grep -A2 'SASL mechanism: GS2-BTNS,' || true)
	echo "saslpluginviewer $side:"
	echo "$entry"
	[ -n "$entry" ] || fail "saslpluginviewer $side does not list GS2-BTNS"
	echo "$entry" | grep -q 'features:.*CHANNEL_BINDING' ||
		fail "GS2-BTNS without channel binding ($side)"
done
echo "ok: GS2-BTNS with channel binding, client and server"
