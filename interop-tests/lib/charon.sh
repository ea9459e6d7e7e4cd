# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=bash
#
# strongSwan's charon (Debian's) as a test host's IKE daemon: its
# configuration in a directory of its own, and the daemon in a network
# namespace with a /run of its own (its pid file is /var/run/charon.pid),
# listening for VICI at DIR/charon.vici.  Sourced by the host test
# charon_vici.sh and by VM scenarios (after testbed.sh).

# charon_pki DIR: the credentials of hosts a.btns.test and b.btns.test in
# DIR, made with openssl: a CA (ca.crt), and for each host H an RSA key
# (H.key), its public key (H.pub), a certificate from the CA (H.crt,
# subject "O=BTNS test, CN=H.btns.test", and that name as its DNS name) and
# a self-signed one of the same names (H-self.crt).
# RSA, because Debian's charon without its openssl plugin signs with gmp.
charon_pki() {
	local dir=$1 h
	mkdir -p "$dir"
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/ca.key" -out "$dir/ca.crt" \
		-days 2 -subj "/O=BTNS test/CN=BTNS test CA" 2>/dev/null
	for h in a b; do
		openssl req -newkey rsa:2048 -nodes -keyout "$dir/$h.key" -out "$dir/$h.csr" \
			-subj "/O=BTNS test/CN=$h.btns.test" 2>/dev/null
		printf 'subjectAltName=DNS:%s.btns.test\n' "$h" >"$dir/$h.ext"
		openssl x509 -req -in "$dir/$h.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" \
			-CAcreateserial -days 2 -extfile "$dir/$h.ext" -out "$dir/$h.crt" 2>/dev/null
		openssl pkey -in "$dir/$h.key" -pubout -out "$dir/$h.pub"
		openssl req -x509 -key "$dir/$h.key" -out "$dir/$h-self.crt" -days 2 \
			-subj "/O=BTNS test/CN=$h.btns.test" -addext "subjectAltName=DNS:$h.btns.test" \
			2>/dev/null
	done
}

# charon_auth_sections AUTH ID PEER_ID PKI DIR: swanctl's local and remote
# sections for AUTH (psk, cert: certificates from the CA, selfsigned: each
# host's self-signed certificate configured at the other, rawkey: each
# host's raw public key configured at the other), with the credentials
# that AUTH needs copied from PKI (charon_pki) into DIR.
charon_auth_sections() {
	local auth=$1 id=$2 peer=$3 pki=$4 dir=$5 h=${2%%.*}
	case $auth in
	psk)
		printf '\t\tlocal {\n\t\t\tauth = psk\n\t\t\tid = %s\n\t\t}\n' "$id"
		printf '\t\tremote {\n\t\t\tauth = psk\n\t\t}\n'
		;;
	cert)
		cp "$pki/$h.crt" "$dir/x509/"
		cp "$pki/$h.key" "$dir/private/"
		cp "$pki/ca.crt" "$dir/x509ca/"
		printf '\t\tlocal {\n\t\t\tauth = pubkey\n\t\t\tid = %s\n\t\t\tcerts = %s.crt\n\t\t}\n' "$id" "$h"
		printf '\t\tremote {\n\t\t\tauth = pubkey\n\t\t\tid = %s\n\t\t\tcacerts = ca.crt\n\t\t}\n' "$peer"
		;;
	selfsigned)
		cp "$pki/$h-self.crt" "$pki/${peer%%.*}-self.crt" "$dir/x509/"
		cp "$pki/$h.key" "$dir/private/"
		printf '\t\tlocal {\n\t\t\tauth = pubkey\n\t\t\tid = %s\n\t\t\tcerts = %s-self.crt\n\t\t}\n' "$id" "$h"
		printf '\t\tremote {\n\t\t\tauth = pubkey\n\t\t\tid = %s\n\t\t\tcerts = %s-self.crt\n\t\t}\n' "$peer" "${peer%%.*}"
		;;
	rawkey)
		cp "$pki/$h.pub" "$pki/${peer%%.*}.pub" "$dir/pubkey/"
		cp "$pki/$h.key" "$dir/private/"
		printf '\t\tlocal {\n\t\t\tauth = pubkey\n\t\t\tid = %s\n\t\t\tpubkeys = %s.pub\n\t\t}\n' "$id" "$h"
		printf '\t\tremote {\n\t\t\tauth = pubkey\n\t\t\tid = %s\n\t\t\tpubkeys = %s.pub\n\t\t}\n' "$peer" "${peer%%.*}"
		;;
	*) echo "charon_auth_sections: no such authentication: $auth" >&2; return 1 ;;
	esac
}

