#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Cyrus SASL's GS2 plugin with mech_btns (GSS_MECH_CONFIG naming the
# module of this build):
# - saslpluginviewer lists it as GS2-BTNS, with channel binding, on the
#   client and the server side;
# - Cyrus's unmodified sasl-sample-client and sasl-sample-server complete a
#   GS2-BTNS exchange with a real KDC, and then trade messages.  The sample
#   programs set no channel binding, so GS2-BTNS-PLUS is not tried here
#   (mech_btns.bindings covers the bindings).
# Runs in network and UTS namespaces of its own, so that the server's host
# name, and so its service principal, is the test's.
#   sasl_gs2.sh MECH_CONF
set -euo pipefail
if [ -z "${BTNS_IN_NETNS:-}" ]; then
	opts=(--net --uts)
	[ "$(id -u)" -eq 0 ] || opts+=(--map-root-user)
	exec env BTNS_IN_NETNS=1 unshare "${opts[@]}" bash "$0" "$@"
fi
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

# A name that resolves nowhere: SASL takes it as the server's FQDN as is.
hostname btns-sasl-host
export KDC_SERVICE_HOST=btns-sasl-host
. "$(dirname "$0")/kdc.sh"
kdc_enter_netns "$0" "$@" # loopback up: already in the namespaces
work=$(mktemp -d)
trap 'kdc_stop; rm -rf "$work"' EXIT
kdc_start

# The sample programs print the lines for the other side ("S: ..." and
# "C: ..."); each side's lines are relayed to the other's input.
mkfifo "$work/to-client" "$work/to-server"
timeout 60 stdbuf -oL sasl-sample-server -s host -m GS2-BTNS <"$work/to-server" 2>&1 |
	tee "$work/server.log" | grep --line-buffered '^S: ' >"$work/to-client" &
server=$!
timeout 60 stdbuf -oL sasl-sample-client -s host -n btns-sasl-host -m GS2-BTNS -a user \
	<"$work/to-client" 2>&1 | tee "$work/client.log" | grep --line-buffered '^C: ' \
	>"$work/to-server" &
client=$!
wait "$server" || true
wait "$client" || true
sed 's/^/server: /' "$work/server.log"
sed 's/^/client: /' "$work/client.log"
grep -q '^Negotiation complete' "$work/server.log" || fail "the GS2-BTNS exchange did not complete"
grep -q '^Username: user$' "$work/server.log" || fail "the server did not authenticate 'user'"
grep -q "^got 'client message 1'" "$work/server.log" ||
	fail "the server did not receive the client's message after the exchange"
grep -q "received decoded message 'srv message 1'\|recieved decoded message 'srv message 1'" \
	"$work/client.log" || fail "the client did not receive the server's message"
echo "ok: GS2-BTNS exchange between Cyrus's sample client and server, user authenticated"
