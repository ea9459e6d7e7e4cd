# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=bash
#
# The test bed's helpers, sourced by every scenario (bash, as root, in the
# test VM or on a host whose kernel has ESP).  A scenario builds test hosts
# as network namespaces joined by veth, installs SAs by manual keying, runs
# commands on the hosts and checks what crossed the wire.  Everything it
# creates is removed when it exits.
#
# Hosts:     tb_two_hosts, tb_line (a - m - b), tb_host, tb_link, tb_on HOST CMD...
# IPsec:     tb_ipsec KIND MODE LEVEL HOST_A ADDR_A HOST_B ADDR_B,
#            tb_tunnel KIND LEFT LEFT_GW RIGHT RIGHT_GW LEFT_NET RIGHT_NET,
#            tb_require_policy HOST SRC DST, tb_sa_packets HOST SRC DST PROTO SPI
# Traffic:   tb_tcp_transfer, tb_udp_transfer, tb_capture_start/stop, tb_pcap_count,
#            tb_pcap_contains, tb_wait_listening HOST PROTO PORT, tb_wait_for FILE PATTERN
# Programs:  tb_program NAME: the path of one of the project's test programs
# Checks:    tb_check DESCRIPTION COMMAND..., tb_not COMMAND..., tb_positive N,
#            tb_fail MESSAGE

set -euo pipefail

TB_NAME=${BTNS_SCENARIO:-scenario}
TB_WORK=${BTNS_WORKDIR:-$(mktemp -d)}
TB_HOSTS=()
TB_PIDS=()
# Seconds to wait for a connection or a datagram; a scenario that expects
# nothing to arrive may shorten it.
TB_WAIT=${TB_WAIT:-5}

tb_cleanup() {
	local pid host
	for pid in "${TB_PIDS[@]}"; do
		# A function run in the background (tb_on ... &) is a subshell
		# whose command is its child.
		pkill -P "$pid" 2>/dev/null || true
		kill "$pid" 2>/dev/null || true
	done
	for host in "${TB_HOSTS[@]}"; do
		ip netns del "$(tb_ns "$host")" 2>/dev/null || true
	done
}
trap tb_cleanup EXIT

# tb_start_over: ends what the scenario made so far (its processes and
# hosts), for a second test bed in the same scenario.
tb_start_over() {
	local pid
	tb_cleanup
	# Until they are gone: a daemon that ends late would remove the files
	# of its successor in the same folder (pluto its control socket).
	for pid in "${TB_PIDS[@]}"; do
		for _ in $(seq 100); do
			# Gone, or a zombie that bash has yet to reap.
			ps -o stat= -p "$pid" | grep -q '^[^Z]' || break
			sleep 0.1
		done
	done
	TB_HOSTS=()
	TB_PIDS=()
}

tb_fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# Runs COMMAND; prints "ok: DESCRIPTION" if it succeeds, fails the scenario
# with DESCRIPTION if not.
tb_check() {
	local description=$1
	shift
	if "$@"; then
		echo "ok: $description"
	else
		tb_fail "$description"
	fi
}

tb_step() {
	echo "--- $*"
}

# tb_not COMMAND...: succeeds when COMMAND fails, for tb_check.
tb_not() {
	! "$@"
}

# tb_positive N: N is a number above 0, for tb_check.
tb_positive() {
	[ -n "$1" ] && [ "$1" -gt 0 ]
}

tb_ns() {
	echo "$TB_NAME-$1"
}

# tb_on HOST COMMAND...: runs COMMAND on test host HOST; where HOST has a
# charon of charon.sh or a pluto of pluto.sh, the library asks that one.
tb_on() {
	local host=$1 vici pluto
	shift
	vici=$TB_WORK/charon-$host/charon.vici
	pluto=$TB_WORK/pluto-$host
	if [ -S "$vici" ]; then
		ip netns exec "$(tb_ns "$host")" env IPSECAPI_VICI_SOCKET="$vici" "$@"
	elif [ -S "$pluto/run/pluto.ctl" ]; then
		ip netns exec "$(tb_ns "$host")" env IPSECAPI_KEY_MANAGER=pluto \
			IPSECAPI_PLUTO_RUNDIR="$pluto/run" IPSECAPI_PLUTO_LINEAGE_DIR="$pluto/lineages" \
			IPSECAPI_PLUTO_WHACK="$BTNS_LIBRESWAN/usr/libexec/ipsec/whack" "$@"
	else
		ip netns exec "$(tb_ns "$host")" "$@"
	fi
}

