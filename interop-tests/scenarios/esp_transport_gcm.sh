#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# ESP with AES-GCM in transport mode between two hosts: TCP and UDP, over
# IPv4 and IPv6, arrive intact; the SAs count the packets on both hosts; a
# capture on the link shows ESP and never the plaintext.
# timeout: 120
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"

tb_two_hosts
tb_ipsec esp-gcm transport required a "$A4" b "$B4"
spi4_ab=$TB_SPI_AB spi4_ba=$TB_SPI_BA
tb_ipsec esp-gcm transport required a "$A6" b "$B6"
spi6_ab=$TB_SPI_AB spi6_ba=$TB_SPI_BA
marker="BTNS-PLAINTEXT-$(tb_key 8)"

tb_capture_start b eth0 wire
tb_check "TCP over IPv4 arrives intact" tb_tcp_transfer a b "$B4" 5001 "$marker tcp4"
tb_check "UDP over IPv4 arrives intact" tb_udp_transfer a b "$B4" 5002 "$marker udp4"
tb_check "TCP over IPv6 arrives intact" tb_tcp_transfer a b "$B6" 5003 "$marker tcp6"
tb_check "UDP over IPv6 arrives intact" tb_udp_transfer a b "$B6" 5004 "$marker udp6"
tb_capture_stop wire

for host in a b; do
	tb_check "$host: the IPv4 SA a->b counted packets" tb_positive "$(tb_sa_packets "$host" "$A4" "$B4" esp "$spi4_ab")"
	tb_check "$host: the IPv6 SA a->b counted packets" tb_positive "$(tb_sa_packets "$host" "$A6" "$B6" esp "$spi6_ab")"
done
tb_check "the TCP replies used the IPv4 SA b->a" tb_positive "$(tb_sa_packets a "$B4" "$A4" esp "$spi4_ba")"
tb_check "the TCP replies used the IPv6 SA b->a" tb_positive "$(tb_sa_packets a "$B6" "$A6" esp "$spi6_ba")"
tb_check "the link carried ESP" tb_positive "$(tb_pcap_count wire esp)"
tb_check "no TCP or UDP crossed the link in clear" test "$(tb_pcap_count wire tcp or udp)" -eq 0
tb_check "the plaintext never crossed the link" tb_not tb_pcap_contains wire "$marker"
