#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Three hosts in a line, a - m - b: m forwards between them, and with an
# ESP tunnel (AES-CBC and HMAC-SHA-256) between a and b it sees only ESP.
# timeout: 90
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"

tb_line
tb_check "m forwards between a and b" tb_on a ping -c 1 -W 5 "$B4"
tb_ipsec esp-cbc tunnel required a "$A4" b "$B4"
marker="BTNS-PLAINTEXT-$(tb_key 8)"

tb_capture_start m eth1 middle
tb_check "TCP through m arrives intact" tb_tcp_transfer a b "$B4" 5001 "$marker tcp"
tb_check "UDP through m arrives intact" tb_udp_transfer a b "$B4" 5002 "$marker udp"
tb_capture_stop middle

tb_check "the tunnel SA a->b counted packets" tb_positive "$(tb_sa_packets b "$A4" "$B4" esp "$TB_SPI_AB")"
tb_check "m saw ESP" tb_positive "$(tb_pcap_count middle esp)"
tb_check "m saw no TCP or UDP" test "$(tb_pcap_count middle tcp or udp)" -eq 0
tb_check "m never saw the plaintext" tb_not tb_pcap_contains middle "$marker"
