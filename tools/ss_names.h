/* SPDX-License-Identifier: BSD-2-Clause */
/* The names ipsec-ss prints for the API's constants, in text and JSON. */
#ifndef IPSEC_SS_NAMES_H
#define IPSEC_SS_NAMES_H

#include <stdint.h>

/* "high", "established", "btns", "unique" ...: the constant's name in
 * lower case without its prefix; "unknown" for a value of no constant. */
const char *ss_value_name(uint16_t value);

#endif
