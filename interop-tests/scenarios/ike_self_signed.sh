#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Peers without a CA (BTNS's case, with keys pinned by configuration):
# each charon is given the other's self-signed certificate.  The peer
# iToken has the other's certificate names (subject and issuer the same)
# and key, as openssl reads them, and the end-point binding of the two
# keys is the same on both ends: what an upper layer pins.
# timeout: 180
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/charon.sh"

tb_two_hosts
charon_pair_on_demand selfsigned
charon_on_demand_connection 5001
charon_check_certificates -self
