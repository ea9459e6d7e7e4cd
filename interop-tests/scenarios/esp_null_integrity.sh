#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# ESP with NULL encryption and HMAC-SHA-256 (integrity only): the traffic is
# ESP on the wire, and its plaintext is visible there.
# timeout: 90
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"

tb_two_hosts
tb_ipsec esp-null transport required a "$A4" b "$B4"
marker="BTNS-PLAINTEXT-$(tb_key 8)"

tb_capture_start b eth0 wire
tb_check "TCP arrives intact" tb_tcp_transfer a b "$B4" 5001 "$marker tcp"
tb_check "UDP arrives intact" tb_udp_transfer a b "$B4" 5002 "$marker udp"
tb_capture_stop wire

tb_check "the SA a->b counted packets" tb_positive "$(tb_sa_packets b "$A4" "$B4" esp "$TB_SPI_AB")"
tb_check "the link carried ESP" tb_positive "$(tb_pcap_count wire esp)"
tb_check "no TCP or UDP crossed the link outside ESP" test "$(tb_pcap_count wire tcp or udp)" -eq 0
tb_check "the plaintext is visible on the link" tb_pcap_contains wire "$marker"
