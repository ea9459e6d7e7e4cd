#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Interop: MIT's unmodified gss-client and gss-server, through mech_btns
# (GSS_MECH_CONFIG names the module of this build), against a real KDC.
# gss-client asks for mech_btns by OID; gss-server accepts with default
# credentials, which include mech_btns.  Neither passes channel bindings,
# so the context is mech_btns's unbound krb5.
#   gss_samples.sh MECH_CONF
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/kdc.sh"
kdc_enter_netns "$0" "$@"
export GSS_MECH_CONFIG=$1
trap kdc_stop EXIT
kdc_start

gss-server -port 4444 -once -verbose host@localhost >"$KDC_DIR/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do
	ss -ltn 'sport = :4444' | grep -q 4444 && break
	sleep 0.1
done
gss-client -port 4444 -mech "{ 1 3 6 1 4 1 32473 1 1 }" localhost host@localhost \
	"hello through mech_btns" >"$KDC_DIR/client.log" 2>&1 || true
wait "$server" || true
cat "$KDC_DIR/client.log" "$KDC_DIR/server.log"

fail() { echo "FAIL: $*"; exit 1; }
grep -q 'Mechanism { 1 3 6 1 4 1 32473 1 1 }' "$KDC_DIR/client.log" ||
	fail "the client's context is not mech_btns's"
grep -q 'Signature verified' "$KDC_DIR/client.log" || fail "the server's MIC did not verify"
grep -q 'hello through mech_btns' "$KDC_DIR/server.log" || fail "the server did not unwrap the message"
grep -q 'user@TEST.REALM' "$KDC_DIR/server.log" || fail "the server does not name the client"
echo "ok: gss-client and gss-server through mech_btns"
