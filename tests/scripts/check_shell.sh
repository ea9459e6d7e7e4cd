#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Lints every shell script of the project (warnings and errors).
set -eu
top=$1
cd "$top"
scripts=$(git ls-files 2>/dev/null | while read -r f; do
	case $f in
	*.sh | scripts/* | .ci/run | interop-tests/vm/initramfs-init) echo "$f" ;;
	esac
done)
[ -n "$scripts" ] || scripts=$(find . -name '*.sh' -not -path './build*')
# shellcheck disable=SC2086 # one word per file
shellcheck -x -S warning $scripts
echo "$(echo "$scripts" | wc -w) shell scripts are clean"