tb_host() {
	ip netns add "$(tb_ns "$1")"
	TB_HOSTS+=("$1")
	tb_on "$1" ip link set lo up
	# Addresses are usable at once: no duplicate address detection.
	tb_on "$1" sysctl -q -w net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
}

# tb_link HOST_A IF_A HOST_B IF_B ADDR_A/LEN... -- ADDR_B/LEN...
# A veth pair between two hosts, with the addresses given to each end.
tb_link() {
	local host_a=$1 if_a=$2 host_b=$3 if_b=$4 addr
	shift 4
	ip link add "$if_a" netns "$(tb_ns "$host_a")" type veth peer name "$if_b" netns "$(tb_ns "$host_b")"
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		tb_on "$host_a" ip addr add "$1" dev "$if_a" nodad 2>/dev/null || tb_on "$host_a" ip addr add "$1" dev "$if_a"
		shift
	done
	[ $# -gt 0 ] && shift
	for addr in "$@"; do
		tb_on "$host_b" ip addr add "$addr" dev "$if_b" nodad 2>/dev/null || tb_on "$host_b" ip addr add "$addr" dev "$if_b"
	done
	tb_on "$host_a" ip link set "$if_a" up
	tb_on "$host_b" ip link set "$if_b" up
}

# Two hosts on one link: a (A4, A6) and b (B4, B6), each on its eth0.  The
# IPv6 neighbours are static, so that no policy covers neighbour discovery.
tb_two_hosts() {
	A4=192.0.2.1 B4=192.0.2.2 A6=2001:db8::1 B6=2001:db8::2
	tb_host a
	tb_host b
	tb_link a eth0 b eth0 "$A4/24" "$A6/64" -- "$B4/24" "$B6/64"
	tb_on a ip -6 neigh add "$B6" lladdr "$(tb_mac b eth0)" dev eth0 nud permanent
	tb_on b ip -6 neigh add "$A6" lladdr "$(tb_mac a eth0)" dev eth0 nud permanent
}

tb_mac() {
	tb_on "$1" cat "/sys/class/net/$2/address"
}

# Three hosts in a line, a - m - b, where m routes between two links and can
# see, drop or change everything between a and b (a man in the middle).
tb_line() {
	A4=192.0.2.1 M4A=192.0.2.254 M4B=198.51.100.254 B4=198.51.100.2
	tb_host a
	tb_host m
	tb_host b
	tb_link a eth0 m eth0 "$A4/24" -- "$M4A/24"
	tb_link m eth1 b eth0 "$M4B/24" -- "$B4/24"
	tb_on a ip route add default via "$M4A"
	tb_on b ip route add default via "$M4B"
	tb_on m sysctl -q -w net.ipv4.ip_forward=1
}

# Four hosts for a man in the middle with two faces, a - ma ... mb - b:
# ma holds b's address (B4) on its link to a, mb holds a's address (A4) on
# its link to b, and ma and mb are joined by a link of their own (MA, MB).
# a and b each see the other's address, and nothing else: what answers
# there is m.
tb_two_faces() {
	A4=192.0.2.1 B4=192.0.2.2 MA=10.255.0.1 MB=10.255.0.2
	tb_host a
	tb_host ma
	tb_host mb
	tb_host b
	tb_link a eth0 ma eth0 "$A4/24" -- "$B4/24"
	tb_link mb eth0 b eth0 "$A4/24" -- "$B4/24"
	tb_link ma eth1 mb eth1 "$MA/30" -- "$MB/30"
}

# tb_two_faces_relay PROTO PORT: m relays PROTO (tcp or udp) PORT from a to
# b through its two faces (tb_two_faces): ma takes a's connections to B4
# and hands them to mb, which makes them again from A4 to b.
tb_two_faces_relay() {
	local proto=$1 port=$2 up
	up=$(tr a-z A-Z <<<"$proto")
	tb_on mb socat "$up-LISTEN:$port,bind=$MB,reuseaddr,fork" "$up:$B4:$port,bind=$A4" \
		2>>"$TB_WORK/relay.log" &
	TB_PIDS+=($!)
	tb_on ma socat "$up-LISTEN:$port,bind=$B4,reuseaddr,fork" "$up:$MB:$port" \
		2>>"$TB_WORK/relay.log" &
	TB_PIDS+=($!)
	[ "$proto" = udp ] || { tb_wait_listening mb tcp "$port" && tb_wait_listening ma tcp "$port"; }
}

# N random octets in hex, for keys.
tb_key() {
	od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'
}

# The algorithms of one direction of an SA of KIND, with fresh keys, quoted
# for eval.
tb_sa_algorithms() {
	case $1 in
	esp-gcm) echo "aead 'rfc4106(gcm(aes))' 0x$(tb_key 20) 128" ;;
	esp-cbc) echo "enc 'cbc(aes)' 0x$(tb_key 32) auth-trunc 'hmac(sha256)' 0x$(tb_key 32) 128" ;;
	esp-null) echo "enc 'ecb(cipher_null)' '' auth-trunc 'hmac(sha256)' 0x$(tb_key 32) 128" ;;
	ah) echo "auth-trunc 'hmac(sha256)' 0x$(tb_key 32) 128" ;;
	ipcomp) echo "comp deflate" ;;
	*) tb_fail "tb_ipsec: unknown kind $1" ;;
	esac
}

