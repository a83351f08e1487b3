#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Run every host end-to-end test: tests/e2e/test_*.sh. Usage: run.sh BUILD_DIR
# A test file that runs no tests, or exits non-zero without a failure, fails
# (tests/tally.sh); so does finding none (bash cannot run "test_*.sh").
set -u
O=$(cd "${1:-build}" && pwd)
export O
cd "$(dirname "$0")" || exit 1
. ../tally.sh
passed=0 failed=0
for t in test_*.sh; do
	out=$(bash "$t" 2>&1)
	rc=$?
	echo "$out"
	tally "$t" "$rc" "$out" '^e2e .*: [0-9]+ passed, [0-9]+ failed'
done
mkdir -p "$O/results"
echo "$passed passed, $failed failed" > "$O/results/e2e"
echo "e2e: $passed passed, $failed failed"
[ $failed -eq 0 ]
