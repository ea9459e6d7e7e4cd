# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=bash
#
# libreswan's pluto (Debian's package, unpacked by vm/prepare-libreswan.sh
# into $BTNS_LIBRESWAN, not installed) as a test host's IKE daemon: its
# configuration, NSS database and run directory in a folder of its own, the
# daemon in a network namespace, with a mount namespace in which
# /usr/libexec/ipsec is the unpacked one (pluto runs addconn by that
# path).  Sourced by VM scenarios, after testbed.sh.

pluto_run() {
	LD_LIBRARY_PATH=$BTNS_LIBRESWAN/usr/lib/x86_64-linux-gnu "$@"
}

# pluto_whack DIR ARGS...: whack to DIR's pluto.
pluto_whack() {
	local dir=$1
	shift
	pluto_run "$BTNS_LIBRESWAN/usr/libexec/ipsec/whack" --rundir "$dir/run" "$@"
}

# pluto_configure DIR ME PEER AUTH [CONN_LINES]: ipsec.conf with one
# transport-mode IKEv2 connection "btns" between addresses ME and PEER,
# authenticated by AUTH: null (RFC 7619: no keys, no identities) or psk
# (a pre-shared key, identities @a.btns.test and @b.btns.test by address
# order).  CONN_LINES are more of its lines.
pluto_configure() {
	local dir=$1 me=$2 peer=$3 auth=$4 more=${5:-} left_id right_id auth_lines auto_line
	mkdir -p "$dir/run" "$dir/nss" "$dir/ipsec.d"
	[ -f "$dir/nss/cert9.db" ] ||
		pluto_run "$BTNS_LIBRESWAN/usr/bin/certutil" -N -d "sql:$dir/nss" --empty-password </dev/null
	: >"$dir/ipsec.secrets"
	case $auth in
	null) auth_lines="authby=null
	leftid=%null
	rightid=%null" ;;
	psk)
		left_id=@a.btns.test right_id=@b.btns.test
		[ "$me" = "$B4" ] && left_id=@b.btns.test right_id=@a.btns.test
		echo '@a.btns.test @b.btns.test : PSK "a secret only this test knows"' >"$dir/ipsec.secrets"
		auth_lines="authby=secret
	leftid=$left_id
	rightid=$right_id" ;;
	*) echo "pluto_configure: no such authentication: $auth" >&2; return 1 ;;
	esac
	# auto=add unless CONN_LINES say otherwise (a connection has one).
	auto_line=auto=add
	case $more in *auto=*) auto_line= ;; esac
	cat >"$dir/ipsec.conf" <<CONF
config setup
	logfile=$dir/pluto.log
	ipsecdir=$dir/ipsec.d
	nssdir=$dir/nss
	dumpdir=$dir/run
	secretsfile=$dir/ipsec.secrets
	protostack=xfrm

conn btns
	type=transport
	ikev2=yes
	left=$me
	right=$peer
	$auth_lines
	retransmit-timeout=60s
	$auto_line
	# "ipsec _updown" would find strongSwan's ipsec; this is the unpacked one.
	leftupdown=/usr/libexec/ipsec/_updown
	$more
CONF
}

# pluto_version: the unpacked package's version ("4.10-2+deb12u1").
pluto_version() {
	basename "$(dirname "$BTNS_LIBRESWAN")" | sed 's/^libreswan-//'
}

# pluto_warm_modules: loads ESP and AES-GCM before any pluto starts: under
# TCG a cold module load delays the first Child SA by tens of seconds.
pluto_warm_modules() {
	local ns=btns-pluto-warm-$$
	ip netns add "$ns"
	ip netns exec "$ns" ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x100 \
		mode transport aead 'rfc4106(gcm(aes))' 0x0000000000000000000000000000000000000000 128 ||
		true
	ip netns del "$ns"
}

