#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Helpers of the mech_btns scenarios: a KDC on a test host, and one
# mech_btns context between a (initiator) and b (acceptor) through the
# btns_gss program.  Sourced after testbed.sh.

gss=$(tb_program btns_gss)
export GSS_MECH_CONFIG=$BTNS_BUILD_DIR/mech_btns/mech.conf

# gss_kdc_on HOST ADDR: a KDC for TEST.REALM on HOST at ADDR, with user's
# ticket and the keytab of host/server, in $TB_WORK/kdc.
gss_kdc_on() {
	export KDC_DIR=$TB_WORK/kdc KDC_ADDR=$2 KDC_SERVICE_HOST=server
	mkdir -p "$KDC_DIR"
	tb_on "$1" bash -c ". '$BTNS_SOURCE_DIR/mech_btns/tests/kdc.sh' && kdc_start" >"$TB_WORK/kdc.out" 2>&1 ||
		{ cat "$TB_WORK/kdc.out"; tb_fail "no KDC"; }
	export KRB5_CONFIG=$KDC_DIR/krb5.conf KRB5CCNAME=FILE:$KDC_DIR/ccache
	export KRB5_KTNAME=FILE:$KDC_DIR/server.keytab KRB5RCACHEDIR=$KDC_DIR
}

# gss_kdc_off: ends the KDC of gss_kdc_on (deleting its host's namespace would
# not).
gss_kdc_off() {
	if [ -f "$KDC_DIR/kdc.pid" ]; then
		kill "$(cat "$KDC_DIR/kdc.pid")" 2>/dev/null || true
	fi
}

# gss_context PORT: the acceptor on b and the initiator on a; their output in
# $TB_WORK/b-PORT and a-PORT.
gss_context() {
	tb_on b "$gss" server "$1" >"$TB_WORK/b-$1" 2>&1 &
	TB_PIDS+=($!)
	tb_wait_listening b tcp "$1"
	tb_on a "$gss" client "$B4" "$1" >"$TB_WORK/a-$1" 2>&1 || true
	wait "${TB_PIDS[-1]}" || true
	echo "a: $(tr '\n' ' ' <"$TB_WORK/a-$1")"
	echo "b: $(tr '\n' ' ' <"$TB_WORK/b-$1")"
}

# gss_break_latch PORT CLIENT SERVER: a newer SA pair of other parameters
# under the bridged context on PORT (client and server pids CLIENT and
# SERVER, which wrap again once $BTNS_GSS_AGAIN exists), and the checks
# that both ends then wrap with krb5's encryption and the messages arrive.
gss_break_latch() {
	local side
	tb_break_latch "$1" "$2" "$3" "$BTNS_GSS_AGAIN"
	for side in a b; do
		tb_check "$side: after the break, gss_wrap is krb5's" \
			test "$(gss_after "$side" "$1" wrap)" = krb5
	done
	tb_check "b received a's second message" \
		test "$(gss_after b "$1" received)" = "second message from the initiator"
	tb_check "a received b's second reply" \
		test "$(gss_after a "$1" received)" = "second reply from the acceptor"
}

# gss_after HOST PORT FIELD: FIELD's value after the break, in HOST's output.
gss_after() {
	sed -n '/^again$/,$p' "$TB_WORK/$1-$2" | sed -n "s/^$3=//p" | head -1
}
