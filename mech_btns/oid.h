/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mech_btns's mechanism OID, 1.3.6.1.4.1.32473.1.1: an arc of the
 * enterprise number that RFC 5612 reserves for documentation, until the
 * project has its own (see mech_btns(7)).  The mech.d line that the
 * build installs carries the same OID; a test checks that they agree.
 */
#ifndef BTNS_OID_H
#define BTNS_OID_H

#define BTNS_MECH_OID_STRING "1.3.6.1.4.1.32473.1.1"
#define BTNS_MECH_OID_DER "\x2b\x06\x01\x04\x01\x81\xfd\x59\x01\x01"
#define BTNS_MECH_OID_DER_LEN 10

#endif
