#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Run the check unit-test binaries given as arguments; tally their checks
# (tests/tally.sh: a binary that ran no check, printed no result or exited
# non-zero after no failure fails).
set -u
. "$(dirname "$0")/tally.sh"
# check's own 4 s a test is a hang detector that a loaded 2-core machine trips
# (a JSON check runs python3, at 0.7 s when idle); a test's tcase_set_timeout
# still wins
export CK_DEFAULT_TIMEOUT=${CK_DEFAULT_TIMEOUT:-60}
out_dir=${RESULTS:-}
passed=0 failed=0
for t in "$@"; do
	name=unit\ $(basename "$t")
	log=$(CK_FORK=yes "$t" 2>&1)
	rc=$?
	line=$(echo "$log" | grep -E '^[0-9]+%: Checks: ' | tail -1)
	echo "$name: ${line:-no result}"
	if [[ $line =~ Checks:\ ([0-9]+),\ Failures:\ ([0-9]+),\ Errors:\ ([0-9]+) ]]; then
		bad=$((BASH_REMATCH[2] + BASH_REMATCH[3]))
		log+=$'\n'"$name: $((BASH_REMATCH[1] - bad)) passed, $bad failed"
	fi
	[ $rc -ne 0 ] && echo "$log" | grep -E ':[EF]:|error|Error' | head -20
	tally "$name" $rc "$log" "^$name: [0-9]+ passed, [0-9]+ failed"
done
[ -n "$out_dir" ] && mkdir -p "$out_dir" && echo "$passed passed, $failed failed" > "$out_dir/unit"
echo "unit: $passed passed, $failed failed"
[ $failed -eq 0 ]