tb_proto_of() {
	case $1 in
	esp-*) echo esp ;;
	ah) echo ah ;;
	ipcomp) echo comp ;;
	esac
}

# tb_ipsec KIND MODE LEVEL HOST_A ADDR_A HOST_B ADDR_B
# A pair of SAs between two hosts by manual keying, both installed on both
# hosts, with the policies that use them: out and in on each side.
#   KIND   esp-gcm (AES-GCM-128), esp-cbc (AES-CBC + HMAC-SHA-256),
#          esp-null (NULL encryption + HMAC-SHA-256), ah (HMAC-SHA-256),
#          ipcomp (deflate)
#   MODE   transport or tunnel (the SA end-points are ADDR_A and ADDR_B)
#   LEVEL  required or use
# Sets TB_SPI_AB and TB_SPI_BA, the SPIs (or CPIs) of the two directions.
tb_ipsec() {
	local kind=$1 mode=$2 level=$3 host_a=$4 addr_a=$5 host_b=$6 addr_b=$7 proto
	proto=$(tb_proto_of "$kind")
	tb_sa_pair "$kind" "$mode" "$host_a" "$addr_a" "$host_b" "$addr_b"
	tb_policy "$host_a" "$addr_a" "$addr_b" out "$proto" "$mode" "$level"
	tb_policy "$host_a" "$addr_b" "$addr_a" in "$proto" "$mode" "$level"
	tb_policy "$host_b" "$addr_b" "$addr_a" out "$proto" "$mode" "$level"
	tb_policy "$host_b" "$addr_a" "$addr_b" in "$proto" "$mode" "$level"
}

# tb_sa_pair KIND MODE HOST_A ADDR_A HOST_B ADDR_B: the two SAs between
# ADDR_A and ADDR_B, with fresh keys, installed on both hosts; sets
# TB_SPI_AB and TB_SPI_BA.
tb_sa_pair() {
	local kind=$1 mode=$2 host_a=$3 addr_a=$4 host_b=$5 addr_b=$6 proto algs_ab algs_ba host
	proto=$(tb_proto_of "$kind")
	if [ "$kind" = ipcomp ]; then
		TB_SPI_AB=0x$(tb_key 1)10 TB_SPI_BA=0x$(tb_key 1)20 # CPIs are 16 bits
	else
		TB_SPI_AB=0x1$(tb_key 3) TB_SPI_BA=0x2$(tb_key 3) # never a reserved SPI (< 256)
	fi
	algs_ab=$(tb_sa_algorithms "$kind")
	algs_ba=$(tb_sa_algorithms "$kind")
	for host in "$host_a" "$host_b"; do
		eval "tb_on $host ip xfrm state add src $addr_a dst $addr_b proto $proto spi $TB_SPI_AB mode $mode $algs_ab"
		eval "tb_on $host ip xfrm state add src $addr_b dst $addr_a proto $proto spi $TB_SPI_BA mode $mode $algs_ba"
	done
}