# pluto_start DIR HOST: pluto with DIR's configuration on test host HOST,
# in the background (its pid in PLUTO_PID), listening and with its
# connections added.  Fails, saying why, if it opens no control socket.
pluto_start() {
	local dir=$1 host=$2 ipsec=$BTNS_LIBRESWAN/usr/libexec/ipsec
	[ -x "$ipsec/pluto" ] || tb_fail "no pluto in '$BTNS_LIBRESWAN' (vm/prepare-libreswan.sh makes it)"
	# A pluto before it in DIR (tb_start_over) may have left its files.
	rm -f "$dir/run/pluto.ctl" "$dir/run/pluto.pid"
	tb_on "$host" unshare --mount --propagation private sh -c \
		"mount -t tmpfs tmpfs /usr/libexec && ln -s '$ipsec' /usr/libexec/ipsec &&
		 exec env LD_LIBRARY_PATH='$BTNS_LIBRESWAN/usr/lib/x86_64-linux-gnu' '$ipsec/pluto' \
			--nofork --config '$dir/ipsec.conf' --rundir '$dir/run' --nssdir '$dir/nss' \
			--ipsecdir '$dir/ipsec.d' --secretsfile '$dir/ipsec.secrets' \
			--logfile '$dir/pluto.log' --no-dnssec" >"$dir/pluto.out" 2>&1 &
	TB_PIDS+=($!)
	for _ in $(seq 100); do
		[ -S "$dir/run/pluto.ctl" ] && [ -s "$dir/run/pluto.pid" ] && break
		sleep 0.1
	done
	if [ ! -S "$dir/run/pluto.ctl" ] || [ ! -s "$dir/run/pluto.pid" ]; then
		cat "$dir/pluto.out" "$dir/pluto.log" 2>/dev/null || true
		tb_fail "pluto opened no control socket in $dir/run"
	fi
	# pluto's own pid ($! is the shell's around it), the caller's to stop.
	PLUTO_PID=$(cat "$dir/run/pluto.pid")
	TB_PIDS+=("$PLUTO_PID")
	pluto_whack "$dir" --listen >"$dir/listen.out" 2>&1 || { cat "$dir/listen.out"; tb_fail "whack --listen on $host"; }
	pluto_run "$ipsec/addconn" --config "$dir/ipsec.conf" --ctlsocket "$dir/run/pluto.ctl" \
		--autoall >"$dir/addconn.out" 2>&1 || { cat "$dir/addconn.out"; tb_fail "addconn on $host"; }
}

# pluto_host HOST ME PEER AUTH [CONN_LINES]: pluto on test host HOST, in
# $TB_WORK/pluto-HOST, with pluto_configure's connection from ME to PEER;
# its pid in PLUTO_PID_HOST.
pluto_host() {
	pluto_configure "$TB_WORK/pluto-$1" "$2" "$3" "$4" "${5:-}"
	pluto_start "$TB_WORK/pluto-$1" "$1"
	eval "PLUTO_PID_$1=$PLUTO_PID"
}

# pluto_pair AUTH [CONN_LINES]: pluto on test hosts a and b
# (tb_two_hosts), each with pluto_configure's connection; their folders
# are $TB_WORK/pluto-a and pluto-b.
pluto_pair() {
	pluto_warm_modules
	pluto_host a "$A4" "$B4" "$@"
	pluto_host b "$B4" "$A4" "$@"
}

# pluto_child_spis DIR: the SPIs of DIR's pluto's Child SAs, one "OUT IN"
# line each, as whack --showstates lists them.
pluto_child_spis() {
	pluto_whack "$1" --showstates | sed -n 's/.* esp\.\([0-9a-f]*\)@[^ ]* esp\.\([0-9a-f]*\)@.*/\1 \2/p'
}

# pluto_up HOST: HOST's pluto initiates its connection and waits for it.
pluto_up() {
	pluto_whack "$TB_WORK/pluto-$1" --name btns --initiate >"$TB_WORK/pluto-$1/initiate.out" 2>&1 ||
		{ cat "$TB_WORK/pluto-$1/initiate.out"; tb_fail "pluto on $1 could not bring up its connection"; }
}
