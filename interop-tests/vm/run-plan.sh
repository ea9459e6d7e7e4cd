#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Runs the scenarios of RESULTS/plan, one after the other, each under its own
# timeout, and leaves for each NAME: NAME.log (its output), NAME.status (its
# exit status; 124 for a timeout) and NAME.seconds.  Runs in the test VM, or
# on the host when the host's kernel has ESP (BTNS_VM=host).
#
# RESULTS/plan has a line "NAME TIMEOUT PATH" per scenario; RESULTS/env
# holds KEY=VALUE lines exported to every scenario.  A scenario finds the
# results directory in BTNS_RESULTS: the lines it appends to
# BTNS_RESULTS/NAME.progress are shown on the host as they come.
set -u
results=$1
[ -f "$results/plan" ] || { echo "run-plan: no $results/plan"; exit 1; }
set -a
# shellcheck disable=SC1091
. "$results/env"
set +a
now() { cut -d' ' -f1 /proc/uptime; }

while read -r name timeout path; do
	start=$(now)
	echo "btns-vm: running $name"
	BTNS_SCENARIO=$name BTNS_RESULTS=$results BTNS_WORKDIR=$(mktemp -d "/tmp/btns-$name.XXXXXX") \
		timeout -k 5 "$timeout" bash "$path" >"$results/$name.log" 2>&1 </dev/null
	status=$?
	awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f\n", b - a }' >"$results/$name.seconds"
	# The status comes last: the host takes its arrival as "finished".
	echo "$status" >"$results/$name.status.tmp"
	mv "$results/$name.status.tmp" "$results/$name.status"
done <"$results/plan"
touch "$results/done"
