#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Sourced by the benchmarks that run in the test VM, in a network namespace
# of their own:
#   esp_link [REQID]: a dummy link bench0 with the addresses 192.0.2.1 and
#   192.0.2.2, and an ESP SA pair between them (AES-GCM with a 256-bit key,
#   transport mode), of reqid REQID if given.
#   The two addresses are local: the kernel applies no SPD between them
#   (the loopback route skips it), so the programs require ESP on their
#   sockets (bench/esp_pair.c).

# esp_key N: N random octets in hex.
esp_key() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

esp_link() {
	local reqid=()
	[ $# -gt 0 ] && reqid=(reqid "$1")
	ip link set lo up
	ip link add bench0 type dummy
	ip link set bench0 up
	ip addr add 192.0.2.1/24 dev bench0
	ip addr add 192.0.2.2/24 dev bench0
	ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x1001 "${reqid[@]}" \
		mode transport aead 'rfc4106(gcm(aes))' "0x$(esp_key 36)" 128
	ip xfrm state add src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x1002 "${reqid[@]}" \
		mode transport aead 'rfc4106(gcm(aes))' "0x$(esp_key 36)" 128
}
