#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The kernel matrix: tests/vm/guest-check.sh under Debian's 6.1 and 6.12
# kernels (scripts/vm/run.sh fetches them once from the Debian registry).
set -u
O=${1:-build}
kernels=${TPGEN_VM_KERNELS:-"6.1.0-* 6.12*"}
passed=0 failed=0
for k in $kernels; do
	out=$(scripts/vm/run.sh --kernel "$k" --timeout 600 -- bash tests/vm/guest-check.sh "$O" 2>&1)
	rc=$?
	echo "$out"
	line=$(echo "$out" | grep -E '^vm .*: [0-9]+ passed, [0-9]+ failed$' | tail -1)
	if [ -z "$line" ]; then
		echo "vm $k: no result (run.sh exit status $rc)"
		failed=$((failed + 1))
		continue
	fi
	passed=$((passed + $(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')))
	failed=$((failed + $(echo "$line" | sed -E 's/.*, ([0-9]+) failed/\1/')))
done
mkdir -p "$O/results"
echo "$passed passed, $failed failed" > "$O/results/vm"
echo "vm: $passed passed, $failed failed"
[ $failed -eq 0 ]
