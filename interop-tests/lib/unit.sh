# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=bash
#
# A socket-activated systemd service run as its units say, where systemd
# does not run (the test VM has no init of its own): the socket of the
# .socket unit's ListenSequentialPacket=, made by systemd-socket-activate
# with its SocketMode= and DirectoryMode=; the service's user
# (User=, DynamicUser=, root by default), capabilities
# (CapabilityBoundingSet=, AmbientCapabilities=), NoNewPrivileges=,
# UMask=, LimitNOFILE=, RuntimeDirectory= and a clean environment with its
# Environment=.  The sandboxing (Protect*=, SystemCallFilter=, namespaces)
# is not reproduced: the test shows what user and capabilities reach, and
# systemd-analyze checks the sandbox (tests/scripts/check_unit.sh).
# Needs testbed.sh.

# unit_value FILE KEY: the last value of KEY in unit file FILE.
unit_value() {
	sed -n "s/^$2=//p" "$1" | tail -1
}

# unit_caps CAPS: setpriv's list of the capabilities CAPS ("CAP_A CAP_B"):
# "-all,+a,+b".
unit_caps() {
	local list=-all cap
	for cap in $1; do
		cap=${cap#CAP_}
		list="$list,+${cap,,}"
	done
	echo "$list"
}

# unit_start HOST SERVICE SOCKET BINARY LOG: starts on HOST the service of
# unit file SERVICE, socket-activated by unit file SOCKET, its ExecStart=
# program replaced by BINARY (the build's), its stderr in LOG; the service
# starts at the first connection, as under systemd.  unit_stop undoes it.
unit_start() {
	local host=$1 service=$2 socket=$3 binary=$4 log=$5
	local path user uid gid bounding ambient setpriv env_vars args word runtime key
	while read -r key; do
		case $key in
		User | DynamicUser | CapabilityBoundingSet | AmbientCapabilities | NoNewPrivileges | \
			UMask | LimitNOFILE | RuntimeDirectory | RuntimeDirectoryMode | \
			RuntimeDirectoryPreserve | Environment | ExecStart | Description | \
			Documentation | Requires | After | Restart) ;;
		Protect* | Private* | Restrict* | SystemCall* | LockPersonality | \
			MemoryDenyWriteExecute | IPAddressDeny | ProcSubset) ;; # the sandbox
		*) tb_fail "unit_start: $service: $key= is not understood here" ;;
		esac
	done <<<"$(sed -n 's/^\([A-Za-z]*\)=.*/\1/p' "$service" | sort -u)"

	path=$(unit_value "$socket" ListenSequentialPacket)
	[ -n "$path" ] || tb_fail "unit_start: $socket has no ListenSequentialPacket="
	mkdir -p "$(dirname "$path")"
	chmod "$(unit_value "$socket" DirectoryMode)" "$(dirname "$path")"

	user=$(unit_value "$service" User)
	if [ "$(unit_value "$service" DynamicUser)" = yes ]; then
		uid=61184 gid=61184 # the first of systemd's dynamic users
	elif [ -n "$user" ]; then
		uid=$(id -u "$user") gid=$(id -g "$user")
	else
		uid=0 gid=0
	fi
	bounding=$(unit_caps "$(unit_value "$service" CapabilityBoundingSet)")
	ambient=$(unit_caps "$(unit_value "$service" AmbientCapabilities)")
	setpriv=(setpriv --reuid="$uid" --regid="$gid" --clear-groups --bounding-set="$bounding"
		--inh-caps="$ambient")
	[ "$ambient" = -all ] || setpriv+=(--ambient-caps="$ambient")
	[ "$(unit_value "$service" NoNewPrivileges)" = yes ] && setpriv+=(--no-new-privs)

	runtime=$(unit_value "$service" RuntimeDirectory)
	if [ -n "$runtime" ]; then
		mkdir -p "/run/$runtime"
		chmod "$(unit_value "$service" RuntimeDirectoryMode)" "/run/$runtime"
		chown "$uid:$gid" "/run/$runtime"
	fi

	# Environment=NAME=VALUE lines; ExecStart='s arguments with their
	# $NAME replaced by the words of NAME's value.
	env_vars=()
	while IFS= read -r key; do
		[ -z "$key" ] || env_vars+=("$key")
	done <<<"$(sed -n 's/^Environment=//p' "$service")"
	args=()
	for word in $(unit_value "$service" ExecStart | cut -d' ' -f2-); do
		if [ "${word#\$}" = "$word" ]; then
			args+=("$word")
			continue
		fi
		for key in "${env_vars[@]}"; do
			# shellcheck disable=SC2206 # a variable's value is split into words
			[ "${key%%=*}" = "${word#\$}" ] && args+=(${key#*=})
		done
	done
	tb_on "$host" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "${env_vars[@]}" \
		systemd-socket-activate --seqpacket -l "$path" -- \
		prlimit --nofile="$(unit_value "$service" LimitNOFILE)" -- \
		"${setpriv[@]}" sh -c "umask $(unit_value "$service" UMask); exec \"\$@\"" - \
		"$binary" "${args[@]}" 2>"$log" &
	TB_PIDS+=($!)
	for _ in $(seq 100); do
		[ -S "$path" ] && break
		sleep 0.05
	done
	chmod "$(unit_value "$socket" SocketMode)" "$path"
}

# unit_stop SERVICE SOCKET: removes the socket and runtime directory that
# unit_start made (its processes end with the test bed's).
unit_stop() {
	local runtime
	rm -f "$(unit_value "$2" ListenSequentialPacket)"
	runtime=$(unit_value "$1" RuntimeDirectory)
	[ -z "$runtime" ] || rm -rf "/run/${runtime%%/*}"
}
