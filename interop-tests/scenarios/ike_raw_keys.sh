#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Peers that strongSwan's charon authenticated with raw public keys, each
# configured at the other (no certificate, no CA: the nearest that charon
# comes to BTNS, with keys pinned instead of learnt): the peer iToken has
# the other's key as openssl reads it from the file, no certificate names,
# the method PKIX_TRUSTED; the end-point channel binding of the two keys is
# the same on both ends.
# timeout: 180
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/charon.sh"

tb_two_hosts
charon_pair_on_demand rawkey
charon_on_demand_connection 5001
pki=$TB_WORK/pki

tb_check "latched on charon's SAs" grep -q '^latchState=LATCH_ESTABLISHED$' "$TB_WORK/a-5001"
for end in a b; do
	out=$TB_WORK/$end-5001 peer=b
	[ $end = b ] && peer=a
	tb_check "$end: the peer is $peer.btns.test, by a raw public key" \
		grep -q "^peer.auditString=peer .* is $peer.btns.test, authenticated by public key; a raw public key (IKE_SA host-host" "$out"
	tb_check "$end: method PKIX_TRUSTED" \
		grep -q '^peer.authenticationMethod=authMeth_PKIX_TRUSTED$' "$out"
	tb_check "$end: pubKeyID is $peer's public key" \
		test "$(tb_field "$end" 5001 peer.pubKeyID)" = "$(charon_der_hex "$pki/$peer.pub")"
	tb_check "$end: no certificate names" \
		tb_not grep -q '^peer.certificate' "$out"
done
ep_a=$(tb_field a 5001 endPointBinding)
tb_check "an end-point binding of the two keys" \
	grep -q '^IPsec-end-point-IKEv2-pubkey-sha-256:' <<<"$ep_a"
tb_check "the same on both ends" test "$ep_a" = "$(tb_field b 5001 endPointBinding)"
