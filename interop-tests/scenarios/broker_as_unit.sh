#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The broker run as its systemd units run it (lib/unit.sh): socket-activated
# at the socket unit's path, root with CAP_NET_ADMIN alone and no new
# privileges, a clean environment, and the options an administrator's
# drop-in gives (reqid 100, charon's trap).  It finds charon where Debian's
# charon listens (/var/run/charon.vici, here a link to the test's charon,
# whose socket is root's, mode 0770).  A process of another user (nobody),
# with no capability, asks about its connection to a peer that charon
# authenticated by a raw public key: through the broker it learns who the
# peer is.  The same broker run as the unit used to run it (a dynamic user
# with CAP_NET_ADMIN) is refused by charon, and its client learns nothing
# of the peer: without the unit's root, the check above would fail.
# timeout: 240
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/charon.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/unit.sh"

socket_unit=$BTNS_SOURCE_DIR/broker/ipsecapid.socket
service=$TB_WORK/ipsecapid.service
vici_link=/var/run/charon.vici
trap 'unit_stop "$service" "$socket_unit"; rm -f "$vici_link"; tb_cleanup' EXIT
# The unit as built, and an administrator's drop-in (ipsecapid(8)).
cp "$BTNS_BUILD_DIR/broker/ipsecapid.service.staged" "$service"
echo 'Environment=IPSECAPID_OPTIONS=--reqids=0,100' >>"$service"
ptoken=$(tb_program socket_ptoken)
broker=$BTNS_BUILD_DIR/broker/ipsecapid

tb_two_hosts
charon_pair_on_demand rawkey
vici=$TB_WORK/charon-a/charon.vici
tb_check "charon's VICI socket is root's, mode 0770" test "$(stat -c %U:%a "$vici")" = root:770
# Its directories open to all, as /run is: only the socket's mode decides.
chmod 0755 "$TB_WORK" "$TB_WORK/charon-a"
ln -s "$vici" "$vici_link"
# A first datagram, from root, makes charon negotiate the SAs.
BTNS_DEMAND=ENABLE,ENABLE,DISABLE,100 tb_on a "$ptoken" connect udp "$B4" 5999 >/dev/null 2>&1 ||
	true
charon_wait_children "$TB_WORK/charon-a" 1

# nobody_asks PORT: a process of nobody, with no capability and only PATH
# in its environment, demands ESP with charon's reqid on a UDP socket to
# b's PORT and prints its pToken into $TB_WORK/a-PORT; b, as root, demands
# the same of its answer.
nobody_asks() {
	local demand=ENABLE,ENABLE,DISABLE,100
	BTNS_DEMAND=$demand tb_on b "$ptoken" listen udp "$1" "$B4" >"$TB_WORK/b-$1" 2>&1 &
	TB_PIDS+=($!)
	tb_wait_listening b udp "$1"
	ip netns exec "$(tb_ns a)" env -i PATH=/usr/bin:/bin BTNS_DEMAND=$demand \
		setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
		--bounding-set=-all timeout 60 "$ptoken" connect udp "$B4" "$1" \
		>"$TB_WORK/a-$1" 2>&1 || true
	wait "${TB_PIDS[-1]}" || true
	cat "$TB_WORK/a-$1"
}

# broker_pid: the pid of the broker started last (earlier scenarios' may
# still run).
broker_pid() {
	for _ in $(seq 100); do
		pgrep -n -f "^$broker" && return 0
		sleep 0.05
	done
	return 1
}

tb_step "the broker as the units run it"
unit_start a "$service" "$socket_unit" "$broker" "$TB_WORK/broker-unit.log"
nobody_asks 5001
cat "$TB_WORK/broker-unit.log"
pid=$(broker_pid)
status=$(cat "/proc/$pid/status")
tb_check "the broker was started by its socket" \
	grep -q "listening on the socket systemd passed" "$TB_WORK/broker-unit.log"
tb_check "it runs as root" grep -q "^Uid:[[:space:]]0[[:space:]]" <<<"$status"
tb_check "with CAP_NET_ADMIN as its only capability" \
	grep -q "^CapEff:[[:space:]]0000000000001000$" <<<"$status"
tb_check "and none to gain" grep -q "^CapBnd:[[:space:]]0000000000001000$" <<<"$status"
tb_check "the client is nobody's, and the broker answered it" \
	grep -q "uid $(id -u nobody) .*get_socket_pToken socket:\[[0-9]*\]: ok" \
	"$TB_WORK/broker-unit.log"
tb_check "the client learnt that its peer is b.btns.test, by a raw public key" \
	grep -q "^peer.auditString=peer .* is b.btns.test, authenticated by public key" \
	"$TB_WORK/a-5001"
tb_check "and b's public key" \
	test "$(tb_field a 5001 peer.pubKeyID)" = "$(charon_der_hex "$TB_WORK/pki/b.pub")"

tb_step "control: the same broker as a dynamic user with CAP_NET_ADMIN"
kill "$pid"
unit_stop "$service" "$socket_unit"
printf 'DynamicUser=yes\nAmbientCapabilities=CAP_NET_ADMIN\n' >>"$service"
unit_start a "$service" "$socket_unit" "$broker" "$TB_WORK/broker-dynamic.log"
nobody_asks 5002
cat "$TB_WORK/broker-dynamic.log"
tb_check "that broker answered" \
	grep -q "get_socket_pToken socket:\[[0-9]*\]: ok" "$TB_WORK/broker-dynamic.log"
refused="charon cannot be reached at $vici_link: Permission denied"
tb_check "but charon refused it" grep -q "^peer.auditString=.*$refused" "$TB_WORK/a-5002"
tb_check "and the client does not learn who its peer is" \
	tb_not grep -q "^peer.pubKeyID=" "$TB_WORK/a-5002"