# charon_configure DIR ID LOCAL_ADDR REMOTE_ADDR CHILD_OPTIONS [AUTH PKI]:
# charon's strongswan.conf and the swanctl.conf of one connection,
# host-host, between a.btns.test and b.btns.test, authenticated by AUTH
# (psk, the default: a pre-shared key; cert, selfsigned or rawkey, with
# the credentials of charon_pki's directory PKI); CHILD_OPTIONS are swanctl
# lines for its one transport-mode child, host-host (reqid 100).
charon_configure() {
	local dir=$1 id=$2 me=$3 peer=$4 child=$5 auth=${6:-psk} pki=${7:-} peer_id
	peer_id=b.btns.test
	[ "$id" = b.btns.test ] && peer_id=a.btns.test
	mkdir -p "$dir/x509" "$dir/x509ca" "$dir/private" "$dir/pubkey"
	cat >"$dir/strongswan.conf" <<CONF
charon {
	load = random nonce kdf aes sha1 sha2 hmac pem pkcs1 pkcs8 x509 pubkey gmp kernel-netlink socket-default vici
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
	{
		printf 'connections {\n\thost-host {\n\t\tlocal_addrs = %s\n\t\tremote_addrs = %s\n' "$me" "$peer"
		printf '\t\tproposals = aes256-sha256-modp3072\n'
		charon_auth_sections "$auth" "$id" "$peer_id" "$pki" "$dir"
		cat <<CONF
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
	} >"$dir/swanctl.conf"
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

# charon_pair AUTH CHILD_OPTIONS: charon on test hosts a and b
# (tb_two_hosts), each with the connection of charon_configure (AUTH, and
# CHILD_OPTIONS for its child); their VICI sockets at
# $TB_WORK/charon-a/charon.vici and charon-b.  For AUTH cert, selfsigned
# and rawkey, the credentials are made in $TB_WORK/pki.  Needs testbed.sh.
charon_pair() {
	local auth=$1 child=$2 h me peer
	[ "$auth" = psk ] || [ -d "$TB_WORK/pki" ] || charon_pki "$TB_WORK/pki"
	for h in a b; do
		me=$A4 peer=$B4
		[ $h = b ] && me=$B4 peer=$A4
		charon_configure "$TB_WORK/charon-$h" "$h.btns.test" "$me" "$peer" "$child" \
			"$auth" "$TB_WORK/pki"
		charon_start "$TB_WORK/charon-$h" "$(tb_ns $h)" || tb_fail "charon on $h"
		TB_PIDS+=("$CHARON_PID")
		eval "CHARON_PID_$h=$CHARON_PID"
	done
}

# charon_pair_on_demand [AUTH]: charon_pair (psk by default) where each
# charon has a trap for reqid 100 (AES-GCM-128) and no policy of its own,
# so that only sockets whose pToken requires ESP with reqid 100 get SAs.
charon_pair_on_demand() {
	charon_pair "${1:-psk}" "esp_proposals = aes128gcm16
				start_action = trap
				policies = no"
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

# charon_on_demand_connection PORT: a UDP connection from a to b's PORT
# over the SAs that charon negotiates on demand (charon_pair_on_demand): a
# first datagram makes charon negotiate, then both ends print their
# pToken, each asking its own charon, into $TB_WORK/a-PORT and
# $TB_WORK/b-PORT.
charon_on_demand_connection() {
	local port=$1
	export BTNS_DEMAND=ENABLE,ENABLE,DISABLE,100
	tb_on a "$(tb_program socket_ptoken)" connect udp "$B4" 5999 >/dev/null 2>&1 || true
	charon_wait_children "$TB_WORK/charon-a" 1
	tb_on b env IPSECAPI_VICI_SOCKET="$TB_WORK/charon-b/charon.vici" \
		"$(tb_program socket_ptoken)" listen udp "$port" "$B4" >"$TB_WORK/b-$port" 2>&1 &
	TB_PIDS+=($!)
	tb_wait_listening b udp "$port"
	tb_on a env IPSECAPI_VICI_SOCKET="$TB_WORK/charon-a/charon.vici" \
		"$(tb_program socket_ptoken)" connect udp "$B4" "$port" >"$TB_WORK/a-$port" 2>&1 || true
	wait "${TB_PIDS[-1]}" || true
	cat "$TB_WORK/a-$port" "$TB_WORK/b-$port"
}

# charon_der_hex FILE: the public key in PEM file FILE, as hex DER
# SubjectPublicKeyInfo (what an iToken's pubKeyID holds).
charon_der_hex() {
	openssl pkey -pubin -in "$1" -outform DER | od -An -v -tx1 | tr -d ' \n'
}

# charon_check_certificates CERT_SUFFIX: the checks of a connection from
# charon_on_demand_connection between peers that charon authenticated by
# certificates ($TB_WORK/pki/H$CERT_SUFFIX.crt): on each end, the peer
# iToken has the other's certificate names and key, as openssl reads them,
# and PKIX_TRUSTED; the end-point and unique bindings are the same on both
# ends.
charon_check_certificates() {
	local suffix=$1 end peer out subject issuer ep_a pki=$TB_WORK/pki
	tb_check "latched on charon's SAs" grep -q '^latchState=LATCH_ESTABLISHED$' "$TB_WORK/a-5001"
	for end in a b; do
		out=$TB_WORK/$end-5001 peer=b
		[ $end = b ] && peer=a
		subject=$(openssl x509 -in "$pki/$peer$suffix.crt" -noout -subject -nameopt RFC2253 | sed 's/^subject=//')
		issuer=$(openssl x509 -in "$pki/$peer$suffix.crt" -noout -issuer -nameopt RFC2253 | sed 's/^issuer=//')
		tb_check "$end: the peer is $peer.btns.test, by its certificate" \
			grep -q "^peer.auditString=peer .* is $peer.btns.test, authenticated by public key; certificate $subject, issued by $issuer (IKE_SA host-host" "$out"
		tb_check "$end: method PKIX_TRUSTED" \
			grep -q '^peer.authenticationMethod=authMeth_PKIX_TRUSTED$' "$out"
		tb_check "$end: certificateDN is $peer's certificate's subject ($subject)" \
			test "$(tb_field "$end" 5001 peer.certificateDN)" = "$subject"
		tb_check "$end: certificateAuthorityDN is its issuer ($issuer)" \
			test "$(tb_field "$end" 5001 peer.certificateAuthorityDN)" = "$issuer"
		tb_check "$end: pubKeyID is $peer's public key" \
			test "$(tb_field "$end" 5001 peer.pubKeyID)" = "$(charon_der_hex "$pki/$peer.pub")"
	done
	ep_a=$(tb_field a 5001 endPointBinding)
	tb_check "an end-point binding of the two keys" \
		grep -q '^IPsec-end-point-IKEv2-pubkey-sha-256:' <<<"$ep_a"
	tb_check "the same on both ends" test "$ep_a" = "$(tb_field b 5001 endPointBinding)"
	tb_check "and the unique binding too" \
		test -n "$(tb_field a 5001 channelBinding)" -a \
		"$(tb_field a 5001 channelBinding)" = "$(tb_field b 5001 channelBinding)"
}
