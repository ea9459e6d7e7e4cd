#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The other IPsec protocols of the kernel: AH (HMAC-SHA-256, integrity only,
# the plaintext visible) between one pair of hosts, and IPComp (deflate)
# between another, which compresses what is worth compressing.
# timeout: 120
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"

tb_two_hosts
tb_ipsec ah transport required a "$A4" b "$B4"
marker="BTNS-PLAINTEXT-$(tb_key 8)"
tb_capture_start b eth0 ah
tb_check "TCP over AH arrives intact" tb_tcp_transfer a b "$B4" 5001 "$marker ah"
tb_capture_stop ah
tb_check "the AH SA a->b counted packets" tb_positive "$(tb_sa_packets b "$A4" "$B4" ah "$TB_SPI_AB")"
tb_check "the link carried AH" tb_positive "$(tb_pcap_count ah ah)"
tb_check "the plaintext is visible under AH" tb_pcap_contains ah "$marker"

# IPComp leaves small packets alone, so "use" lets those through plain.
tb_ipsec ipcomp transport use a "$A6" b "$B6"
payload="$marker $(head -c 3000 /dev/zero | tr '\0' 'z')"
tb_capture_start b eth0 comp
tb_check "a compressible TCP transfer arrives intact" tb_tcp_transfer a b "$B6" 5002 "$payload"
tb_capture_stop comp
tb_check "the link carried IPComp" tb_positive "$(tb_pcap_count comp ip6 proto 108)"
tb_check "the IPComp SA a->b counted packets" tb_positive "$(tb_sa_packets b "$A6" "$B6" comp "$TB_SPI_AB")"
