#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The public header includes nothing but the C library's <stdint.h>,
# <sys/socket.h> (for socklen_t) and <sys/types.h> (for ssize_t): no
# OpenSSL, krb5 or libmnl header, nothing a user would have to install.
set -eu
header=$1
includes=$(grep -E '^[[:space:]]*#[[:space:]]*include' "$header" | sed 's/[[:space:]]//g' | tr '\n' ' ')
if [ "$includes" != "#include<stdint.h> #include<sys/socket.h> #include<sys/types.h> " ]; then
	echo "$header includes more than <stdint.h>, <sys/socket.h> and <sys/types.h>:"
	echo "$includes"
	exit 1
fi
echo "$header includes only <stdint.h>, <sys/socket.h> and <sys/types.h>"