# tb_policy HOST SRC DST DIR PROTO MODE LEVEL [TUNNEL_SRC TUNNEL_DST]: one
# SPD entry for SRC -> DST; a tunnel's end-points default to SRC and DST.
tb_policy() {
	local host=$1 src=$2 dst=$3 dir=$4 proto=$5 mode=$6 level=$7 tmpl_addrs=""
	[ "$mode" = tunnel ] && tmpl_addrs="src ${8:-$src} dst ${9:-$dst}"
	# shellcheck disable=SC2086 # tmpl_addrs is empty or several words
	tb_on "$host" ip xfrm policy add src "$src" dst "$dst" dir "$dir" \
		tmpl $tmpl_addrs proto "$proto" mode "$mode" level "$level"
}

# tb_tunnel KIND LEFT LEFT_GW RIGHT RIGHT_GW LEFT_NET RIGHT_NET
# A tunnel-mode SA pair between gateway addresses LEFT_GW (on host LEFT) and
# RIGHT_GW (on host RIGHT) for the traffic between LEFT_NET and RIGHT_NET,
# with out, in and fwd policies on both, so that either end may route.
# Sets TB_SPI_AB (left to right) and TB_SPI_BA.
tb_tunnel() {
	local kind=$1 left=$2 lgw=$3 right=$4 rgw=$5 lnet=$6 rnet=$7 proto
	proto=$(tb_proto_of "$kind")
	tb_sa_pair "$kind" tunnel "$left" "$lgw" "$right" "$rgw"
	tb_policy "$left" "$lnet" "$rnet" out "$proto" tunnel required "$lgw" "$rgw"
	tb_policy "$left" "$rnet" "$lnet" in "$proto" tunnel required "$rgw" "$lgw"
	tb_policy "$left" "$rnet" "$lnet" fwd "$proto" tunnel required "$rgw" "$lgw"
	tb_policy "$right" "$rnet" "$lnet" out "$proto" tunnel required "$rgw" "$lgw"
	tb_policy "$right" "$lnet" "$rnet" in "$proto" tunnel required "$lgw" "$rgw"
	tb_policy "$right" "$lnet" "$rnet" fwd "$proto" tunnel required "$lgw" "$rgw"
}

# tb_require_policy HOST SRC DST: an outbound policy that requires ESP,
# with no SA behind it.
tb_require_policy() {
	tb_policy "$1" "$2" "$3" out esp transport required
}

# tb_sa_packets HOST SRC DST PROTO SPI: packets that the SA has counted.
tb_sa_packets() {
	tb_on "$1" ip -s xfrm state get src "$2" dst "$3" proto "$4" spi "$5" |
		sed -n 's/^[[:space:]]*[0-9]*(bytes), *\([0-9]*\)(packets).*/\1/p'
}

# tb_capture_start HOST IFACE NAME: capture everything on IFACE of HOST into
# $TB_WORK/NAME.pcap until tb_capture_stop NAME.  Immediate mode: otherwise
# the kernel hands packets over in blocks, and the last block, not yet
# handed over when tcpdump is stopped, is lost.
tb_capture_start() {
	local host=$1 iface=$2 name=$3
	tb_on "$host" tcpdump -i "$iface" -s 0 -U --immediate-mode -n -Z root -w "$TB_WORK/$name.pcap" \
		2>"$TB_WORK/$name.tcpdump" &
	TB_PIDS+=($!)
	eval "TB_CAPTURE_$name=$!"
	for _ in $(seq 100); do
		grep -q 'listening on' "$TB_WORK/$name.tcpdump" 2>/dev/null && return 0
		sleep 0.1
	done
	cat "$TB_WORK/$name.tcpdump" >&2
	tb_fail "tcpdump on $host $iface did not start"
}

