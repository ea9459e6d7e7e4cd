#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# One scenario's result, as a ctest test: prints its output and exits with
# its status.  A scenario without a result failed: the suite never ran it.
#
# usage: report.sh [--expect-timeout] RESULTS NAME
# With --expect-timeout (the runner's self-test) a timeout is the pass.
expect_timeout=""
if [ "$1" = --expect-timeout ]; then
	expect_timeout=yes
	shift
fi
results=$1 name=$2
if [ ! -f "$results/$name.status" ]; then
	echo "$name: no result; the guest did not run it (see the output of vm.suite"
	echo "and $results/console.log)"
	exit 1
fi
cat "$results/$name.log"
status=$(cat "$results/$name.status")
if [ -n "$expect_timeout" ]; then
	case $status in
	124 | 137) echo "$name: stopped by its timeout, as expected"; exit 0 ;;
	*) echo "$name: ended with status $status, but its timeout should have stopped it"; exit 1 ;;
	esac
fi
case $status in
0) echo "$name: passed in $(cat "$results/$name.seconds")s" ;;
124 | 137) echo "$name: timed out" ;;
*) echo "$name: failed with status $status" ;;
esac
exit "$status"
