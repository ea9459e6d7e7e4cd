#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Runs a test program against a throwaway KDC (kdc.sh), in a network
# namespace of its own: the user's ticket is the default ccache, the
# service's keytab the default keytab.
#   with_kdc.sh PROGRAM [ARGS...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/kdc.sh"
kdc_enter_netns "$0" "$@"
trap kdc_stop EXIT
kdc_start
"$@"
