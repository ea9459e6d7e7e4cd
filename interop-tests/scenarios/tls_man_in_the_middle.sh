#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tls-bridge through a man in the middle with two SA pairs (a - m and
# m - b, m routing between them): each end sees ESP, but their IPsec
# channel bindings differ.  A server that requires the binding refuses the
# handshake and says why; one that prefers it carries on with ordinary,
# unbound TLS (never bridged, though both ends allow it), and says why.
# timeout: 150
. "$BTNS_SOURCE_DIR/interop-tests/lib/testbed.sh"
. "$BTNS_SOURCE_DIR/interop-tests/lib/tls.sh"

tb_line
tb_tunnel esp-gcm a "$A4" m "$M4A" "$A4/32" "$B4/32"
tb_tunnel esp-gcm m "$M4B" b "$B4" "$A4/32" "$B4/32"
tls_certificate
tls_connection 6102 prefer require
tb_check "b refused the handshake" test "$(tb_field b 6102 handshake)" = failed
tb_check "b says why: the bindings differ" \
	grep -q "^why=the IPsec channel bindings differ" "$TB_WORK/b-6102"
tb_check "a's handshake failed too" test "$(tb_field a 6102 handshake)" = failed
tb_check "no message passed" tb_not grep -q "^received=" "$TB_WORK/a-6102" "$TB_WORK/b-6102"
tls_connection 6103 prefer prefer bridging=both
tb_check "with prefer, the handshake is done" test "$(tb_field b 6103 handshake)" = ok
tb_check "b is not bound, and says the bindings differ" \
	grep -q "^why=the IPsec channel bindings differ" "$TB_WORK/b-6103"
tb_check "a is not bound, and says b did not verify" \
	grep -q "^why=the server did not verify" "$TB_WORK/a-6103"
tb_check "the ordinary TLS connection carries the messages" \
	test "$(tb_field b 6103 received)" = "message from the client"
tb_check "though both ends allow bridging, TLS encrypts: no NULL suite, no hand-over" \
	test "$(tb_field a 6103 transport)" = tls -a "$(tb_field b 6103 transport)" = tls -a \
	"$(tb_field a 6103 cipher)" != ECDHE-ECDSA-NULL-SHA
