#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# make test's runner: every stage runs even if an earlier one failed, then
# one summary line. Each stage must leave "N passed, M failed" in
# BUILD_DIR/results/STAGE: a stage that leaves none, an unreadable one, or one
# that checked nothing (0 passed, 0 failed) counts as 1 failed (tests/tally.sh).
# Usage: run-all.sh BUILD_DIR UNIT_BINS...
set -u
O=$1
shift
stages=(format unit fuzz-replay verifier corpus e2e vm vm-arm64)
rm -rf "$O/results"
mkdir -p "$O/results"
status=0
scripts/format.sh --check "$O" || status=1
RESULTS="$O/results" tests/run-unit.sh "$@" || status=1
tests/fuzz/replay.sh "$O" || status=1
tests/verifier.sh "$O" || status=1
tests/corpus.sh "$O" || status=1
tests/e2e/run.sh "$O" || status=1
tests/vm.sh "$O" || status=1
tests/vm-arm64.sh "$O" || status=1
. tests/tally.sh
passed=0 failed=0
summary=()
for s in "${stages[@]}"; do
	line=
	[ -r "$O/results/$s" ] && read -r line < "$O/results/$s"
	p0=$passed f0=$failed
	tally "$s" 0 "$s: $line" "^$s: [0-9]+ passed, [0-9]+ failed$" > "$O/results/why"
	read -r why < "$O/results/why" || why=
	summary+=("$(printf '  %-11s %s passed, %s failed%s' "$s" $((passed - p0)) \
		$((failed - f0)) "${why:+ (${why#FAIL $s: })}")")
done
echo
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ $status -eq 0 ] && [ $failed -eq 0 ]
