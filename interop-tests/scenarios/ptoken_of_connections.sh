#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# ipsec_get_socket_pToken() on real SAs: TCP and UDP over ESP with AES-GCM
# (privacy and integrity, a unique channel binding equal on both ends),
# over integrity-only ESP (privacy DISABLE), and without IPsec (DISABLE).
# timeout: 180
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"

ptoken=$(tb_program socket_ptoken)
tb_two_hosts

# ptoken_connection PROTO ADDR PORT: runs the listener on b and the connecting
# side on a; their pTokens land in $TB_WORK/b-PORT and a-PORT.
ptoken_connection() {
	tb_on b "$ptoken" listen "$1" "$3" >"$TB_WORK/b-$3" 2>&1 &
	TB_PIDS+=($!)
	tb_wait_listening b "$1" "$3"
	tb_on a "$ptoken" connect "$1" "$2" "$3" >"$TB_WORK/a-$3" 2>&1 || cat "$TB_WORK/a-$3"
	wait "${TB_PIDS[-1]}"
	echo "a: $(grep auditString "$TB_WORK/a-$3")"
}

# ptoken_attr SIDE PORT NAME: one attribute as the program printed it.
ptoken_attr() {
	sed -n "s/^$3=//p" "$TB_WORK/$1-$2"
}

tb_ipsec esp-gcm transport required a "$A4" b "$B4"
tb_ipsec esp-null transport required a "$A6" b "$B6"

tb_step "TCP over ESP AES-GCM-128"
ptoken_connection tcp "$B4" 5001
for side in a b; do
	tb_check "$side: privacy MEDIUM (a 128-bit AES key)" test "$(ptoken_attr $side 5001 privacyProtection)" = LEVEL_MEDIUM
	tb_check "$side: integrity HIGH (a 128-bit ICV)" test "$(ptoken_attr $side 5001 integrityProtection)" = LEVEL_HIGH
	tb_check "$side: a unique channel binding" test "$(ptoken_attr $side 5001 channelBindingType)" = CB_UNIQUE
done
tb_check "both ends compute the same binding" test "$(ptoken_attr a 5001 channelBinding)" = "$(ptoken_attr b 5001 channelBinding)"
tb_check "the binding has this library's prefix" grep -q "^channelBinding=ipsec-sa-unique-v1:" "$TB_WORK/a-5001"
tb_check "the audit text names the transform" grep -q "rfc4106(gcm(aes))" "$TB_WORK/a-5001"
tb_check "the audit text carries no SPI" tb_not grep -qi "spi" "$TB_WORK/a-5001"

tb_step "UDP over the same SAs"
ptoken_connection udp "$B4" 5002
tb_check "UDP: privacy MEDIUM" test "$(ptoken_attr a 5002 privacyProtection)" = LEVEL_MEDIUM
tb_check "UDP: both ends compute the same binding" test "$(ptoken_attr a 5002 channelBinding)" = "$(ptoken_attr b 5002 channelBinding)"
tb_check "the SA pair's binding is the connection's, whatever the protocol" \
	test "$(ptoken_attr a 5002 channelBinding)" = "$(ptoken_attr a 5001 channelBinding)"

tb_step "TCP over integrity-only ESP (NULL encryption, HMAC-SHA-256)"
ptoken_connection tcp "$B6" 5003
tb_check "privacy DISABLE: NULL encryption" test "$(ptoken_attr a 5003 privacyProtection)" = DISABLE
tb_check "integrity HIGH" test "$(ptoken_attr a 5003 integrityProtection)" = LEVEL_HIGH
tb_check "another SA pair, another binding" \
	test "$(ptoken_attr a 5003 channelBinding)" != "$(ptoken_attr a 5001 channelBinding)"

tb_step "TCP without IPsec"
tb_on a ip xfrm policy flush
tb_on b ip xfrm policy flush
ptoken_connection tcp "$B4" 5004
tb_check "privacy DISABLE" test "$(ptoken_attr a 5004 privacyProtection)" = DISABLE
tb_check "integrity DISABLE" test "$(ptoken_attr a 5004 integrityProtection)" = DISABLE
tb_check "no channel binding" test -z "$(ptoken_attr a 5004 channelBinding)"
