#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The public header includes nothing but the C library's <stdint.h>: no
# OpenSSL, krb5 or libmnl header, nothing a user would have to install.
set -eu
header=$1
includes=$(grep -E '^[[:space:]]*#[[:space:]]*include' "$header" | sed 's/[[:space:]]//g')
if [ "$includes" != "#include<stdint.h>" ]; then
	echo "$header includes more than <stdint.h>:"
	echo "$includes"
	exit 1
fi
echo "$header includes only <stdint.h>"
