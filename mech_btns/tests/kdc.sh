#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# A throwaway MIT KDC for the mech_btns tests: realm TEST.REALM on
# $KDC_ADDR (127.0.0.1 by default, in a network namespace of the test's
# own: kdc_enter_netns), a user "user" (password userpw) with a ticket,
# and a service host/$KDC_SERVICE_HOST (localhost by default) with its
# keytab.  With $KDC_ENCTYPE, the keys and tickets are of that encryption
# type only.  Everything lives in $KDC_DIR (a new directory unless set);
# kdc_stop ends it.  Sourced.

# kdc_enter_netns SCRIPT ARGS...: runs SCRIPT again inside a new network
# namespace (and user namespace when not root), with loopback up.
kdc_enter_netns() {
	if [ -z "${BTNS_IN_NETNS:-}" ]; then
		local opts=(--net)
		[ "$(id -u)" -eq 0 ] || opts+=(--map-root-user)
		exec env BTNS_IN_NETNS=1 unshare "${opts[@]}" bash "$@"
	fi
	ip link set lo up
}

kdc_start() {
	local addr=${KDC_ADDR:-127.0.0.1} service=${KDC_SERVICE_HOST:-localhost}
	local enctypes="" keys="" supported=""
	if [ -n "${KDC_ENCTYPE:-}" ]; then
		enctypes="permitted_enctypes = $KDC_ENCTYPE"
		supported="supported_enctypes = $KDC_ENCTYPE:normal"
		keys="-e $KDC_ENCTYPE:normal"
	fi
	KDC_DIR=${KDC_DIR:-$(mktemp -d)}
	export KDC_DIR
	cat >"$KDC_DIR/krb5.conf" <<EOT
[libdefaults]
  default_realm = TEST.REALM
  dns_lookup_kdc = false
  dns_lookup_realm = false
  rdns = false
  dns_canonicalize_hostname = false
  forwardable = true
  $enctypes
[realms]
  TEST.REALM = {
    kdc = $addr:88
    admin_server = $addr:749
  }
EOT
	cat >"$KDC_DIR/kdc.conf" <<EOT
[realms]
  TEST.REALM = {
    database_name = $KDC_DIR/db
    key_stash_file = $KDC_DIR/stash
    acl_file = $KDC_DIR/acl
    kdc_listen = $addr:88
    kdc_tcp_listen = $addr:88
    $supported
  }
[logging]
  kdc = FILE:$KDC_DIR/kdc.log
  default = FILE:$KDC_DIR/others.log
EOT
	export KRB5_CONFIG=$KDC_DIR/krb5.conf KRB5_KDC_PROFILE=$KDC_DIR/kdc.conf
	export KRB5CCNAME=FILE:$KDC_DIR/ccache KRB5_KTNAME=FILE:$KDC_DIR/server.keytab
	export KRB5RCACHEDIR=$KDC_DIR
	kdb5_util create -s -r TEST.REALM -P masterpw >"$KDC_DIR/setup.log" 2>&1
	kadmin.local -q "addprinc $keys -pw userpw user" >>"$KDC_DIR/setup.log" 2>&1
	kadmin.local -q "addprinc $keys -randkey host/$service" >>"$KDC_DIR/setup.log" 2>&1
	kadmin.local -q "ktadd $keys -k $KDC_DIR/server.keytab host/$service" >>"$KDC_DIR/setup.log" 2>&1
	krb5kdc -n -P "$KDC_DIR/kdc.pid" &
	KDC_PID=$!
	for _ in $(seq 50); do
		echo userpw | kinit user >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "kdc: kinit failed" >&2
	cat "$KDC_DIR/kdc.log" "$KDC_DIR/setup.log" >&2
	return 1
}

kdc_stop() {
	[ -n "${KDC_PID:-}" ] && kill "$KDC_PID" 2>/dev/null
	wait 2>/dev/null
	[ -n "${KDC_DIR:-}" ] && rm -rf "$KDC_DIR"
	return 0
}
