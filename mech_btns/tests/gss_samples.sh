#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Interop: MIT's unmodified gss-client and gss-server on a host where
# mech_btns is registered (GSS_MECH_CONFIG names the module of this build),
# against a real KDC.  mech_btns is not a default mechanism
# (GSS_C_MA_NOT_DFLT_MECH), so:
# - gss-client without -mech, and with -spnego, gets krb5, not mech_btns;
# - gss-client -mech mech_btns starts a mech_btns context (it names the
#   OID), but gss-server, which accepts with default credentials, has no
#   mech_btns credential and refuses it.
#   gss_samples.sh MECH_CONF
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/kdc.sh"
kdc_enter_netns "$0" "$@"
export GSS_MECH_CONFIG=$1
trap kdc_stop EXIT
kdc_start

btns_oid="{ 1 3 6 1 4 1 32473 1 1 }"
krb5_oid="{ 1 2 840 113554 1 2 2 }"
fail() { echo "FAIL: $*"; exit 1; }

# exchange NAME [GSS-CLIENT OPTIONS...]: one gss-server session and one
# gss-client that sends "hello, NAME"; their logs in $KDC_DIR/NAME.*.log.
exchange() {
	local name=$1 server
	shift
	gss-server -port 4444 -once -verbose host@localhost >"$KDC_DIR/$name.server.log" 2>&1 &
	server=$!
	for _ in $(seq 50); do
		ss -ltn 'sport = :4444' | grep -q 4444 && break
		sleep 0.1
	done
	gss-client -port 4444 "$@" localhost host@localhost "hello, $name" \
		>"$KDC_DIR/$name.client.log" 2>&1 || true
	wait "$server" || true
	echo "--- $name: gss-client $*"
	sed 's/^/client: /' "$KDC_DIR/$name.client.log" | grep -v '^client: [0-9a-f ]*$' || true
	sed 's/^/server: /' "$KDC_DIR/$name.server.log" | grep -v '^server: [0-9a-f ]*$' || true
}

# completed NAME MECH: the exchange NAME went through with mechanism MECH.
completed() {
	grep -qF "Mechanism $2" "$KDC_DIR/$1.client.log" ||
		fail "$1: the client's context is not of mechanism $2"
	grep -q 'Signature verified' "$KDC_DIR/$1.client.log" ||
		fail "$1: the server's MIC did not verify"
	grep -q "hello, $1" "$KDC_DIR/$1.server.log" ||
		fail "$1: the server did not unwrap the message"
	grep -q 'user@TEST.REALM' "$KDC_DIR/$1.server.log" ||
		fail "$1: the server does not name the client"
	if grep -qF "$btns_oid" "$KDC_DIR/$1.client.log"; then
		fail "$1: mech_btns was chosen"
	fi
}

exchange default
completed default "$krb5_oid"
echo "ok: gss-client without -mech gets krb5, not mech_btns"

exchange spnego -spnego
completed spnego "$krb5_oid"
echo "ok: SPNEGO negotiates krb5, not mech_btns"

exchange by-oid -mech "$btns_oid"
grep -q 'No credentials were supplied' "$KDC_DIR/by-oid.server.log" ||
	fail "by-oid: gss-server did not refuse mech_btns for want of a credential"
if grep -q "hello, by-oid" "$KDC_DIR/by-oid.server.log"; then
	fail "by-oid: gss-server accepted mech_btns with default credentials"
fi
echo "ok: gss-server's default credentials do not accept mech_btns"
