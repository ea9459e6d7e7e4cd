#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# A policy that requires ESP, with no SA: the kernel asks the key manager
# for one (an ACQUIRE), and nothing leaves in clear: TCP and UDP fail, and
# the link sees none of it.
# timeout: 90
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"

tb_two_hosts
marker="BTNS-PLAINTEXT-$(tb_key 8)"
tb_capture_start b eth0 wire
# The control: before the policy, the same path works and is captured.
tb_check "without a policy, UDP arrives in clear" tb_udp_transfer a b "$B4" 5000 "control $marker"

tb_require_policy a "$A4" "$B4"
TB_WAIT=2 # nothing should arrive: no need to wait long for it
tb_on a ip xfrm monitor acquire >"$TB_WORK/acquire" 2>&1 &
TB_PIDS+=($!)
tb_check "under the policy, TCP cannot connect" tb_not tb_tcp_transfer a b "$B4" 5001 "$marker tcp"
tb_check "under the policy, UDP does not arrive" tb_not tb_udp_transfer a b "$B4" 5002 "$marker udp"
tb_capture_stop wire

tb_check "the kernel asked for an SA (ACQUIRE)" grep -q "acquire proto esp" "$TB_WORK/acquire"
tb_check "the capture saw the control datagram" tb_pcap_contains wire "control $marker"
tb_check "no TCP or UDP left a under the policy" \
	test "$(tb_pcap_count wire src host "$A4" and '(port 5001 or port 5002)')" -eq 0
tb_check "the TCP plaintext never crossed the link" tb_not tb_pcap_contains wire "$marker tcp"
tb_check "the UDP plaintext never crossed the link" tb_not tb_pcap_contains wire "$marker udp"
