#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# make test's runner: every stage runs even if an earlier one failed, then
# one summary line. Usage: run-all.sh BUILD_DIR UNIT_BINS...
set -u
O=$1
shift
rm -rf "$O/results"
mkdir -p "$O/results"
status=0
RESULTS="$O/results" tests/run-unit.sh "$@" || status=1
tests/verifier.sh "$O" || status=1
tests/corpus.sh "$O" || status=1
tests/e2e/run.sh "$O" || status=1
tests/vm.sh "$O" || status=1
passed=0 failed=0
for f in "$O"/results/*; do
	read -r p _ f2 _ < "$f"
	passed=$((passed + p))
	failed=$((failed + f2))
done
echo
for f in "$O"/results/*; do printf '  %-9s %s\n' "$(basename "$f")" "$(cat "$f")"; done
echo "$passed passed, $failed failed"
[ $status -eq 0 ] && [ $failed -eq 0 ]