tb_capture_stop() {
	local pid_var="TB_CAPTURE_$1"
	sleep 0.3 # the last packets reach the capture
	# SIGTERM: background jobs of a script ignore SIGINT.
	kill -TERM "${!pid_var}"
	wait "${!pid_var}" 2>/dev/null || true
}

# tb_pcap_count NAME FILTER...: packets of capture NAME that match FILTER.
tb_pcap_count() {
	local name=$1
	shift
	tcpdump -r "$TB_WORK/$name.pcap" -n "$@" 2>/dev/null | wc -l
}

# tb_pcap_contains NAME TEXT: whether TEXT appears in any captured octets.
tb_pcap_contains() {
	grep -q -a -F "$2" "$TB_WORK/$1.pcap"
}

# tb_kept_connection MODE: a TCP connection from a to b ($B4, port 5001)
# between two socket_ptoken programs, whose connecting side keeps its
# socket in MODE (hold or watch), reads its commands from this shell's file
# descriptor 3 and writes to $TB_WORK/a.
tb_kept_connection() {
	local ptoken
	ptoken=$(tb_program socket_ptoken)
	tb_on b "$ptoken" listen tcp 5001 "$B4" >"$TB_WORK/b" 2>&1 &
	TB_PIDS+=($!)
	tb_wait_listening b tcp 5001
	mkfifo "$TB_WORK/commands"
	tb_on a "$ptoken" connect tcp "$B4" 5001 "$1" <"$TB_WORK/commands" >"$TB_WORK/a" 2>&1 &
	TB_PIDS+=($!)
	exec 3>"$TB_WORK/commands"
}

# tb_kept_ptoken HOST N: the Nth pToken that an end of tb_kept_connection
# printed ($TB_WORK/HOST; a prints one per question, b one).
tb_kept_ptoken() {
	awk -v n="$2" '/^\.$/ { i++; next } i == n - 1' "$TB_WORK/$1"
}

# tb_kept_ask N: asks the kept connection's a for its Nth pToken, waits for
# it, and prints it.
tb_kept_ask() {
	echo >&3
	for _ in $(seq 100); do
		[ "$(grep -c '^\.$' "$TB_WORK/a")" -ge "$1" ] && break
		sleep 0.1
	done
	tb_kept_ptoken a "$1"
}

# tb_broker HOST: ipsecapid on HOST (one per network namespace), at
# $TB_WORK/broker-HOST.sock, its log in $TB_WORK/broker-HOST.log.
tb_broker() {
	tb_on "$1" "$BTNS_BUILD_DIR/broker/ipsecapid" --socket "$TB_WORK/broker-$1.sock" \
		2>"$TB_WORK/broker-$1.log" &
	TB_PIDS+=($!)
	tb_wait_for "$TB_WORK/broker-$1.log" listening
}

# tb_unprivileged HOST COMMAND [ARG...]: COMMAND on HOST without
# CAP_NET_ADMIN, which asks HOST's broker instead of the kernel.
tb_unprivileged() {
	local h=$1
	shift
	tb_on "$h" env IPSECAPI_BROKER_SOCKET="$TB_WORK/broker-$h.sock" \
		capsh --drop=cap_net_admin -- -c 'exec "$@"' unprivileged "$@"
}

# tb_check_brokered HOST...: each HOST's broker answered a socket's pToken
# and watched a latch.
tb_check_brokered() {
	local h
	for h in "$@"; do
		tb_check "$h's pToken came from its broker" \
			grep -q "get_socket_pToken socket:\[[0-9]*\]: ok" "$TB_WORK/broker-$h.log"
		tb_check "$h's latch is watched by its broker" \
			grep -q "watch_latch socket:\[[0-9]*\]: ok" "$TB_WORK/broker-$h.log"
	done
}

