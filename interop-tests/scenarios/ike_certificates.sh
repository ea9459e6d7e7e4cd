#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Peers that strongSwan's charon authenticated with certificates from a CA
# (made here with openssl): the peer iToken of a connection over charon's
# SAs has, on each end, the other's certificate subject and issuer and its
# public key, as openssl reads them from the files, and the method
# PKIX_TRUSTED; the end-point channel binding of the two keys is the same
# on both ends, as is the unique binding of the SA pair.
# timeout: 180
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/charon.sh"

tb_two_hosts
charon_pair_on_demand cert
tb_capture_start b eth0 wire
charon_on_demand_connection 5001
tb_capture_stop wire
charon_check_certificates ""
tb_check "ESP on the wire, and no datagram in clear" \
	test "$(tb_pcap_count wire esp)" -gt 0 -a "$(tb_pcap_count wire udp and port 5001)" -eq 0
