#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Two strongSwan charons (Debian's), each in a network namespace and with a
# /run of its own, authenticate each other with a pre-shared key; the VICI
# client of libipsecapi (through vici_list) then asks a's charon about its
# IKE_SA: the peer, both identities, ESTABLISHED.  This machine's kernel
# has no ESP, so the CHILD_SA cannot be installed and only the IKE_SA is
# there (the SAs are tested in the VM).  A charon that is gone is an error
# that names its socket.
#   charon_vici.sh VICI_LIST
set -euo pipefail
if [ -z "${BTNS_IN_MOUNTNS:-}" ]; then
	exec env BTNS_IN_MOUNTNS=1 unshare --mount bash "$0" "$@"
fi
list=$1
# shellcheck source=lib/charon.sh
. "$(dirname "$0")/lib/charon.sh"
work=$(mktemp -d)
suffix=$$
pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	ip netns del "vici-a-$suffix" 2>/dev/null || true
	ip netns del "vici-b-$suffix" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
status=0
check() { # check WHAT COMMAND...
	if "${@:2}"; then echo "ok: $1"; else echo "FAIL: $1"; status=1; fi
}

ip netns add "vici-a-$suffix"
ip netns add "vici-b-$suffix"
ip link add va netns "vici-a-$suffix" type veth peer name vb netns "vici-b-$suffix"
ip -n "vici-a-$suffix" addr add 10.77.0.1/24 dev va
ip -n "vici-b-$suffix" addr add 10.77.0.2/24 dev vb
for h in a b; do
	ip -n "vici-$h-$suffix" link set lo up
	ip -n "vici-$h-$suffix" link set "v$h" up
done

# start_host_charon HOST ME PEER: HOST's charon, in its namespace.
start_host_charon() {
	charon_configure "$work/$1" "$1.btns.test" "$2" "$3" "esp_proposals = aes256-sha256
				policies = no"
	charon_start "$work/$1" "vici-$1-$suffix"
	pids+=("$CHARON_PID")
}
start_host_charon a 10.77.0.1 10.77.0.2
start_host_charon b 10.77.0.2 10.77.0.1

swanctl --initiate --child host-host --timeout 15 --uri "unix://$work/a/charon.vici" \
	>"$work/initiate.out" 2>&1 || true
out=$("$list" "$work/a/charon.vici" 2>&1) || true
echo "$out"
ike=$(grep '^ike=' <<<"$out" || true)
check "a's charon has the IKE_SA with b, ESTABLISHED" \
	grep -q '^ike=host-host state=ESTABLISHED remote-host=10.77.0.2 ' <<<"$ike"
check "with both identities as authenticated" \
	grep -q 'local-id=a.btns.test remote-id=b.btns.test$' <<<"$ike"
check "b's charon sees the same IKE_SA from its side" \
	grep -q '^ike=host-host state=ESTABLISHED remote-host=10.77.0.1 local-id=b.btns.test remote-id=a.btns.test$' \
	<<<"$("$list" "$work/b/charon.vici" 2>&1 || true)"

kill "${pids[0]}"
wait "${pids[0]}" 2>/dev/null || true
gone=$("$list" "$work/a/charon.vici" 2>&1) && gone_status=0 || gone_status=$?
echo "$gone"
check "charon gone: an error that names its socket" \
	test "$gone_status" -ne 0 -a -n "$(grep "^error=.*cannot be reached at $work/a/charon.vici" <<<"$gone")"
if [ "$status" -ne 0 ]; then
	tail -n 30 "$work/a/charon.log" "$work/b/charon.log" "$work/initiate.out" || true
fi
exit $status
