#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Run the check unit-test binaries given as arguments; tally their checks.
set -u
out_dir=${RESULTS:-}
passed=0 failed=0
for t in "$@"; do
	log=$(CK_FORK=yes "$t" 2>&1)
	rc=$?
	line=$(echo "$log" | grep -E '^[0-9]+%: Checks: ' | tail -1)
	echo "unit $(basename "$t"): ${line:-no result}"
	if [ -n "$line" ]; then
		c=$(echo "$line" | sed -E 's/.*Checks: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2 \3/')
		set -- $c "$@"
		passed=$((passed + $1 - $2 - $3))
		failed=$((failed + $2 + $3))
		shift 3
	fi
	if [ $rc -ne 0 ] || [ -z "$line" ]; then
		echo "$log" | grep -vE '^[0-9]+%: Checks: ' | grep -E ':[EF]:|error|Error' | head -20
		[ -z "$line" ] && failed=$((failed + 1))
	fi
done
[ -n "$out_dir" ] && mkdir -p "$out_dir" && echo "$passed passed, $failed failed" > "$out_dir/unit"
echo "unit: $passed passed, $failed failed"
[ $failed -eq 0 ]
