# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# shellcheck shell=bash
# Sourced by the runners that add up test files' results (tests/e2e/run.sh,
# tests/vm/guest-run.sh, tests/vm.sh): tally, so that a file that ran nothing
# or died half-way cannot pass.

# tally WHAT RC OUTPUT RESULT_RE: adds to $passed and $failed the counts of the
# last line of OUTPUT that matches RESULT_RE ("...: N passed, M failed"). WHAT
# (a file, a kernel) fails, saying why on stdout, when there is no such line
# (then its "  ok" and "  FAIL" lines count, and at least one failure), when it
# ran nothing (0 passed, 0 failed), or when RC is not 0 after 0 failures.
tally() {
	local what=$1 rc=$2 out=$3 re=$4 line p f
	line=$(printf '%s\n' "$out" | grep -E "$re" | tail -1)
	if [ -z "$line" ]; then
		echo "  FAIL $what: no result line (exit status $rc)"
		p=$(printf '%s\n' "$out" | grep -c '^  ok   ')
		f=$(printf '%s\n' "$out" | grep -c '^  FAIL ')
		[ "$f" -gt 0 ] || f=1
	else
		p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed.*/\1/')
		f=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed.*/\2/')
		if [ $((p + f)) -eq 0 ]; then
			echo "  FAIL $what: ran no tests"
			f=1
		elif [ "$f" -eq 0 ] && [ "$rc" -ne 0 ]; then
			echo "  FAIL $what: exit status $rc after 0 failures"
			f=1
		fi
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}
