#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Run every host end-to-end test: tests/e2e/test_*.sh. Usage: run.sh BUILD_DIR
set -u
O=$(cd "${1:-build}" && pwd)
export O
cd "$(dirname "$0")"
passed=0 failed=0
for t in test_*.sh; do
	out=$(bash "$t" 2>&1)
	echo "$out"
	line=$(echo "$out" | grep -E '^e2e .*: [0-9]+ passed, [0-9]+ failed' | tail -1)
	if [ -z "$line" ]; then
		echo "  FAIL $t: no result line"
		failed=$((failed + 1))
		continue
	fi
	p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed/\1/')
	f=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed/\2/')
	passed=$((passed + p))
	failed=$((failed + f))
done
mkdir -p "$O/results"
echo "$passed passed, $failed failed" > "$O/results/e2e"
echo "e2e: $passed passed, $failed failed"
[ $failed -eq 0 ]
