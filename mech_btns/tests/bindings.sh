#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The channel-binding cases of mech_btns (btns_bindings), against a real
# KDC: bound, mismatched, one-sided, unbound, garbled, truncated and
# replayed tokens, a bad socket in the credential store, context export,
# delegated credentials, krb5's own tokens, not a default mechanism.
#   bindings.sh MECH_CONF BTNS_BINDINGS
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/kdc.sh"
kdc_enter_netns "$0" "$@"
export GSS_MECH_CONFIG=$1
program=$2
trap kdc_stop EXIT
kdc_start
status=0
cases="bound mismatch unbound-acceptor plain garbled truncated replayed bad-socket export
       delegation foreign not-default calls"
for c in $cases; do
	echo "--- $c"
	"$program" "$c" || status=1
done
exit $status
