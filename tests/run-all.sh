#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# make test's runner: every stage runs even if an earlier one failed, then
# one summary line. Each stage must leave "N passed, M failed" in
# BUILD_DIR/results/STAGE: a stage that leaves none, an unreadable one, or one
# that checked nothing (0 passed, 0 failed) counts as 1 failed.
# Usage: run-all.sh BUILD_DIR UNIT_BINS...
set -u
O=$1
shift
stages=(format unit verifier corpus e2e vm)
rm -rf "$O/results"
mkdir -p "$O/results"
status=0
scripts/format.sh --check "$O" || status=1
RESULTS="$O/results" tests/run-unit.sh "$@" || status=1
tests/verifier.sh "$O" || status=1
tests/corpus.sh "$O" || status=1
tests/e2e/run.sh "$O" || status=1
tests/vm.sh "$O" || status=1
passed=0 failed=0
summary=()
for s in "${stages[@]}"; do
	f=$O/results/$s
	line=
	[ -r "$f" ] && read -r line < "$f"
	if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		p=${BASH_REMATCH[1]} f2=${BASH_REMATCH[2]}
		if [ $((p + f2)) -eq 0 ]; then
			line="$line: nothing checked, counted as 1 failed"
			f2=1
		fi
	elif [ -e "$f" ]; then
		line="unreadable result '$line', counted as 1 failed"
		p=0 f2=1
	else
		line="no result in $f, counted as 1 failed"
		p=0 f2=1
	fi
	passed=$((passed + p))
	failed=$((failed + f2))
	summary+=("$(printf '  %-9s %s' "$s" "$line")")
done
echo
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ $status -eq 0 ] && [ $failed -eq 0 ]
