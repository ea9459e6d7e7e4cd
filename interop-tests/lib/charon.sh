# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=bash
#
# strongSwan's charon (Debian's) as a test host's IKE daemon: its
# configuration in a directory of its own, and the daemon in a network
# namespace with a /run of its own (its pid file is /var/run/charon.pid),
# listening for VICI at DIR/charon.vici.  Sourced by the host test
# charon_vici.sh and by VM scenarios (after testbed.sh).

# charon_configure DIR ID LOCAL_ADDR REMOTE_ADDR CHILD_OPTIONS: charon's
# strongswan.conf and the swanctl.conf of one connection, host-host, with
# a pre-shared key between a.btns.test and b.btns.test; CHILD_OPTIONS are
# swanctl lines for its one transport-mode child, host-host (reqid 100).
charon_configure() {
	local dir=$1 id=$2 me=$3 peer=$4 child=$5
	mkdir -p "$dir/x509" "$dir/x509ca" "$dir/private" "$dir/pubkey"
	cat >"$dir/strongswan.conf" <<CONF
charon {
	load = random nonce kdf aes sha1 sha2 hmac pem pkcs1 x509 pubkey gmp kernel-netlink socket-default vici
	install_routes = no
	filelog {
		log {
			path = $dir/charon.log
			default = 1
			flush_line = yes
		}
	}
	plugins {
		vici {
			socket = unix://$dir/charon.vici
		}
	}
}
CONF
	cat >"$dir/swanctl.conf" <<CONF
connections {
	host-host {
		local_addrs = $me
		remote_addrs = $peer
		proposals = aes256-sha256-modp3072
		local {
			auth = psk
			id = $id
		}
		remote {
			auth = psk
		}
		children {
			host-host {
				mode = transport
				reqid = 100
				$child
			}
		}
	}
}
secrets {
	ike-hosts {
		id-a = a.btns.test
		id-b = b.btns.test
		secret = "a secret only this test knows"
	}
}
CONF
}

# charon_start DIR NETNS: charon with DIR's configuration in network
# namespace NETNS, in the background ($! is its pid), then its connection
# loaded.  Fails, saying why, if it opens no VICI socket.
charon_start() {
	local dir=$1 ns=$2
	rm -f "$dir/charon.vici"
	ip netns exec "$ns" unshare --mount sh -c \
		"mount -t tmpfs tmpfs /run && exec env STRONGSWAN_CONF=$dir/strongswan.conf /usr/lib/ipsec/charon" \
		>"$dir/charon.out" 2>&1 &
	# shellcheck disable=SC2034 # the caller's to stop
	CHARON_PID=$!
	for _ in $(seq 100); do
		[ -S "$dir/charon.vici" ] && break
		sleep 0.1
	done
	if [ ! -S "$dir/charon.vici" ]; then
		cat "$dir/charon.out" "$dir/charon.log" 2>/dev/null || true
		echo "FAIL: charon opened no VICI socket in $dir (an AppArmor profile for" \
			"/usr/lib/ipsec/charon, where one is enforced, may forbid its paths)"
		return 1
	fi
	swanctl --load-all --file "$dir/swanctl.conf" --uri "unix://$dir/charon.vici" \
		>"$dir/load.out" 2>&1 || { cat "$dir/load.out"; return 1; }
}

# tb_charons_on_demand: charon on test hosts a and b (tb_two_hosts), each
# with a trap for reqid 100 (AES-GCM-128) and no policy of its own, so that
# only sockets whose pToken requires ESP with reqid 100 get SAs; their VICI
# sockets at $TB_WORK/charon-a/charon.vici and charon-b.  Needs testbed.sh.
tb_charons_on_demand() {
	local h me peer
	for h in a b; do
		me=$A4 peer=$B4
		[ $h = b ] && me=$B4 peer=$A4
		charon_configure "$TB_WORK/charon-$h" "$h.btns.test" "$me" "$peer" "esp_proposals = aes128gcm16
				start_action = trap
				policies = no"
		charon_start "$TB_WORK/charon-$h" "$(tb_ns $h)" || tb_fail "charon on $h"
		TB_PIDS+=("$CHARON_PID")
		eval "CHARON_PID_$h=$CHARON_PID"
	done
}

# charon_children DIR: the CHILD_SAs that DIR's charon has installed, one
# line each (vici_list's).
charon_children() {
	"$(tb_program vici_list)" "$1/charon.vici" | grep '^child=.*state=INSTALLED' || true
}

# charon_wait_children DIR N: waits up to 10 s until DIR's charon has N
# CHILD_SAs installed.
charon_wait_children() {
	for _ in $(seq 100); do
		[ "$(charon_children "$1" | grep -c .)" -eq "$2" ] && return 0
		sleep 0.1
	done
	return 0
}