# tb_break_latch PORT CLIENT SERVER AGAIN: breaks the latch of the
# connection on PORT between a (A4) and b (B4) with a newer SA pair of
# other parameters, which the kernel uses from then on; then creates file
# AGAIN (the sign for both ends to send again), waits for the client and
# server (pids CLIENT and SERVER) to end, and shows their output
# ($TB_WORK/a-PORT, b-PORT).
tb_break_latch() {
	tb_step "a newer SA pair of other parameters"
	tb_sa_pair esp-cbc transport a "$A4" b "$B4"
	touch "$4"
	wait "$2" || true
	wait "$3" || true
	echo "a: $(tr '\n' ' ' <"$TB_WORK/a-$1")"
	echo "b: $(tr '\n' ' ' <"$TB_WORK/b-$1")"
}

# tb_field HOST PORT NAME: the first value a program printed as NAME=VALUE
# into $TB_WORK/HOST-PORT (the helpers' output files).
tb_field() {
	sed -n "s/^$3=//p" "$TB_WORK/$1-$2" | head -1
}

# tb_wait_for FILE PATTERN: waits up to 20 s for a line of FILE that
# matches PATTERN (grep); the checks that follow say whether it came.
tb_wait_for() {
	for _ in $(seq 200); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 0
}

# Waits until PORT is open on HOST (protocol tcp or udp).
tb_wait_listening() {
	local host=$1 proto=$2 port=$3
	for _ in $(seq 100); do
		if tb_on "$host" ss -H -ln --"$proto" "sport = :$port" | grep -q .; then
			return 0
		fi
		sleep 0.1
	done
	tb_fail "nothing listens on $proto port $port of $host"
}

# The path of a program built in interop-tests/ (socket_ptoken, ...).
tb_program() {
	local path=$BTNS_BUILD_DIR/interop-tests/$1
	[ -x "$path" ] || tb_fail "$path is not built"
	echo "$path"
}

# The IP version of ADDR (4 or 6), and ADDR as socat writes it in an address.
tb_family() {
	case $1 in
	*:*) echo 6 ;;
	*) echo 4 ;;
	esac
}

tb_socat_host() {
	case $1 in
	*:*) echo "[$1]" ;;
	*) echo "$1" ;;
	esac
}

# tb_tcp_transfer FROM TO TO_ADDR PORT DATA: sends DATA over TCP from host
# FROM to TO_ADDR on host TO; succeeds if TO received exactly DATA (the
# connection must open within TB_WAIT seconds).
tb_tcp_transfer() {
	local from=$1 to=$2 addr=$3 port=$4 data=$5 out listener v
	out=$TB_WORK/tcp-$port.out
	v=$(tb_family "$addr")
	tb_on "$to" timeout 20 socat -u "TCP$v-LISTEN:$port,reuseaddr" "OPEN:$out,creat,trunc" &
	listener=$!
	tb_wait_listening "$to" tcp "$port"
	printf '%s' "$data" |
		tb_on "$from" socat -u STDIN "TCP$v:$(tb_socat_host "$addr"):$port,connect-timeout=$TB_WAIT" ||
		{ kill "$listener" 2>/dev/null; wait "$listener" 2>/dev/null; return 1; }
	wait "$listener" || return 1
	[ "$(cat "$out")" = "$data" ]
}

# tb_udp_transfer FROM TO TO_ADDR PORT DATA: one datagram; succeeds if TO
# received exactly DATA within TB_WAIT seconds.
tb_udp_transfer() {
	local from=$1 to=$2 addr=$3 port=$4 data=$5 out listener v
	out=$TB_WORK/udp-$port.out
	v=$(tb_family "$addr")
	tb_on "$to" timeout "$TB_WAIT" socat -u "UDP$v-RECVFROM:$port" "OPEN:$out,creat,trunc" &
	listener=$!
	tb_wait_listening "$to" udp "$port"
	printf '%s' "$data" |
		tb_on "$from" socat -u STDIN "UDP$v-SENDTO:$(tb_socat_host "$addr"):$port" || true
	wait "$listener" || return 1
	[ "$(cat "$out")" = "$data" ]
}
